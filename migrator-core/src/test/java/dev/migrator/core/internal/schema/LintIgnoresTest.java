package dev.migrator.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.spi.ParsedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;

class LintIgnoresTest {

    private static final String SCRIPT = String.join("\n",
            "CREATE TABLE a (id int);", // 1
            "-- migrator:lint-ignore PG001 small table, built at night", // 2
            "", // 3
            "-- MIGRATOR:LINT-IGNORE pg009   renamed with the app stopped", // 4
            "CREATE INDEX a_idx ON a (id);", // 5
            "# migrator:lint-ignore MY004", // 6
            "-- migrator:lint-ignore", // 7
            "DROP TABLE a;"); // 8

    private static final List<ParsedStatement> STATEMENTS = List.of(
            new ParsedStatement("CREATE TABLE a (id int)", 1, false),
            new ParsedStatement("CREATE INDEX a_idx ON a (id)", 5, false),
            new ParsedStatement("DROP TABLE a", 8, false));

    @Test
    void ignore_commentLinesAboveAStatement_bindToThatStatementOnly() {
        LintIgnores ignores = LintIgnores.of(SCRIPT, STATEMENTS);

        assertThat(ignores.reason(1, "PG001")).contains("small table, built at night");
        assertThat(ignores.reason(1, "pg009")).contains("renamed with the app stopped");
        assertThat(ignores.reason(0, "PG001")).isEmpty();
        assertThat(ignores.reason(2, "PG001")).isEmpty();
    }

    @Test
    void ignore_withoutReasonOrRule_isReportedAndSuppressesNothing() {
        LintIgnores ignores = LintIgnores.of(SCRIPT, STATEMENTS);

        assertThat(ignores.reason(2, "MY004")).isEmpty();
        assertThat(ignores.unexplained()).containsExactly(new LintIgnores.Unexplained(2, "<RULE>", 7),
                new LintIgnores.Unexplained(2, "MY004", 6));
    }

    @Test
    void ignore_afterAStatementOnTheSameLine_doesNotReachTheNextOne() {
        String text = "SELECT 1; -- migrator:lint-ignore PG001 not here\nCREATE INDEX b ON a (id);";
        LintIgnores ignores = LintIgnores.of(text, List.of(new ParsedStatement("SELECT 1", 1, false),
                new ParsedStatement("CREATE INDEX b ON a (id)", 2, false)));

        assertThat(ignores.reason(1, "PG001")).isEmpty();
    }
}

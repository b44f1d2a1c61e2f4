package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.testkit.MigrateContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * migrate() on the JDBC servers: the test kit's {@link MigrateContract} (order, history rows, idempotence, an upper
 * version), and what only SQL text shows.
 */
abstract class AbstractMigrateTest extends MigrateContract {

    @Test
    void migrate_semicolonsInCommentsAndStrings_doNotSplitStatements() {
        MigrationManager m = manager(Script.of("1", "tricky_text", "-- a comment; with a semicolon\n"
                + "CREATE TABLE notes (id int primary key, body varchar(100));\n"
                + "/* a block comment; also with one */\n"
                + "INSERT INTO notes VALUES (1, 'a;b');\n"
                + "INSERT INTO notes VALUES (2, 'it''s; fine');\n", null));

        m.migrate();

        assertThat(database().read(defaultSchema(), "notes")).extracting(r -> (Object) r.get("body"))
                .containsExactly("a;b", "it's; fine");
        assertThat(historyRow("1").statementsCompleted()).isEqualTo(3);
    }
}

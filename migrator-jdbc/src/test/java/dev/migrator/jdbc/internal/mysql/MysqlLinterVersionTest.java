package dev.migrator.jdbc.internal.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.LintThreshold;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptLinter;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What ALGORITHM=INSTANT covers depends on the server's version: the same statements on the same big table (live
 * MariaDB), judged as if the server were older or MySQL.
 */
class MysqlLinterVersionTest {

    private static TestDatabase db;
    private static Connection connection;

    @BeforeAll
    static void fixture() throws Exception {
        db = TestDatabases.mariadb();
        connection = db.connect();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, a INT, c TEXT) ENGINE=InnoDB");
            s.execute("INSERT INTO big SELECT seq, seq, 'y' FROM seq_1_to_3000");
            s.execute("ANALYZE TABLE big");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        connection.close();
        db.close();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', value = {
        "ALTER TABLE big ADD COLUMN d INT                          | 10.11.6-MariaDB | ''",
        "ALTER TABLE big ADD COLUMN d INT                          | 10.2.44-MariaDB | MY001:WARNING",
        "ALTER TABLE big ADD COLUMN d INT FIRST                    | 10.3.39-MariaDB | MY001:WARNING",
        "ALTER TABLE big ADD COLUMN d INT AFTER id                 | 8.0.28          | MY001:WARNING",
        "ALTER TABLE big ADD COLUMN d INT AFTER id                 | 8.0.29          | ''",
        "ALTER TABLE big ADD COLUMN d INT, ALGORITHM=INSTANT       | 8.0.12          | ''",
        "ALTER TABLE big ADD COLUMN d INT FIRST, ALGORITHM=INSTANT | 8.0.28          | MY003:ERROR",
        "ALTER TABLE big DROP COLUMN c, ALGORITHM=INSTANT          | 10.3.39-MariaDB | MY003:ERROR MY004:WARNING",
        "ALTER TABLE big DROP COLUMN c                             | 8.0.29          | MY004:WARNING"
    })
    void instantSupport_decidesTheFinding(String sql, String version, String expected) {
        MysqlLinter linter = new MysqlLinter(connection, db.database(), new LintThreshold(1000, 1L << 40), "test")
                .withServer(MysqlServer.parse(version));

        List<ScriptLinter.Finding> findings = linter.lint(new ScriptLinter.Input("V1__t", false,
                List.of(new ParsedStatement(sql, 1, false))));

        assertThat(findings).extracting(f -> f.ruleId() + ":" + f.severity()).containsExactlyInAnyOrder(
                expected.isEmpty() ? new String[0] : expected.split(" "));
    }
}

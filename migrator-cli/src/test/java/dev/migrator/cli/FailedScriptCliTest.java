package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script that fails part-way on MariaDB, from the command line: the error says what to do in the tool's own commands
 * and flags, and {@code migrate --resume-failed} continues from the first statement not counted once the cause is fixed.
 * Scripts are named as their files are ({@code 000002_move_money}), with a procedure written without DELIMITER.
 */
class FailedScriptCliTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private Path scripts;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.mariadb();
        scripts = Files.createDirectories(dir.resolve("db"));
        env.putAll(CliRun.environment(db));
        Files.writeString(scripts.resolve("000001_create_accounts.sql"), """
                CREATE TABLE accounts (id INT PRIMARY KEY, balance INT NOT NULL);
                CREATE PROCEDURE seed(n INT)
                BEGIN
                  DECLARE i INT DEFAULT 0;
                  WHILE i < n DO
                    INSERT INTO accounts VALUES (i, 100);
                    SET i = i + 1;
                  END WHILE;
                END;
                CALL seed(5);
                """);
        Files.writeString(scripts.resolve("000002_move_money.sql"), """
                CREATE TABLE transfers (id INT PRIMARY KEY);
                UPDATE accounts SET balance = balance - 10 WHERE id = 1;
                UPDATE accounts SET balance = balance + 10 WHERE id = 2;
                INSERT INTO accounts VALUES (1, 0);
                """);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private CliRun cli(String... args) {
        return CliRun.of(env, dir, args);
    }

    private List<String> balances() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, balance FROM accounts ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "=" + rs.getInt(2));
            }
        }
        return rows;
    }

    @Test
    void migrate_scriptFailsPartWay_errorSpeaksCliAndResumeFailedContinuesAfterTheFix() throws Exception {
        CliRun failed = cli("migrate", "--location", "db");

        assertThat(failed.exit()).as(failed.all()).isNotZero();
        assertThat(failed.err()).contains("000002_move_money (").doesNotContain("V000002__")
                .contains("migrator migrate --resume-failed").contains("migrator repair")
                .doesNotContain("resumeFailed(true)").doesNotContain("repair()");
        // The two updates ran in one transaction with the failing insert and were rolled back with it; the table stays.
        assertThat(balances()).containsExactly("0=100", "1=100", "2=100", "3=100", "4=100");

        CliRun refused = cli("migrate", "--location", "db");
        assertThat(refused.exit()).as(refused.all()).isNotZero();
        assertThat(refused.err()).contains("migrator migrate --resume-failed").doesNotContain("resumeFailed(true)");

        CliRun validate = cli("validate", "--location", "db");
        assertThat(validate.out()).contains("migrator migrate --resume-failed").contains("migrator repair")
                .doesNotContain("resumeFailed(true)").doesNotContain("repair()");
        CliRun validateJson = cli("validate", "--location", "db", "--json");
        assertThat(validateJson.out()).contains("migrator migrate --resume-failed").doesNotContain("resumeFailed(true)");

        CliRun status = cli("status", "--location", "db");
        assertThat(status.out()).contains("failed").doesNotContain("Up to date.");

        Files.writeString(scripts.resolve("000002_move_money.sql"), """
                CREATE TABLE transfers (id INT PRIMARY KEY);
                UPDATE accounts SET balance = balance - 10 WHERE id = 1;
                UPDATE accounts SET balance = balance + 10 WHERE id = 2;
                INSERT INTO accounts VALUES (5, 0);
                """);
        CliRun resumed = cli("migrate", "--location", "db", "--resume-failed");

        assertThat(resumed.exit()).as(resumed.all()).isZero();
        assertThat(balances()).containsExactly("0=100", "1=90", "2=110", "3=100", "4=100", "5=0");
        CliRun after = cli("status", "--location", "db");
        assertThat(after.out()).contains("Up to date.").doesNotContain("failed");
    }
}

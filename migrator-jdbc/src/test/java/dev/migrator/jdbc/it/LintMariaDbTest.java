package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class LintMariaDbTest extends AbstractLintTest {

    LintMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    @Override
    void createFixture() {
        sql("CREATE TABLE big (id BIGINT PRIMARY KEY, a INT, b VARCHAR(20), c TEXT, ref BIGINT)"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                "INSERT INTO big SELECT seq, seq, 'x', 'y', NULL FROM seq_1_to_3000",
                "CREATE TABLE small (id INT PRIMARY KEY, a INT, b VARCHAR(20)) ENGINE=InnoDB",
                "INSERT INTO small VALUES (1, 1, 'a'), (2, 2, 'b')",
                "CREATE TABLE vacant (id INT PRIMARY KEY, a INT) ENGINE=InnoDB",
                "CREATE TABLE parent (id BIGINT PRIMARY KEY) ENGINE=InnoDB",
                "ANALYZE TABLE big, small");
    }

    @Override
    String corpus() {
        return "/lint/mariadb-corpus.sql";
    }

    /** MY003 says the server refuses the statement: it does, and the table is unchanged. */
    @Test
    void impossibleAlgorithm_theServerRefusesTheStatementAsTheLinterSays() throws SQLException {
        createFixture();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            for (String statement : java.util.List.of("ALTER TABLE big MODIFY COLUMN a BIGINT, ALGORITHM=INSTANT",
                    "ALTER TABLE big MODIFY COLUMN a BIGINT, LOCK=NONE",
                    "ALTER TABLE big ADD FULLTEXT INDEX big_c_ft (c), LOCK=NONE")) {
                assertThatThrownBy(() -> s.execute(statement)).as(statement).isInstanceOf(SQLException.class);
            }
        }
        assertThat(queryStrings("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = 'big' AND COLUMN_NAME = 'a'", db.database())).containsExactly("int(11)");
    }
}

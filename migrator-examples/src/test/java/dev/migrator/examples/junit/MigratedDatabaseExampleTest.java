package dev.migrator.examples.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.examples.junit.MigratedDatabaseExtension.MigratedSchema;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tests that each get a freshly migrated schema from {@link MigratedDatabaseExtension}: the start-up example's scripts
 * ({@code classpath:db/migration}: users, sessions, a trigger, a view) applied to a schema of their own, dropped after
 * the test. Whichever test runs second sees none of the first one's rows, nor its schema.
 */
class MigratedDatabaseExampleTest {

    // tag::extension[]
    // The server: here a fresh database from the test servers (dropped after the class); in an application, its own
    // test database's URL.
    @RegisterExtension
    static final MigratedDatabaseExtension DATABASE = MigratedDatabaseExtension
            .on(() -> {
                TestDatabase db = TestDatabases.postgres();
                return new MigratedDatabaseExtension.Server(db.url(), db.user(), db.password(), db);
            })
            .locations("classpath:db/migration");
    // end::extension[]

    // tag::test[]
    @Test
    void signUp_insertsAUser_andTheTriggerKeepsUpdatedAt(MigratedSchema schema) throws SQLException {
        assertThat(schema.migration().applied()).hasSize(4);
        try (Connection c = schema.connect(); Statement s = c.createStatement()) {
            assertThat(strings(s, "SELECT count(*) FROM users")).containsExactly("0");
            s.execute("INSERT INTO users (email, display_name, updated_at) VALUES ('ada@example.com', 'Ada', '2020-01-01')");
            s.execute("UPDATE users SET display_name = 'Ada L.'");

            assertThat(strings(s, "SELECT display_name, updated_at > '2020-01-02' FROM users")).containsExactly("Ada L.|t");
            assertThat(onlyTestSchema(s)).containsExactly(schema.name());
        }
    }
    // end::test[]

    @Test
    void activeSessions_showsOnlyUnexpiredSessions(MigratedSchema schema) throws SQLException {
        assertThat(schema.migration().applied()).extracting(e -> e.version().toString()).containsExactly("1", "2", "3", "4");
        try (Connection c = schema.connect(); Statement s = c.createStatement()) {
            assertThat(strings(s, "SELECT count(*) FROM users")).containsExactly("0");
            s.execute("INSERT INTO users (email, display_name) VALUES ('grace@example.com', 'Grace')");
            s.execute("INSERT INTO sessions (id, user_id, expires_at) SELECT gen_random_uuid(), id, now() + interval '1 hour'"
                    + " FROM users");
            s.execute("INSERT INTO sessions (id, user_id, expires_at) SELECT gen_random_uuid(), id, now() - interval '1 hour'"
                    + " FROM users");

            assertThat(strings(s, "SELECT email FROM active_sessions")).containsExactly("grace@example.com");
            assertThat(strings(s, "SELECT count(*) FROM migrator_history WHERE success")).containsExactly("4");
            assertThat(onlyTestSchema(s)).containsExactly(schema.name());
        }
    }

    /** The schemas made by the extension that exist now: the other test's was dropped after it. */
    private static List<String> onlyTestSchema(Statement s) throws SQLException {
        return strings(s, "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'it\\_%'");
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}

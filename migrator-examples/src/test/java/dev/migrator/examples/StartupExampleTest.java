package dev.migrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.ExecutedScript;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start-up example's scripts and code, run against a real PostgreSQL (the README's quick start). */
class StartupExampleTest {

    private TestDatabase db;
    private StartupExample.Database database;

    @BeforeEach
    void createDatabase() {
        db = TestDatabases.postgres();
        database = new StartupExample.Database(db.url(), db.user(), db.password());
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void startApplication_twiceOnOneDatabase_appliesAllThenNothing() throws SQLException {
        MigrateResult first = StartupExample.startApplication(database);
        MigrateResult second = StartupExample.startApplication(database);

        assertThat(first.applied()).extracting(s -> s.version().toString()).containsExactly("1", "2", "3", "4");
        assertThat(first.applied()).extracting(ExecutedScript::name)
                .containsExactly("create_users", "create_sessions", "users_updated_at_trigger", "active_sessions_view");
        assertThat(second.applied()).isEmpty();
        assertThat(relations()).contains("users", "sessions", "active_sessions");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (email, display_name) VALUES ('ada@example.com', 'Ada')");
            s.execute("INSERT INTO sessions (id, user_id, expires_at) SELECT gen_random_uuid(), id,"
                    + " now() + interval '1 hour' FROM users");
            try (ResultSet rs = s.executeQuery("SELECT email FROM active_sessions")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ada@example.com");
            }
        }
    }

    @Test
    void rollback_allFourScripts_leavesOnlyTheHistoryTable() throws SQLException {
        StartupExample.startApplication(database);
        try (MigrationManager manager = MigrationManager.builder()
                .connection("app", database.url(), database.user(), database.password())
                .locations("classpath:db/migration")
                .build()) {
            assertThat(manager.rollback(4).rolledBack()).extracting(s -> s.version().toString())
                    .containsExactly("4", "3", "2", "1");
            assertThat(manager.status().scripts()).extracting(ScriptStatus::state).containsOnly(ScriptState.PENDING);
        }
        assertThat(relations()).doesNotContain("users", "sessions", "active_sessions");
        assertThat(StartupExample.startApplication(database).applied()).hasSize(4);
    }

    private List<String> relations() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}

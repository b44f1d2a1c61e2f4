package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackupRequest;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Target;
import dev.migrator.api.Transforms;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data migration from a MongoDB collection into a PostgreSQL table: documents become rows. It needs both servers, so
 * it is no test-kit suite; the data migrations every backend passes are the kit's {@code DataMigrationContract}.
 */
class MongoIntoPostgresDataMigrationTest extends MongoItSupport {

    @TempDir
    Path dir;

    private MigrationManager dataManager() {
        return track(builder().backupDirectory(dir.resolve("backups")).build());
    }

    @Test
    void migrateData_collectionIntoPostgres_convertsDocumentsToRows() throws Exception {
        db.database().getCollection("users").insertMany(List.of(
                new Document("_id", 1L).append("email", "a@example.com").append("plan", "pro")
                        .append("since", java.util.Date.from(java.time.Instant.parse("2025-01-02T03:04:05Z"))),
                new Document("_id", 2L).append("email", "b@example.com").append("plan", "free")
                        .append("since", java.util.Date.from(java.time.Instant.parse("2025-02-03T04:05:06Z")))));
        try (TestDatabase pg = TestDatabases.postgres()) {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, plan text, since timestamptz)");
            }
            MigrationManager m = track(MigrationManager.builder()
                    .connection("mongo", db.uri(), null, null)
                    .connection("core", pg.url(), pg.user(), pg.password())
                    .backupDirectory(dir.resolve("backups")).build());

            DataMigrationResult r = m.migrateData(DataMigration.builder("users_to_pg")
                    .source(RecordSource.collection("mongo", "users"))
                    .transform(Transforms.rename("_id", "id"))
                    .target(DataTarget.of("core", "users", "id")).build());

            assertThat(r.written()).isEqualTo(2);
            List<String> rows = new ArrayList<>();
            try (Connection c = pg.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, email, plan, extract(epoch FROM since)::bigint FROM users ORDER BY id")) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getLong(4));
                }
            }
            assertThat(rows).containsExactly("1|a@example.com|pro|1735787045", "2|b@example.com|free|1738555506");
        }
    }

    /**
     * Regression: a MongoDB backup read as a data migration source gave its Extended JSON wrappers as values
     * ({@code {"$numberLong": "1"}}, {@code {"$date": ...}}) instead of the documents' values.
     */
    @Test
    void migrateData_fromAMongoBackupIntoPostgres_readsTheDocumentsValues_notTheirJsonWrappers() throws Exception {
        db.database().getCollection("users").insertMany(List.of(
                new Document("_id", 1L).append("email", "a@example.com").append("visits", 7)
                        .append("since", java.util.Date.from(java.time.Instant.parse("2025-01-02T03:04:05Z"))),
                new Document("_id", 2L).append("email", "b@example.com").append("visits", 9)
                        .append("since", java.util.Date.from(java.time.Instant.parse("2025-02-03T04:05:06Z")))));
        try (TestDatabase pg = TestDatabases.postgres()) {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, visits integer, since timestamptz)");
            }
            MigrationManager m = track(MigrationManager.builder()
                    .connection("mongo", db.uri(), null, null)
                    .connection("core", pg.url(), pg.user(), pg.password())
                    .backupDirectory(dir.resolve("backups")).build());
            String backup = m.backupOperations().backup(BackupRequest.builder()
                    .target(Target.of("mongo", db.database().getName())).tables(db.database().getName() + ".users").build()).id();

            DataMigrationResult r = m.data().migrate(DataMigration.builder("users_from_backup")
                    .source(RecordSource.backup(backup, db.database().getName() + ".users", null))
                    .transform(Transforms.rename("_id", "id"))
                    .target(DataTarget.of("core", "users", "id")).build());

            assertThat(r.written()).isEqualTo(2);
            assertThat(pgRows(pg, "SELECT id, email, visits, extract(epoch FROM since)::bigint FROM users ORDER BY id"))
                    .containsExactly("1|a@example.com|7|1735787045", "2|b@example.com|9|1738555506");
        }
    }

    @Test
    void migrateData_fromAMongoBackup_withNoMongoConnectionToDecodeIt_isRefusedNamingWhatToAdd() throws Exception {
        db.database().getCollection("users").insertOne(new Document("_id", 1L).append("email", "a@example.com"));
        String backup = track(builder().backupDirectory(dir.resolve("backups")).build()).backupOperations()
                .backup(BackupRequest.builder().tables(db.database().getName() + ".users").build()).id();
        try (TestDatabase pg = TestDatabases.postgres()) {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL)");
            }
            MigrationManager pgOnly = track(MigrationManager.builder()
                    .connection("core", pg.url(), pg.user(), pg.password())
                    .backupDirectory(dir.resolve("backups")).build());

            assertThatThrownBy(() -> pgOnly.data().migrate(DataMigration.builder("users_from_backup")
                    .source(RecordSource.backup(backup, db.database().getName() + ".users", null))
                    .transform(Transforms.rename("_id", "id"))
                    .target(DataTarget.of("core", "users", "id")).build()))
                    .isInstanceOf(DataMigrationException.class)
                    .hasMessageContaining("holds mongodb documents; reading them as records needs a mongodb connection")
                    .hasMessageContaining("Nothing was written.");
            assertThat(pgRows(pg, "SELECT id FROM users")).isEmpty();
        }
    }

    private static List<String> pgRows(TestDatabase pg, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}

package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataTarget;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain PostgreSQL table copies through the native path (COPY text passed through without decoding a value): every
 * common type arrives as it was, text and uuid keys bound batches safely, a failed batch leaves exactly the batches
 * before it committed and the next run resumes after them, and a target that held rows at the start takes the record
 * path. Which path ran is read from the source table's scans (index or sequential, as the planner likes): the native
 * path scans the table twice per batch (the batch's last key, then its COPY), the record path once for the whole
 * table, besides a count and the verification's reads.
 */
class PostgresNativeCopyTest extends ItSupport {

    @TempDir
    Path dir;

    PostgresNativeCopyTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    private MigrationManager manager() {
        return track(builder().backupDirectory(dir.resolve("backups")).build());
    }

    private static DataMigration copy(String name, String from, String to, String key) {
        return DataMigration.builder(name).source(RecordSource.table(CORE, from))
                .target(DataTarget.of(CORE, to, key)).build();
    }

    /**
     * The scans of a table counted so far (index and sequential). A session's statistics reach the server's when the session ends (the
     * migration's reader has closed its connection), a moment later: wait until they pass {@code atLeast}, at most 5 s.
     */
    private long scans(String schema, String table, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long scans;
        do {
            scans = queryLong("SELECT coalesce(idx_scan, 0) + seq_scan FROM pg_stat_user_tables WHERE schemaname = ? AND relname = ?",
                    schema, table);
            if (scans >= atLeast) {
                return scans;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return scans;
    }

    @Test
    void migrateData_plainCopyOfEveryCommonType_targetEqualsTheSource() throws Exception {
        PostgresBackupTest.ALL_TYPES_DDL.forEach(this::sql);
        PostgresBackupTest.ALL_TYPES_ROWS.forEach(this::sql);
        // More rows than one batch: copies of the edge-value rows, the all-null row among them.
        sql("INSERT INTO all_types SELECT g, s, b, n, r, d, flag, t, vc, ch, bin, dt, tm, ts, tstz, u, j, jb, ints, texts, "
                + "iv, ip, m FROM generate_series(4, 2500) g JOIN all_types a ON a.id = 1 + g % 3");
        String to = uniqueSchema("nc_all");
        createSchema(to);
        sql("CREATE TABLE " + q(to) + ".all_types (LIKE public.all_types INCLUDING ALL)");

        DataMigrationResult r = manager().migrateData(copy("native_all_types", "public.all_types", to + ".all_types", "id"),
                DataMigrationOptions.builder().batchSize(500).build());

        assertThat(r.read()).isEqualTo(2_500);
        assertThat(r.written()).isEqualTo(2_500);
        assertThat(r.types()).containsKey("all_types");
        assertThat(dump(to, "all_types")).hasSize(2_500).containsExactlyElementsOf(dump("public", "all_types"));
        assertThat(r.verification()).hasValueSatisfying(v -> assertThat(v.isValid()).as("%s", v.problems()).isTrue());
        assertThat(scans("public", "all_types", 10)).as("scans of the source: 2 per batch of 5").isGreaterThanOrEqualTo(10);
        MigrationManager m = manager();
        assertThat(m.dataStatus(copy("native_all_types", "public.all_types", to + ".all_types", "id")))
                .satisfies(s -> {
                    assertThat(s.state()).isEqualTo(DataMigrationStatus.State.COMPLETED);
                    assertThat(s.position()).isEqualTo(2_500);
                    assertThat(s.written()).isEqualTo(2_500);
                });
    }

    @Test
    void migrateData_textKeysWithQuotesAndBackslashes_eachBoundsABatchSafely() throws Exception {
        String from = uniqueSchema("nc_txt");
        createSchema(from);
        sql("CREATE TABLE " + q(from) + ".people (k text PRIMARY KEY, v int, note text)",
                "CREATE TABLE " + q(from) + ".people_copy (k text PRIMARY KEY, v int, note text)");
        List<String> keys = List.of("o'brien", "''", "'", "a\\b", "\\", "x'); DROP TABLE people; --", "line\nbreak",
                "tab\there", "\u00e9t\u00e9", "\u4e2d\ud83d\ude00", "plain", " space", "O'BRIEN", "z");
        List<String> inserts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            inserts.add("INSERT INTO " + q(from) + ".people VALUES ('" + keys.get(i).replace("'", "''") + "', " + i
                    + ", 'n" + i + "')");
        }
        inserts.forEach(this::sql);

        // Batches of 1 and 3: every key is some batch's bound, written into COPY as a literal.
        MigrationManager m = manager();
        DataMigrationResult r = m.migrateData(copy("native_text_keys", from + ".people", from + ".people_copy", "k"),
                DataMigrationOptions.builder().batchSize(1).backup(false).build());

        assertThat(r.written()).isEqualTo(keys.size());
        assertThat(dump(from, "people_copy")).containsExactlyElementsOf(dump(from, "people"));
        assertThat(tableExists(from, "people")).isTrue();
        assertThat(scans(from, "people", 2L * keys.size())).isGreaterThanOrEqualTo(2L * keys.size());

        sql("TRUNCATE " + q(from) + ".people_copy");
        DataMigrationResult again = m.migrateData(copy("native_text_keys_3", from + ".people", from + ".people_copy", "k"),
                DataMigrationOptions.builder().batchSize(3).backup(false).build());
        assertThat(again.written()).isEqualTo(keys.size());
        assertThat(dump(from, "people_copy")).containsExactlyElementsOf(dump(from, "people"));
    }

    @Test
    void migrateData_uuidKeys_copyEveryRowOnce() throws Exception {
        String from = uniqueSchema("nc_uuid");
        createSchema(from);
        sql("CREATE TABLE " + q(from) + ".things (id uuid PRIMARY KEY, n int)",
                "INSERT INTO " + q(from) + ".things SELECT gen_random_uuid(), g FROM generate_series(1, 1000) g",
                "INSERT INTO " + q(from) + ".things VALUES ('00000000-0000-0000-0000-000000000000', 0), "
                        + "('ffffffff-ffff-ffff-ffff-ffffffffffff', -1)",
                "CREATE TABLE " + q(from) + ".things_copy (id uuid PRIMARY KEY, n int)");

        DataMigrationResult r = manager().migrateData(copy("native_uuid", from + ".things", from + ".things_copy", "id"),
                DataMigrationOptions.builder().batchSize(97).backup(false).build());

        assertThat(r.written()).isEqualTo(1_002);
        assertThat(rowCount(from, "things_copy")).isEqualTo(1_002);
        assertThat(dump(from, "things_copy")).containsExactlyElementsOf(dump(from, "things"));
        assertThat(scans(from, "things", 20)).isGreaterThanOrEqualTo(20);
    }

    @Test
    void migrateData_nativeBatchFailsPartWay_keepsTheBatchesBeforeAndResumesAfterThem() throws Exception {
        String from = uniqueSchema("nc_res");
        createSchema(from);
        sql("CREATE TABLE " + q(from) + ".items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2))",
                "INSERT INTO " + q(from) + ".items SELECT g, 'item ' || g, g / 4.0 FROM generate_series(1, 1000) g",
                // Row 250 is in the third batch of 100.
                "CREATE TABLE " + q(from) + ".items_copy (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2), "
                        + "CONSTRAINT not_250 CHECK (id <> 250))");
        MigrationManager m = manager();
        DataMigration migration = copy("native_resume", from + ".items", from + ".items_copy", "id");

        assertThatThrownBy(() -> m.migrateData(migration, DataMigrationOptions.builder().batchSize(100).backup(false)
                .build()))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_FAILED);
                    assertThat(e.getMessage()).contains("could not write the batch of records 200 to 299", "not_250",
                            "The batches before it are committed");
                    assertThat(e.getMessage()).as("one full stop between sentences").doesNotContain("..");
                    assertThat(e.result().written()).isEqualTo(200);
                });
        assertThat(rowCount(from, "items_copy")).isEqualTo(200);
        assertThat(queryLong("SELECT max(id) FROM " + q(from) + ".items_copy")).isEqualTo(200);
        DataMigrationStatus status = m.dataStatus(migration);
        assertThat(status.state()).isEqualTo(DataMigrationStatus.State.IN_PROGRESS);
        assertThat(status.position()).isEqualTo(200);
        assertThat(status.written()).isEqualTo(200);

        sql("ALTER TABLE " + q(from) + ".items_copy DROP CONSTRAINT not_250");
        DataMigrationResult resumed = m.migrateData(migration, DataMigrationOptions.builder().batchSize(100).backup(false)
                .build());

        assertThat(resumed.resumedAfter()).isEqualTo(200);
        assertThat(resumed.read()).isEqualTo(800);
        assertThat(resumed.written()).isEqualTo(800);
        assertThat(rowCount(from, "items_copy")).isEqualTo(1_000);
        assertThat(dump(from, "items_copy")).containsExactlyElementsOf(dump(from, "items"));
        assertThat(m.dataStatus(migration).state()).isEqualTo(DataMigrationStatus.State.COMPLETED);
        // 3 batches of the failed run and 8 of the resumed one, 2 scans each
        assertThat(scans(from, "items", 22)).isGreaterThanOrEqualTo(22);
    }

    @Test
    void migrateData_targetNotEmptyAtTheStart_takesTheRecordPathAndResolvesConflicts() throws Exception {
        String from = uniqueSchema("nc_full");
        createSchema(from);
        sql("CREATE TABLE " + q(from) + ".items (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO " + q(from) + ".items SELECT g, 'item ' || g FROM generate_series(1, 1000) g",
                "CREATE TABLE " + q(from) + ".items_copy (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO " + q(from) + ".items_copy VALUES (5, 'stale'), (700, 'stale')");

        DataMigrationResult r = manager().migrateData(DataMigration.builder("record_path")
                .source(RecordSource.table(CORE, from + ".items"))
                .target(DataTarget.of(CORE, from + ".items_copy", "id"))
                .conflict(ConflictStrategy.overwrite()).build(), DataMigrationOptions.builder().batchSize(50).backup(false)
                .build());

        // One cursor over the table (with a count and the verification's reads), not 2 scans for each of 20 batches.
        Thread.sleep(1_500);
        assertThat(scans(from, "items", Long.MAX_VALUE)).isLessThan(15);
        assertThat(r.read()).isEqualTo(1_000);
        assertThat(r.conflictCount()).isEqualTo(2);
        assertThat(dump(from, "items_copy")).containsExactlyElementsOf(dump(from, "items"));
    }

    @Test
    void migrateData_connectionsKilledMidCopy_retriesFromTheCheckpointOnNewConnections() {
        String from = uniqueSchema("nc_kill");
        createSchema(from);
        sql("CREATE TABLE " + q(from) + ".items (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO " + q(from) + ".items SELECT g, 'item ' || g FROM generate_series(1, 3000) g",
                "CREATE TABLE " + q(from) + ".items_copy (id bigint PRIMARY KEY, name text NOT NULL)");
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();

        DataMigrationResult r = manager().migrateData(copy("native_retry", from + ".items", from + ".items_copy", "id"),
                DataMigrationOptions.builder().batchSize(500).backup(false).retryBackoff(java.time.Duration.ofMillis(50))
                        .listener(new dev.migrator.api.DataMigrationListener() {
                            @Override
                            public void onProgress(dev.migrator.api.DataProgress p) {
                                if (p.stage() == dev.migrator.api.DataProgress.Stage.MIGRATE && !killed.getAndSet(true)) {
                                    // After the first commit: the reader (a batch ahead) and the writer both lose theirs.
                                    queryStrings("SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity "
                                            + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
                                }
                            }
                        }).build());

        assertThat(killed).isTrue();
        assertThat(r.read()).isEqualTo(3_000);
        assertThat(r.written()).isEqualTo(3_000);
        assertThat(rowCount(from, "items_copy")).isEqualTo(3_000);
        assertThat(dump(from, "items_copy")).containsExactlyElementsOf(dump(from, "items"));
    }
}

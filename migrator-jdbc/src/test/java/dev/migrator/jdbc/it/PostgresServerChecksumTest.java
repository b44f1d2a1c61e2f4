package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.jdbc.JdbcBackendProvider;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.TableChecksums;
import dev.migrator.spi.TableInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content checksum PostgreSQL computes over a table itself ({@link DataReadSession#checksums()}), which verifies a
 * copy between two PostgreSQL tables without reading a row into the engine: it sees what the record path's checksum
 * sees — a changed value with the row count unchanged, values swapped between rows, a NULL for an empty string — and
 * nothing else (row order, the session's time zone and date style). And the verification of a plain copy built on it
 * still catches a target that stored other content with the same row count (the MariaDB UUID trap: all-zero UUIDs).
 */
class PostgresServerChecksumTest extends ItSupport {

    private static final String PEOPLE = "(id bigint PRIMARY KEY, name text, email varchar(60), amount numeric(12,2), "
            + "seen timestamptz, active boolean, attrs jsonb, ref uuid, tags text[], score double precision)";

    @TempDir
    Path dir;

    private Backend backend;
    private DataReadSession reader;

    PostgresServerChecksumTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @BeforeEach
    void openBackend() {
        backend = new JdbcBackendProvider().open(ConnectionConfig.of(CORE, db.url(), db.user(), db.password()));
        reader = backend.openDataReader().orElseThrow();
    }

    @AfterEach
    void closeBackend() {
        reader.close();
        backend.close();
    }

    private String people(String name) {
        String schema = uniqueSchema("sc");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + "." + q(name) + " " + PEOPLE,
                "INSERT INTO " + q(schema) + "." + q(name) + " SELECT g, 'name ' || g, 'u' || g || '@example.com', g * 1.25, "
                        + "timestamptz '2024-01-01 00:00+00' + g * interval '1 hour', g % 2 = 0, "
                        + "jsonb_build_object('n', g, 'tags', jsonb_build_array('a', g)), md5(g::text)::uuid, "
                        + "ARRAY['x' || g, NULL], g / 3.0 FROM generate_series(1, 300) g");
        return schema;
    }

    private TableChecksums.Checksum checksum(String schema, String table) {
        TableInfo info = reader.describe(schema, table).orElseThrow();
        return reader.checksums().orElseThrow().checksum(info, info.columns().stream().map(ColumnInfo::name).toList())
                .orElseThrow();
    }

    @Test
    void checksum_sameRowsInAnotherOrder_equal() {
        String schema = people("a");
        sql("CREATE TABLE " + q(schema) + ".b " + PEOPLE,
                "INSERT INTO " + q(schema) + ".b SELECT * FROM " + q(schema) + ".a ORDER BY id DESC");

        assertThat(reader.checksums()).hasValueSatisfying(c -> assertThat(c.function()).isEqualTo("postgresql-row-hash-v1"));
        assertThat(checksum(schema, "b")).isEqualTo(checksum(schema, "a"));
        assertThat(checksum(schema, "a").rows()).isEqualTo(300);
    }

    @Test
    void checksum_oneValueChangedSameCount_differs() {
        String schema = people("a");
        TableChecksums.Checksum before = checksum(schema, "a");

        sql("UPDATE " + q(schema) + ".a SET ref = '00000000-0000-0000-0000-000000000000' WHERE id = 17");
        TableChecksums.Checksum zeroUuid = checksum(schema, "a");
        sql("UPDATE " + q(schema) + ".a SET ref = md5('17')::uuid, name = '' WHERE id = 17");
        TableChecksums.Checksum emptyName = checksum(schema, "a");
        sql("UPDATE " + q(schema) + ".a SET name = NULL WHERE id = 17");
        TableChecksums.Checksum nullName = checksum(schema, "a");
        sql("UPDATE " + q(schema) + ".a SET name = 'NAME 17' WHERE id = 17");
        TableChecksums.Checksum upperName = checksum(schema, "a");

        assertThat(List.of(zeroUuid, emptyName, nullName, upperName)).allSatisfy(c -> {
            assertThat(c.rows()).isEqualTo(before.rows());
            assertThat(c.value()).isNotEqualTo(before.value());
        });
        assertThat(List.of(emptyName.value(), nullName.value(), upperName.value())).doesNotHaveDuplicates();
    }

    @Test
    void checksum_valuesSwappedBetweenTwoRows_differs() {
        String schema = people("a");
        TableChecksums.Checksum before = checksum(schema, "a");

        // Every column's multiset of values is unchanged: only which row holds which name.
        sql("UPDATE " + q(schema) + ".a SET name = CASE id WHEN 1 THEN 'name 2' ELSE 'name 1' END WHERE id IN (1, 2)");

        assertThat(checksum(schema, "a").value()).isNotEqualTo(before.value());
    }

    /**
     * A database whose defaults print values otherwise (another interval style, time zone and date style): the checksum
     * fixes the settings that print values, so equal rows in two databases with different defaults sum alike. Set on this
     * test's own database, never on the shared role.
     */
    @Test
    void checksum_databaseDefaultsThatPrintValuesOtherwise_doNotMatter() {
        String schema = people("a");
        sql("ALTER TABLE " + q(schema) + ".a ADD COLUMN span interval, ADD COLUMN at timestamp, ADD COLUMN fl real",
                "UPDATE " + q(schema) + ".a SET span = id * interval '90 minutes', at = timestamp '2024-02-29 12:00' "
                        + "+ id * interval '1 day', fl = id / 7.0");
        TableChecksums.Checksum before = checksum(schema, "a");

        String database = q(db.database());
        sql("ALTER DATABASE " + database + " SET IntervalStyle = 'iso_8601'",
                "ALTER DATABASE " + database + " SET TimeZone = 'Asia/Kolkata'",
                "ALTER DATABASE " + database + " SET DateStyle = 'SQL, DMY'",
                "ALTER DATABASE " + database + " SET extra_float_digits = -3");
        try (Backend other = new JdbcBackendProvider().open(ConnectionConfig.of(CORE, db.url(), db.user(), db.password()));
                DataReadSession r = other.openDataReader().orElseThrow()) {
            // The defaults reach new sessions: an interval prints otherwise there.
            assertThat(queryStrings("SELECT span::text FROM " + q(schema) + ".a WHERE id = 1")).containsExactly("PT1H30M");
            TableInfo info = r.describe(schema, "a").orElseThrow();
            assertThat(r.checksums().orElseThrow().checksum(info, info.columns().stream().map(ColumnInfo::name).toList()))
                    .contains(before);
        } finally {
            sql("ALTER DATABASE " + database + " RESET ALL");
        }
    }

    private MigrationManager manager() {
        return track(builder().backupDirectory(dir.resolve("backups")).build());
    }

    /**
     * The MariaDB UUID trap, on PostgreSQL: the target stores all-zero UUIDs (here a trigger does it) and as many rows
     * as the source. The row counts agree; the content checksums, computed by the databases, must not.
     */
    @Test
    void migrateData_targetStoresOtherContentWithEqualCounts_verificationFails() {
        String schema = people("a");
        sql("CREATE TABLE " + q(schema) + ".b " + PEOPLE,
                "CREATE FUNCTION " + q(schema) + ".zero_ref() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "NEW.ref := '00000000-0000-0000-0000-000000000000'; RETURN NEW; END $$",
                "CREATE TRIGGER zero_ref BEFORE INSERT ON " + q(schema) + ".b FOR EACH ROW EXECUTE FUNCTION "
                        + q(schema) + ".zero_ref()");

        DataMigrationResult r = manager().migrateData(DataMigration.builder("uuid_trap")
                .source(RecordSource.table(CORE, schema + ".a")).target(DataTarget.of(CORE, schema + ".b", "id")).build(),
                DataMigrationOptions.builder().batchSize(128).backup(false).build());

        assertThat(r.written()).isEqualTo(300);
        assertThat(r.verification()).hasValueSatisfying(v -> {
            assertThat(v.isValid()).isFalse();
            assertThat(v.tables()).singleElement().satisfies(t -> {
                assertThat(t.targetRows()).isEqualTo(300);
                assertThat(t.expectedRows()).isEqualTo(300);
                assertThat(t.checksumMatches()).isFalse();
            });
            assertThat(v.problems()).singleElement().asString().contains("the content checksum of the source and the target "
                    + "differ (some values were not copied faithfully)");
        });
    }

    /** The same copy without the trigger verifies, as does one whose target column types differ (read back as records). */
    @Test
    void migrateData_faithfulCopies_verify() {
        String schema = people("a");
        sql("CREATE TABLE " + q(schema) + ".b " + PEOPLE,
                "CREATE TABLE " + q(schema) + ".c " + PEOPLE.replace("attrs jsonb", "attrs json").replace("email varchar(60)",
                        "email text"));
        MigrationManager m = manager();

        for (String target : List.of("b", "c")) {
            DataMigrationResult r = m.migrateData(DataMigration.builder("faithful_" + target)
                    .source(RecordSource.table(CORE, schema + ".a")).target(DataTarget.of(CORE, schema + "." + target, "id"))
                    .build(), DataMigrationOptions.builder().batchSize(128).backup(false).build());

            assertThat(r.verification()).as(target).hasValueSatisfying(v -> {
                assertThat(v.isValid()).as("%s", v.problems()).isTrue();
                assertThat(v.tables()).singleElement().satisfies(t -> assertThat(t.checksumMatches()).isTrue());
            });
        }
    }
}

package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.Target;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresBackupTest extends AbstractBackupTest {

    /** The all_types table, shared with the data session tests. */
    static final List<String> ALL_TYPES_DDL = List.of("CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE TABLE all_types (id int PRIMARY KEY, s smallint, b bigint, n numeric(30,10), r real, d double precision, "
                        + "flag boolean, t text, vc varchar(20), ch char(3), bin bytea, dt date, tm time, ts timestamp, "
                        + "tstz timestamptz, u uuid, j json, jb jsonb, ints int[], texts text[], iv interval, ip inet, m mood)");

    /** Edge values, ordinary values, and nulls. */
    static final List<String> ALL_TYPES_ROWS = List.of(
                "INSERT INTO all_types VALUES (1, -32768, 9223372036854775807, 12345678901234567890.0123456789, 1.5, "
                        + "'NaN', true, E'line1\\nline2\\ttab \\\\ back \"quote\" ''single'' \u00e9\u4e2d\ud83d\ude00', 'v', 'abc', "
                        + "'\\x00ff10', '2024-02-29', '23:59:59.999999', '2024-02-29 12:34:56.789012', "
                        + "'2024-02-29 12:34:56.789012+05:30', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
                        // json keeps its text as given; a backup normalises its whitespace (see the README): compact here
                        + "'{\"a\":[1,2,{\"b\":null}],\"s\":\"x\\ny\"}', '{\"k\": \"v\", \"n\": 1.50, \"big\": 123456789012345678901234567890}', "
                        + "'{1,NULL,3}', '{\"a,b\",\"c\\\"d\",NULL}', '1 day 02:03:04', '192.168.0.1/24', 'happy')",
                "INSERT INTO all_types VALUES (2, 0, -1, 0.5, -0.0, 'Infinity', false, '', '', '', '', '0001-01-01', '00:00', "
                        + "'1970-01-01 00:00', '1970-01-01 00:00+00', '00000000-0000-0000-0000-000000000000', '[]', '{}', '{}', "
                        + "'{}', '0', '::1', 'sad')",
                "INSERT INTO all_types (id) VALUES (3)");

    PostgresBackupTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Override
    List<String> allTypesDdl() {
        return ALL_TYPES_DDL;
    }

    @Override
    List<String> allTypesRows() {
        return ALL_TYPES_ROWS;
    }

    @Override
    List<String> parentChildDdl() {
        return List.of("CREATE TABLE parent (id int PRIMARY KEY, name text)",
                "CREATE TABLE child (id serial PRIMARY KEY, parent_id int NOT NULL REFERENCES parent (id), note text)");
    }

    @Test
    void restore_intoAnotherKindOfDatabase_isRefusedBeforeAnythingChanges() throws Exception {
        sql("CREATE TABLE people (id int PRIMARY KEY, name varchar(50))", "INSERT INTO people VALUES (1, 'pg')");
        try (TestDatabase maria = TestDatabases.mariadb()) {
            try (Connection c = maria.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE people (id int PRIMARY KEY, name varchar(50))");
                s.execute("INSERT INTO people VALUES (7, 'kept')");
            }
            MigrationManager m = track(builder().connection("other", maria.url(), maria.user(), maria.password())
                    .backupDirectory(backups).build());
            BackupManifest backup = m.backup(BackupRequest.builder().label("pg").tables(defaultSchema() + ".people").build());

            assertThatThrownBy(() -> m.restore(backup.id(), RestoreRequest.builder()
                    .target(Target.of("other", maria.database())).build()))
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_MISMATCH);
                        assertThat(e.getMessage()).contains("taken from postgresql").contains("is mariadb")
                                .contains("Nothing was changed");
                    });
            try (Connection c = maria.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, name FROM people")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
                assertThat(rs.getString(2)).isEqualTo("kept");
                assertThat(rs.next()).isFalse();
            }
        }
    }
}

package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataTarget;
import dev.migrator.api.RecordSource;
import dev.migrator.jdbc.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MariaDbDataMigrationTest extends AbstractDataMigrationTest {

    MariaDbDataMigrationTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    @Override
    String timestampType() {
        return "datetime(6)";
    }

    @Override
    String jsonType() {
        return "json";
    }

    @Override
    void killOtherConnections() {
        for (String id : queryStrings("SELECT id FROM information_schema.processlist WHERE "
                + "db = database() AND id <> connection_id()")) {
            sql("KILL " + id);
        }
    }

    /**
     * Regression: true and false were refused by a BOOLEAN column ("cannot be converted to tinyint(1) (integer)"), so
     * a PostgreSQL boolean could not be copied into MariaDB, nor a transform's constant true written.
     */
    @Test
    void migrateData_booleansIntoABooleanColumn_areStoredAsOneAndZero() {
        String schema = uniqueSchema("dm_bool");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".flags (id bigint PRIMARY KEY, active BOOLEAN NOT NULL, level tinyint NOT NULL)");

        manager().migrateData(DataMigration.builder("flags")
                .source(RecordSource.of("flags", List.of(Map.of("id", 1, "active", true, "level", 3),
                        Map.of("id", 2, "active", false, "level", 4))))
                .target(DataTarget.of(CORE, schema + ".flags", "id")).build(), DataMigrationOptions.builder().backup(false).build());

        assertThat(rows(schema, "flags", "id, active, level")).containsExactly("1|1|3", "2|0|4");
    }

    /**
     * The MariaDB UUID trap: a target that stores all-zero UUIDs (here a trigger does it) holds as many rows as the
     * source. Counts agree; the verification compares content, so it must fail.
     */
    @Test
    void migrateData_targetStoresOtherContentWithEqualCounts_verificationFails() {
        String schema = uniqueSchema("dm_trap");
        createSchema(schema);
        sql("CREATE TABLE " + q(schema) + ".a (id bigint PRIMARY KEY, name varchar(40), ref uuid NOT NULL)",
                "CREATE TABLE " + q(schema) + ".b (id bigint PRIMARY KEY, name varchar(40), ref uuid NOT NULL)",
                "INSERT INTO " + q(schema) + ".a SELECT seq, concat('name ', seq), uuid() FROM seq_1_to_300",
                "CREATE TRIGGER " + q(schema) + ".zero_ref BEFORE INSERT ON " + q(schema) + ".b FOR EACH ROW "
                        + "SET NEW.ref = '00000000-0000-0000-0000-000000000000'");

        var r = manager().migrateData(DataMigration.builder("uuid_trap")
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
}

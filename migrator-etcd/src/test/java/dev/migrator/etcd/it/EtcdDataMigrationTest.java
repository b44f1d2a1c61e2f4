package dev.migrator.etcd.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Transforms;
import dev.migrator.etcd.testing.EtcdKitDatabase;
import dev.migrator.etcd.testing.EtcdKitServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data migrations read and write key prefixes as records of a key and a value. */
class EtcdDataMigrationTest {

    private EtcdKitDatabase db;

    /** Where the backup a data migration takes before its first write goes. */
    @TempDir
    Path backups;

    @BeforeEach
    void open() {
        db = EtcdKitServer.INSTANCE.createDatabase();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String key(String relative) {
        return db.key("default", relative);
    }

    @Test
    void dataMigration_prefixToPrefix_writesEveryTransformedRecord() {
        for (int i = 0; i < 300; i++) {
            db.put(key(String.format("legacy/user%03d", i)), "{\"plan\":\"" + (i % 2 == 0 ? "free" : "pro") + "\"}");
        }
        db.put(key("accounts/user000"), "stale");
        try (MigrationManager m = MigrationManager.builder().connection(db.config("core")).backupDirectory(backups).build()) {
            DataMigration migration = DataMigration.builder("accounts")
                    .source(RecordSource.table("core", "legacy"))
                    .transform(Transforms.map("value", v -> v.toString().replace("\"plan\"", "\"tier\"")))
                    .target(DataTarget.of("core", "accounts", "key"))
                    .conflict(ConflictStrategy.overwrite())
                    .build();
            DataMigrationResult result = m.data().migrate(migration);
            assertThat(result.written()).isEqualTo(300);
        }
        Map<String, String> written = db.under(key("accounts/"));
        assertThat(written).hasSize(300);
        assertThat(written).containsEntry(key("accounts/user000"), "{\"tier\":\"free\"}")
                .containsEntry(key("accounts/user299"), "{\"tier\":\"pro\"}");
        assertThat(db.under(key("legacy/"))).as("the source is unchanged").hasSize(300);
    }
}

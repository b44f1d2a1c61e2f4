package dev.migrator.etcd.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.etcd.testing.EtcdKitDatabase;
import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.etcd.EtcdBackendProvider;
import dev.migrator.spi.Backend;
import dev.migrator.spi.SnapshotSession;
import dev.migrator.spi.TableInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups of key prefixes at one revision, and restores that put every key of a prefix back as it was. */
class EtcdBackupTest {

    private EtcdKitDatabase db;

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
    void backupThenRestore_putsEveryKeyOfEachPrefixBackAsItWas() {
        db.put(key("config"), "root");
        db.put(key("config/a"), "{\"x\":1}");
        db.put(key("config/b/c"), "text");
        db.put(key("flags/search"), "true");
        Map<String, String> before = db.under(key(""));
        try (MigrationManager m = MigrationManager.builder().connection(db.config("core")).backupDirectory(backups).build()) {
            BackupManifest backup = m.backup(BackupRequest.builder().label("config").build());
            assertThat(backup.consistency()).startsWith("etcd revision ").endsWith(" (one read revision for every key prefix)");
            assertThat(backup.tables()).extracting(BackupManifest.Table::name).containsExactly("default.config", "default.flags");
            assertThat(backup.rowCount()).isEqualTo(4);

            db.put(key("config/a"), "{\"x\":2}");
            db.put(key("config/new"), "added");
            db.execute("default", "{\"op\": \"delete\", \"key\": \"flags/search\"}");
            m.restore(backup.id(), RestoreRequest.defaults());
        }
        assertThat(db.under(key(""))).isEqualTo(before);
    }

    @Test
    void snapshot_writesAfterItsFirstRead_areNotSeen() {
        db.put(key("config/a"), "1");
        db.put(key("config/b"), "2");
        try (Backend backend = new EtcdBackendProvider().open(db.config("core"));
                SnapshotSession snapshot = backend.openSnapshot().orElseThrow()) {
            String consistency = snapshot.consistency(); // fixes the revision
            db.put(key("config/a"), "changed");
            db.execute("default", "{\"op\": \"delete\", \"key\": \"config/b\"}");
            db.put(key("config/c"), "added");
            db.put(key("later/x"), "added");

            assertThat(snapshot.tables("default", List.of())).extracting(TableInfo::name).containsExactly("config");
            List<String> rows = new ArrayList<>();
            long read = snapshot.read(snapshot.describe("default", "config").orElseThrow(), row -> rows.add(row[0] + "=" + row[1]));
            assertThat(read).isEqualTo(2);
            assertThat(rows).containsExactly("/a=1", "/b=2");
            assertThat(consistency).isEqualTo(snapshot.consistency());
        }
    }
}

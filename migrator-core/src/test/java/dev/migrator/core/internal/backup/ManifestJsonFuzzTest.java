package dev.migrator.core.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.migrator.api.BackupException;
import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.ErrorCode;
import dev.migrator.core.internal.FuzzStats;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any {@code manifest.json}: reading gives a manifest whose tables are usable (plain file names inside the backup's
 * folder, columns of known kinds), whose encryption refuses a wrong key as BACKUP_KEY_INVALID, and that writes and
 * reads back equal, or a {@link BackupException} (BACKUP_CORRUPT
 * or BACKUP_FORMAT_UNSUPPORTED) naming the backup. Inputs: {@code ManifestJsonFuzzTestInputs/read/}.
 */
class ManifestJsonFuzzTest {

    private static final String ID = "backup_fuzz_20260101T000000000Z";
    private static final FuzzStats STATS = new FuzzStats("ManifestJsonFuzzTest.read");

    @TempDir
    static Path dir;

    @FuzzTest
    void read(byte[] input) throws Exception {
        STATS.check(() -> {
            Path file = dir.resolve(FileBackupStore.MANIFEST);
            Files.write(file, input);
            BackupManifest m;
            try {
                m = ManifestJson.read(file, ID);
            } catch (BackupException e) {
                assertThat(e.code()).isIn(ErrorCode.BACKUP_CORRUPT, ErrorCode.BACKUP_FORMAT_UNSUPPORTED);
                assertThat(e.getMessage()).contains(ID);
                return;
            }
            for (BackupManifest.Table t : m.tables()) {
                assertThat(t.file()).matches("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,250}").doesNotContain("..");
                assertThat(dir.resolve(t.file()).normalize().getParent()).isEqualTo(dir.normalize());
                assertThat(t.name()).as("table name").isNotNull();
                assertThat(FileBackupStore.columnsOf(t)).hasSameSizeAs(t.columns());
            }
            if (m.encryption() != null) {
                checkKey(m);
            }
            Files.write(file, ManifestJson.write(m));
            assertThat(ManifestJson.read(file, ID)).as("the manifest written again and read").isEqualTo(m);
        });
    }

    /**
     * Restore's first step with an encrypted backup: a wrong key is refused as BACKUP_KEY_INVALID. The iteration count
     * is bounded by the reader; PBKDF2 runs once here, so that inputs stay fast.
     */
    private static void checkKey(BackupManifest m) {
        BackupManifest.Encryption e = m.encryption();
        assertThat(e.iterations()).isLessThanOrEqualTo(ManifestJson.MAX_ITERATIONS);
        boolean passphrase = BackupCrypto.PBKDF2.equals(e.keyDerivation());
        BackupManifest once = !passphrase ? m : new BackupManifest(m.formatVersion(), m.id(), m.label(), m.createdAt(),
                m.source(), m.consistency(), m.compression(),
                new BackupManifest.Encryption(e.algorithm(), e.keyDerivation(), e.salt(), 1, e.keyCheck()), m.tables(),
                m.duration());
        BackupKey key = passphrase ? BackupKey.passphrase("not the passphrase") : BackupKey.rawKey(new byte[32]);
        assertThatThrownBy(() -> new FileBackupStore(dir).secretKey(once, key))
                .isInstanceOfSatisfying(BackupException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.BACKUP_KEY_INVALID));
    }

    @AfterAll
    static void printStats() {
        STATS.print();
    }
}

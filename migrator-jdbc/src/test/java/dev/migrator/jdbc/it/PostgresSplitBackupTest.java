package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.Compression;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.VerifyReport;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup with {@code parallelism > 1} splits a large table into primary-key ranges read side by side from one
 * exported snapshot (what {@code pg_dump -j} cannot do: it parallelises across tables only). Each range is a file; the
 * manifest lists them as the table's parts; restore and verify read them as one table.
 */
class PostgresSplitBackupTest extends ItSupport {

    /** Three ranges of more than {@code BackupRunner.MIN_ROWS_PER_RANGE} (50,000) rows each at parallelism 4. */
    private static final int BIG_ROWS = 160_000;

    @TempDir
    Path backups;

    PostgresSplitBackupTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    private MigrationManager manager() {
        return track(builder().backupDirectory(backups).build());
    }

    private void bigAndSmall() {
        sql("CREATE TABLE big (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2))",
                "INSERT INTO big SELECT g, 'name ' || g, g / 100.0 FROM generate_series(1, " + BIG_ROWS + ") g",
                "CREATE TABLE small (code text PRIMARY KEY, n int)",
                "INSERT INTO small SELECT 'c' || g, g FROM generate_series(1, 50) g",
                "ANALYZE big", "ANALYZE small");
    }

    /** Count and an order-independent sum of each row's hash: equal for equal contents. */
    private String fingerprint(String table) {
        return queryStrings("SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) FROM "
                + table + " t").get(0);
    }

    @Test
    void backup_withParallelism_splitsALargeTableIntoKeyRangesAndRestoresItWhole() {
        bigAndSmall();
        String big = fingerprint("big");
        String small = fingerprint("small");
        MigrationManager m = manager();

        BackupManifest backup = m.backup(BackupRequest.builder().label("split").compression(Compression.ZSTD)
                .parallelism(4).build());

        assertThat(backup.formatVersion()).isEqualTo(BackupManifest.FORMAT_VERSION);
        BackupManifest.Table t = backup.table(defaultSchema() + ".big").orElseThrow();
        assertThat(t.rowCount()).isEqualTo(BIG_ROWS);
        assertThat(t.parts()).hasSize(3);
        assertThat(t.parts().stream().mapToLong(BackupManifest.Part::rowCount).sum()).isEqualTo(BIG_ROWS);
        // Split keys come from a sample of the table's pages: each range holds about a third of the rows.
        assertThat(t.parts()).allSatisfy(p -> assertThat(p.rowCount()).isBetween(BIG_ROWS / 5L, BIG_ROWS / 2L));
        assertThat(t.parts().stream().mapToLong(BackupManifest.Part::bytes).sum()).isEqualTo(t.bytes());
        assertThat(t.file()).isEqualTo(t.parts().get(0).file());
        assertThat(backup.table(defaultSchema() + ".small").orElseThrow().parts()).isEmpty();
        assertThat(m.backups().manifest(backup.id()).tables()).isEqualTo(backup.tables());
        assertThat(m.backups().verify(backup.id()).files()).hasSize(4).allMatch(VerifyReport.FileCheck::ok);

        sql("DELETE FROM big WHERE id % 3 = 0", "UPDATE big SET name = 'changed' WHERE id < 1000", "DELETE FROM small");
        m.restore(backup.id(), RestoreRequest.builder().build());

        assertThat(fingerprint("big")).isEqualTo(big);
        assertThat(fingerprint("small")).isEqualTo(small);
        assertThat(m.verify(backup.id()).isValid()).isTrue();
    }

    @Test
    void backup_withoutParallelism_writesOneFilePerTableInTheFormatEarlierReleasesRead() {
        bigAndSmall();
        BackupManifest backup = manager().backup(BackupRequest.builder().label("whole").build());

        assertThat(backup.formatVersion()).isEqualTo(BackupManifest.FORMAT_VERSION_SINGLE_FILES);
        assertThat(backup.tables()).allSatisfy(t -> assertThat(t.parts()).isEmpty());
    }

    @Test
    void backup_ofATextKey_splitsByTheKeysCollationAndLosesNoRow() {
        sql("CREATE TABLE words (w text COLLATE \"C\" PRIMARY KEY, n int)",
                "INSERT INTO words SELECT md5(g::text), g FROM generate_series(1, 115000) g", "ANALYZE words");
        String before = fingerprint("words");
        MigrationManager m = manager();

        BackupManifest backup = m.backup(BackupRequest.builder().label("words").parallelism(2).build());

        assertThat(backup.table(defaultSchema() + ".words").orElseThrow().parts()).hasSize(2);
        sql("TRUNCATE words");
        m.restore(backup.id(), RestoreRequest.builder().build());
        assertThat(fingerprint("words")).isEqualTo(before);
    }

    @Test
    void restore_ofASplitBackupWithAPartAltered_isRefusedBeforeAnythingChanges() throws IOException {
        bigAndSmall();
        MigrationManager m = manager();
        BackupManifest backup = m.backup(BackupRequest.builder().label("altered").parallelism(4).build());
        BackupManifest.Part second = backup.table(defaultSchema() + ".big").orElseThrow().parts().get(1);
        Path file = backups.resolve(backup.id()).resolve(second.file());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        sql("DELETE FROM big WHERE id > 10");

        assertThat(m.backups().verify(backup.id()).files()).filteredOn(f -> !f.ok())
                .singleElement().satisfies(f -> assertThat(f.file()).isEqualTo(second.file()));
        assertThatThrownBy(() -> m.restore(backup.id(), RestoreRequest.builder().build()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessageContaining(second.file());
        assertThat(rowCount("big")).as("nothing restored").isEqualTo(10);
    }

    @Test
    void manifest_whosePartsDisagreeWithTheTable_isRefused() throws IOException {
        bigAndSmall();
        MigrationManager m = manager();
        BackupManifest backup = m.backup(BackupRequest.builder().label("edited").parallelism(4).build());
        BackupManifest.Part last = backup.table(defaultSchema() + ".big").orElseThrow().parts().get(2);
        Path manifest = backups.resolve(backup.id()).resolve("manifest.json");
        String json = Files.readString(manifest, StandardCharsets.UTF_8);
        String edited = json.replaceAll("\"rowCount\"\\s*:\\s*" + last.rowCount() + "\\b",
                "\"rowCount\" : " + (last.rowCount() - 1));
        assertThat(edited).isNotEqualTo(json);
        Files.writeString(manifest, edited, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> m.backups().manifest(backup.id()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                .hasMessageContaining("parts of table " + defaultSchema() + ".big");
    }

    @Test
    void encryptedSplitBackup_restoresWithItsKey_andAPartMovedToAnotherPlaceFailsAuthentication() throws IOException {
        bigAndSmall();
        String big = fingerprint("big");
        MigrationManager m = manager();
        BackupKey key = BackupKey.passphrase("correct horse battery staple");
        BackupManifest backup = m.backup(BackupRequest.builder().label("secret").key(key).parallelism(4).build());
        List<BackupManifest.Part> parts = backup.table(defaultSchema() + ".big").orElseThrow().parts();
        assertThat(parts).hasSize(3);

        sql("TRUNCATE big");
        m.restore(backup.id(), RestoreRequest.builder().key(key).build());
        assertThat(fingerprint("big")).isEqualTo(big);

        // Swap the contents of two parts: each is encrypted bound to its own file name, so neither decrypts.
        Path dir = backups.resolve(backup.id());
        byte[] first = Files.readAllBytes(dir.resolve(parts.get(0).file()));
        byte[] second = Files.readAllBytes(dir.resolve(parts.get(1).file()));
        Files.write(dir.resolve(parts.get(0).file()), second);
        Files.write(dir.resolve(parts.get(1).file()), first);
        sql("DELETE FROM big WHERE id > 5");
        assertThatThrownBy(() -> m.restore(backup.id(), RestoreRequest.builder().key(key).build()))
                .isInstanceOf(BackupException.class);
        assertThat(rowCount("big")).as("nothing restored").isEqualTo(5);
    }
}

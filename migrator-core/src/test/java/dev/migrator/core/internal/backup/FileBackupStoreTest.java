package dev.migrator.core.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.Compression;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.VerifyReport;
import dev.migrator.core.testing.Ci;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store on its own: what lands on disk, what is refused, and that nothing half-written looks like a backup. */
class FileBackupStoreTest {

    static final BackupManifest.Source SOURCE = new BackupManifest.Source("main", "postgresql", "15.19",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    static final TableInfo USERS = new TableInfo("auth", "users", List.of(
            ColumnInfo.of("id", "bigint", ValueKind.INTEGER),
            ColumnInfo.of("email", "text", ValueKind.STRING),
            ColumnInfo.of("balance", "numeric(20,4)", ValueKind.DECIMAL),
            ColumnInfo.of("avatar", "bytea", ValueKind.BINARY),
            ColumnInfo.of("seen", "timestamptz", ValueKind.TIMESTAMP_TZ),
            ColumnInfo.of("ref", "uuid", ValueKind.UUID),
            ColumnInfo.of("prefs", "jsonb", ValueKind.JSON)), List.of("id"));

    @TempDir
    Path dir;

    static Object[] user(long i) {
        return new Object[] {i, "user" + i + "@example.com", new BigDecimal(i + ".1000"), new byte[] {(byte) i, 0, -1},
                OffsetDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZoneOffset.UTC).plusSeconds(i),
                new UUID(0, i), "{\"theme\": \"dark\", \"n\": " + i + "}"};
    }

    static BackupManifest write(FileBackupStore store, String label, Compression compression, BackupKey key, int rows) {
        try (BackupWriter w = store.begin(label, SOURCE, "test", compression, key)) {
            try (BackupWriter.TableWriter t = w.table(USERS, 0)) {
                for (long i = 1; i <= rows; i++) {
                    t.write(user(i));
                }
                t.finish();
            }
            return w.commit(List.of(USERS.qualifiedName()), Duration.ofMillis(5));
        }
    }

    private static List<String> folders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Path tableFile(FileBackupStore store, BackupManifest m) {
        return store.location().resolve(m.id()).resolve(m.tables().get(0).file());
    }

    @Test
    void backup_roundTrip_readsBackEveryValueAndRecordsTheManifest() {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "before_v2", Compression.GZIP, null, 500);

        assertThat(m.id()).matches("backup_before_v2_\\d{8}T\\d{9}Z");
        assertThat(store.list()).extracting(BackupManifest::id).containsExactly(m.id());
        BackupManifest read = store.manifest(m.id());
        assertThat(read.tables()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("auth.users");
            assertThat(t.rowCount()).isEqualTo(500);
            assertThat(t.sha256()).hasSize(64);
            assertThat(t.columns()).extracting(BackupManifest.Column::name)
                    .containsExactly("id", "email", "balance", "avatar", "seen", "ref", "prefs");
            assertThat(t.primaryKey()).containsExactly("id");
        });
        assertThat(store.verify(m.id()).isValid()).isTrue();
        try (Stream<Map<String, Object>> rows = store.records(m.id(), "auth.users", null)) {
            List<Map<String, Object>> all = rows.toList();
            assertThat(all).hasSize(500);
            Map<String, Object> r = all.get(41);
            assertThat(r.get("id")).isEqualTo(42L);
            assertThat(r.get("balance")).isEqualTo(new BigDecimal("42.1000"));
            assertThat((byte[]) r.get("avatar")).containsExactly(42, 0, -1);
            assertThat(r.get("seen")).isEqualTo(OffsetDateTime.of(2026, 12, 2, 10, 0, 42, 0, ZoneOffset.UTC));
            assertThat(r.get("ref")).isEqualTo(new UUID(0, 42));
            assertThat(r.get("prefs")).isEqualTo("{\"theme\":\"dark\",\"n\":42}");
        }
    }

    @Test
    void backup_withZstd_writesAZstdFileAndReadsBackEveryValue() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "zstd", Compression.ZSTD, null, 500);

        assertThat(m.compression()).isEqualTo(Compression.ZSTD);
        assertThat(m.tables().get(0).file()).endsWith(".jsonl.zst");
        byte[] bytes = Files.readAllBytes(tableFile(store, m));
        assertThat(bytes).startsWith(0x28, 0xB5, 0x2F, 0xFD); // the zstd frame's magic number
        try (var in = new com.github.luben.zstd.ZstdInputStream(new java.io.ByteArrayInputStream(bytes))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
                    .hasSize(500).first().asString().startsWith("[1,\"user1@example.com\",\"1.1000\"");
        }
        BackupManifest read = store.manifest(m.id());
        assertThat(read.compression()).isEqualTo(Compression.ZSTD);
        assertThat(read.tables().get(0).contentChecksum())
                .isEqualTo(write(store, "same_rows_gzip", Compression.GZIP, null, 500).tables().get(0).contentChecksum());
        assertThat(store.verify(m.id()).isValid()).isTrue();
        try (Stream<Map<String, Object>> rows = store.records(m.id(), "auth.users", null)) {
            List<Map<String, Object>> all = rows.toList();
            assertThat(all).hasSize(500);
            assertThat(all.get(41).get("seen")).isEqualTo(OffsetDateTime.of(2026, 12, 2, 10, 0, 42, 0, ZoneOffset.UTC));
            assertThat(all.get(41).get("prefs")).isEqualTo("{\"theme\":\"dark\",\"n\":42}");
        }
    }

    @Test
    void backup_withZstdAndAKey_isEncryptedAndOpensOnlyWithIt() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupKey key = BackupKey.passphrase("zstd and a passphrase");
        BackupManifest m = write(store, "zstd_secret", Compression.ZSTD, key, 300);

        assertThat(m.tables().get(0).file()).endsWith(".jsonl.zst.enc");
        assertThat(java.util.Arrays.copyOf(Files.readAllBytes(tableFile(store, m)), 4))
                .isNotEqualTo(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}); // encrypted: no zstd frame shows
        try (Stream<Map<String, Object>> rows = store.records(m.id(), "auth.users", key)) {
            assertThat(rows.count()).isEqualTo(300);
        }
        assertKeyInvalid(() -> store.records(m.id(), "auth.users", BackupKey.passphrase("another passphrase")), "does not open");
    }

    @Test
    void zstd_fileCutShort_isFoundByVerifyAndRefusedAsDamaged() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "zstd_cut", Compression.ZSTD, null, 2000);
        try (RandomAccessFile f = new RandomAccessFile(tableFile(store, m).toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }

        assertThat(store.verify(m.id()).problems()).singleElement().asString().contains("truncated");
        assertThatThrownBy(() -> {
            try (Stream<Map<String, Object>> rows = store.records(m.id(), "auth.users", null)) {
                rows.forEach(r -> {});
            }
        }).isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT));
    }

    @Test
    void backup_withoutCompression_writesPlainJsonLines() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "plain", Compression.NONE, null, 3);

        List<String> lines = Files.readAllLines(tableFile(store, m), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("[1,\"user1@example.com\",\"1.1000\"");
    }

    @Test
    void writer_closedWithoutCommit_leavesNothingBehind() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        try (BackupWriter w = store.begin("crashed", SOURCE, "test", Compression.GZIP, null);
                BackupWriter.TableWriter t = w.table(USERS, 0)) {
            t.write(user(1));
            t.finish();
        }
        assertThat(folders(dir)).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void list_ignoresLeftoverIncompleteFoldersAndForeignFolders() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "good", Compression.GZIP, null, 2);
        // What a killed process leaves: a hidden folder with a manifest but never renamed into place.
        Path leftover = Files.createDirectory(dir.resolve(".incomplete-backup_half_20260101T000000000Z"));
        Files.copy(dir.resolve(m.id()).resolve(FileBackupStore.MANIFEST), leftover.resolve(FileBackupStore.MANIFEST));
        Files.createDirectory(dir.resolve("backup_nomanifest_20260101T000000000Z"));
        Files.createDirectory(dir.resolve("photos"));

        assertThat(store.list()).extracting(BackupManifest::id).containsExactly(m.id());
        assertThatThrownBy(() -> store.manifest(".incomplete-backup_half_20260101T000000000Z"))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_NOT_FOUND));
    }

    @Test
    void ids_withPathCharacters_areRefusedBeforeTouchingTheDisk() throws IOException {
        FileBackupStore store = new FileBackupStore(dir.resolve("store"));
        write(store, "x", Compression.GZIP, null, 1);
        Files.writeString(dir.resolve("manifest.json"), "{}");
        for (String id : List.of("../", "..", "../store", "backup_x/../../", "/etc/passwd", "backup_a_20260101T000000000Z/..",
                "backup_a\u0000_20260101T000000000Z", "")) {
            assertThatThrownBy(() -> store.manifest(id)).as(id)
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_NOT_FOUND);
                        assertThat(e.getMessage()).contains("is not a backup id");
                    });
            assertThatThrownBy(() -> store.delete(id)).as(id).isInstanceOf(BackupException.class);
        }
        assertThat(dir.resolve("manifest.json")).exists();
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void manifest_namingAFileOutsideTheFolder_isRefusedAsCorrupt() throws IOException {
        FileBackupStore store = new FileBackupStore(dir.resolve("store"));
        BackupManifest m = write(store, "edited", Compression.GZIP, null, 1);
        Path manifest = dir.resolve("store").resolve(m.id()).resolve(FileBackupStore.MANIFEST);
        String original = Files.readString(manifest);
        String file = m.tables().get(0).file();
        for (String evil : List.of("../../secret.txt", "/etc/passwd", "..", "sub/dir.jsonl")) {
            Files.writeString(manifest, original.replace("\"" + file + "\"", "\"" + evil + "\""));
            assertThatThrownBy(() -> store.verify(m.id())).as(evil)
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT);
                        assertThat(e.getMessage()).contains(evil).contains("edited");
                    });
        }
    }

    // Found by ManifestJsonFuzzTest: such manifests were read, then open() or verify() failed with a
    // NullPointerException, an IllegalArgumentException or a StringIndexOutOfBoundsException.
    @Test
    void manifest_withAColumnOrTableItCannotUse_isRefusedAsCorrupt() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "edited", Compression.GZIP, null, 1);
        Path manifest = dir.resolve(m.id()).resolve(FileBackupStore.MANIFEST);
        String original = Files.readString(manifest);
        Map<String, String> edits = Map.of(
                "\"type\" : \"bigint\",", "",
                "\"kind\" : \"INTEGER\"", "\"kind\" : \"INTEGRAL\"",
                "\"kind\" : \"STRING\"", "\"kind\" : \"ARRAY<\"",
                "\"kind\" : \"DECIMAL\"", "\"kind\" : \"ARRAY<ARRAY>\"",
                "\"name\" : \"auth.users\"", "\"name\" : \"users\"");
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            assertThat(original).contains(edit.getKey());
            Files.writeString(manifest, original.replace(edit.getKey(), edit.getValue()));
            assertThatThrownBy(() -> store.manifest(m.id())).as(edit.getValue())
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT);
                        assertThat(e.getMessage()).contains(m.id()).contains("The manifest was edited");
                    });
        }
        Files.writeString(manifest, original.replace("\"kind\" : \"INTEGER\"", "\"kind\" : \"INTEGRAL\""));
        assertThatThrownBy(() -> store.manifest(m.id())).hasMessageContaining(
                "has a column of table auth.users with name 'id', type 'bigint' and kind 'INTEGRAL'; a column needs a name,"
                        + " a type and a kind of [STRING, INTEGER,");
    }

    // Found by reading ManifestJson while fuzzing it: restore derived the key from these before anything else, so an
    // edited count ran PBKDF2 for hours and a salt or key check that is not base64 threw IllegalArgumentException.
    @Test
    void manifest_withEncryptionSettingsItDoesNotWrite_isRefusedAsCorrupt() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "secret", Compression.GZIP, BackupKey.passphrase("correct horse battery"), 1);
        Path manifest = dir.resolve(m.id()).resolve(FileBackupStore.MANIFEST);
        String original = Files.readString(manifest);
        BackupManifest.Encryption e = m.encryption();
        Map<String, String> edits = Map.of(
                "\"iterations\" : " + e.iterations(), "\"iterations\" : 2147483647",
                "\"salt\" : \"" + e.salt() + "\"", "\"salt\" : \"not base64!\"",
                "\"keyCheck\" : \"" + e.keyCheck() + "\"", "\"keyCheck\" : \"AAAA\"",
                "\"algorithm\" : \"" + e.algorithm() + "\"", "\"algorithm\" : \"ROT13\"");
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            assertThat(original).contains(edit.getKey());
            Files.writeString(manifest, original.replace(edit.getKey(), edit.getValue()));
            assertThatThrownBy(() -> store.manifest(m.id())).as(edit.getValue())
                    .isInstanceOfSatisfying(BackupException.class, ex -> {
                        assertThat(ex.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT);
                        assertThat(ex.getMessage()).contains("has encryption settings this migrator does not write")
                                .contains("(1 to 3100000 iterations)");
                    });
        }
    }

    // Found by RowCodecFuzzTest: "1e1000000100" was read as a BigDecimal, and writing it again (verify) took
    // minutes and a gigabyte of digits.
    @Test
    void open_decimalWithAnExponent_isRefusedAsDamaged() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "exponent", Compression.NONE, null, 1);
        Path file = tableFile(store, m);
        Files.writeString(file, Files.readString(file).replace("\"1.1000\"", "\"1e1000000100\""));
        // The edited file's size, as the manifest would give it: open() reads no more bytes than the manifest says.
        BackupManifest.Table t = m.tables().get(0);
        BackupManifest.Table edited = new BackupManifest.Table(t.name(), t.file(), t.rowCount(), Files.size(file), t.sha256(),
                t.contentChecksum(), t.columns(), t.primaryKey());

        try (RowReader reader = store.open(m, edited, null, null)) {
            assertThatThrownBy(reader::next)
                    .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT))
                    .hasMessageContaining("Table auth.users of backup " + m.id() + " is damaged after row 0: a DECIMAL value"
                            + " at line 1 is '1e1000000100', with an exponent; a backup writes decimals as plain digits");
        }
    }

    @Test
    void manifest_ofAnUnknownFormatVersion_isRefusedWithTheVersions() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "future", Compression.GZIP, null, 1);
        Path manifest = dir.resolve(m.id()).resolve(FileBackupStore.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));

        assertThatThrownBy(() -> store.manifest(m.id()))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_FORMAT_UNSUPPORTED);
                    assertThat(e.getMessage()).contains("format version 99").contains("reads versions 1 and 2");
                });
    }

    @Test
    void manifest_thatIsNotJson_isCorrupt() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "garbled", Compression.GZIP, null, 1);
        Files.writeString(dir.resolve(m.id()).resolve(FileBackupStore.MANIFEST), "{\"formatVersion\": 1, \"tables\": [");

        assertThatThrownBy(() -> store.manifest(m.id()))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT));
    }

    @Test
    void verify_findsATruncatedFile() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "cut", Compression.GZIP, null, 2000);
        Path file = tableFile(store, m);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }

        VerifyReport report = store.verify(m.id());
        assertThat(report.isValid()).isFalse();
        assertThat(report.problems()).singleElement().asString().contains("truncated");
        assertThatThrownBy(() -> {
            try (Stream<Map<String, Object>> rows = store.records(m.id(), "auth.users", null)) {
                rows.forEach(r -> {});
            }
        }).isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT));
    }

    @Test
    void verify_findsOneEditedByteOfTheSameLength() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "edited", Compression.NONE, null, 10);
        Path file = tableFile(store, m);
        String text = Files.readString(file);
        Files.writeString(file, text.replace("user7@", "user8@"));

        VerifyReport report = store.verify(m.id());
        assertThat(report.isValid()).isFalse();
        assertThat(report.problems()).singleElement().asString().contains("SHA-256").contains("altered");
    }

    @Test
    void verify_findsAMissingFile() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "gone", Compression.GZIP, null, 1);
        Files.delete(tableFile(store, m));

        assertThat(store.verify(m.id()).problems()).singleElement().asString().contains("missing");
    }

    @Test
    void encrypted_backup_opensOnlyWithItsPassphrase() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest m = write(store, "secret", Compression.GZIP, BackupKey.passphrase("correct horse battery staple"), 50);

        assertThat(m.encryption()).isNotNull();
        assertThat(m.encryption().algorithm()).isEqualTo("AES-256-GCM-v2");
        assertThat(m.encryption().iterations()).isGreaterThanOrEqualTo(310_000);
        assertThat(m.encryption().salt()).isNotBlank();
        String manifest = Files.readString(dir.resolve(m.id()).resolve(FileBackupStore.MANIFEST));
        assertThat(manifest).doesNotContain("correct horse").doesNotContain("user1@example.com");
        assertThat(Files.readAllBytes(tableFile(store, m))).asString(StandardCharsets.ISO_8859_1).doesNotContain("user1@");

        try (Stream<Map<String, Object>> rows = store.records(m.id(), "auth.users", BackupKey.passphrase("correct horse battery staple"))) {
            assertThat(rows.count()).isEqualTo(50);
        }
        assertKeyInvalid(() -> store.records(m.id(), "auth.users", BackupKey.passphrase("wrong horse battery staple")), "does not open");
        assertKeyInvalid(() -> store.records(m.id(), "auth.users", null), "is encrypted");
        assertKeyInvalid(() -> store.records(m.id(), "auth.users", BackupKey.rawKey(new byte[32])), "passphrase");
    }

    @Test
    void encrypted_backup_withARawKey_refusesAnotherKey() {
        FileBackupStore store = new FileBackupStore(dir);
        byte[] key = new byte[32];
        key[0] = 7;
        BackupManifest m = write(store, "raw", Compression.NONE, BackupKey.rawKey(key), 5);
        try (Stream<Map<String, Object>> rows = store.records(m.id(), "auth.users", BackupKey.rawKey(key.clone()))) {
            assertThat(rows.count()).isEqualTo(5);
        }
        byte[] other = key.clone();
        other[31] = 1;
        assertKeyInvalid(() -> store.records(m.id(), "auth.users", BackupKey.rawKey(other)), "does not open");
        assertKeyInvalid(() -> store.records(m.id(), "auth.users", BackupKey.passphrase("a passphrase instead")), "raw key");
    }

    @Test
    void encrypted_file_tamperedWithAfterTheManifestWasWritten_doesNotDecrypt() throws IOException {
        FileBackupStore store = new FileBackupStore(dir);
        BackupKey key = BackupKey.passphrase("tamper-test-pass");
        BackupManifest m = write(store, "tampered", Compression.NONE, key, 200);
        Path file = tableFile(store, m);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);

        assertThat(store.verify(m.id()).isValid()).isFalse();
        assertThatThrownBy(() -> {
            try (Stream<Map<String, Object>> rows = store.records(m.id(), "auth.users", key)) {
                rows.forEach(r -> {});
            }
        }).isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT));
    }

    private static void assertKeyInvalid(Runnable action, String message) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(BackupException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_KEY_INVALID);
            assertThat(e.getMessage()).contains(message);
        });
    }

    // The first version of this test gave a URL without a password, so it could not fail.
    @Test
    void manifest_neverHoldsTheSourcePassword() throws IOException {
        String password = "Tr0ub4dor-and-3";
        BackupManifest.Source source = new BackupManifest.Source("main", "postgresql", "15",
                "jdbc:postgresql://app:" + password + "@db:5432/app?user=app&password=" + password + "&ssl=false");
        BackupManifest m;
        try (BackupWriter w = store().begin("pw", source, "test", Compression.GZIP, null)) {
            try (BackupWriter.TableWriter t = w.table(USERS, 0)) {
                t.write(user(1));
                t.finish();
            }
            m = w.commit(List.of(USERS.qualifiedName()), Duration.ZERO);
        }

        String masked = "jdbc:postgresql://app:****@db:5432/app?user=app&password=****&ssl=false";
        assertThat(m.source().url()).isEqualTo(masked);
        assertThat(store().manifest(m.id()).source().url()).isEqualTo(masked);
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            assertThat(regular).extracting(p -> p.getFileName().toString()).contains(FileBackupStore.MANIFEST);
            for (Path p : regular) {
                assertThat(Files.readAllBytes(p)).asString(StandardCharsets.ISO_8859_1).as("%s", p).doesNotContain(password);
            }
        }
    }

    private FileBackupStore store() {
        return new FileBackupStore(dir);
    }

    @Test
    void diskFull_whileWritingATable_failsClearlyAndLeavesNoBackup() throws IOException {
        // A device that takes 100 KiB and then reports what Linux reports when it is full.
        FileBackupStore store = new FileBackupStore(dir, p -> {
            try {
                return new LimitedStream(Files.newOutputStream(p, StandardOpenOption.CREATE_NEW), 100 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThatThrownBy(() -> write(store, "full", Compression.NONE, null, 50_000))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_FAILED);
                    assertThat(e.getMessage()).contains("the disk is full").contains("No partial backup was left behind");
                });
        assertThat(folders(dir)).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void diskFull_onARealSmallFilesystem_failsClearlyAndLeavesNoBackup() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("tiny"));
        boolean mounted = mountTmpfs(mount, "256k");
        if (Ci.isOn()) {
            assertThat(mounted).as("CI runs as root and must be able to mount a 256 KiB tmpfs for the disk-full test").isTrue();
        }
        assumeThat(mounted).as("mounting a tmpfs needs root").isTrue();
        try {
            FileBackupStore store = new FileBackupStore(mount);
            BackupManifest small = write(store, "fits", Compression.GZIP, null, 100);
            assertThatThrownBy(() -> write(store, "toobig", Compression.NONE, null, 20_000))
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_FAILED);
                        assertThat(e.getMessage()).contains("the disk is full");
                    });
            // The earlier backup is untouched and still whole; the failed one left nothing.
            assertThat(store.list()).extracting(BackupManifest::id).containsExactly(small.id());
            assertThat(store.verify(small.id()).isValid()).isTrue();
            assertThat(folders(mount)).containsExactly(small.id());
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
    }

    private static boolean mountTmpfs(Path at, String size) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void prune_keepsTheNewestAndDeletesTheRest() {
        FileBackupStore store = new FileBackupStore(dir);
        BackupManifest a = write(store, "a", Compression.GZIP, null, 1);
        BackupManifest b = write(store, "b", Compression.GZIP, null, 1);
        BackupManifest c = write(store, "c", Compression.GZIP, null, 1);

        assertThat(store.prune(2, null)).containsExactly(a.id());
        assertThat(store.list()).extracting(BackupManifest::id).containsExactly(c.id(), b.id());
        // Older than zero days: everything but the newest, which prune always keeps.
        assertThat(store.prune(10, Duration.ZERO)).containsExactly(b.id());
        assertThat(store.list()).extracting(BackupManifest::id).containsExactly(c.id());
        assertThatThrownBy(() -> store.prune(0, null)).hasMessageContaining("keepLast is 0");
    }

    /** An output stream that fails like a full disk after {@code limit} bytes. */
    private static final class LimitedStream extends FilterOutputStream {
        private long left;

        LimitedStream(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("No space left on device");
            }
            left -= len;
            out.write(b, off, len);
        }
    }
}

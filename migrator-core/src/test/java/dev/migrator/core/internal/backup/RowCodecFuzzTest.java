package dev.migrator.core.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.Compression;
import dev.migrator.api.ErrorCode;
import dev.migrator.core.internal.FuzzStats;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup's table file: its first line is the column kinds as the manifest names them ({@code
 * INTEGER,STRING,ARRAY<DECIMAL>}), the rest is the file's bytes. Opening and reading it as restore does gives rows or a
 * {@link BackupException} (BACKUP_CORRUPT) naming the table, never a bug's exception inside; each row read encodes
 * again to bytes that read back to the same values and encode to the same bytes (the content checksum depends on it).
 * Inputs: {@code RowCodecFuzzTestInputs/read/}.
 */
class RowCodecFuzzTest {

    private static final String ID = "backup_fuzz_20260101T000000000Z";
    private static final String TABLE = "public.fuzzed";
    private static final String FILE = "000_public.fuzzed.jsonl";
    private static final FuzzStats STATS = new FuzzStats("RowCodecFuzzTest.read");

    @TempDir
    static Path root;

    @FuzzTest
    void read(byte[] input) throws Exception {
        STATS.check(() -> {
            int newline = indexOf(input, (byte) '\n');
            BackupManifest.Table table = newline < 0 ? null : table(new String(input, 0, newline, StandardCharsets.UTF_8));
            if (table == null) {
                return; // not a layout: the manifest's fuzz test covers unknown kinds
            }
            List<ColumnInfo> columns = FileBackupStore.columnsOf(table);
            RowEncoder encoder = new RowEncoder(new RowCodec(columns));
            // The table file of an unencrypted, uncompressed backup, opened as restore opens it.
            Path folder = Files.createDirectories(root.resolve(ID));
            Files.write(folder.resolve(FileBackupStore.MANIFEST), new byte[0]);
            Files.write(folder.resolve(FILE), Arrays.copyOfRange(input, newline + 1, input.length));
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, ID, "fuzz", Instant.EPOCH,
                    new BackupManifest.Source("main", "postgresql", "15", "jdbc:postgresql://localhost/test"), "snapshot",
                    Compression.NONE, null, List.of(table), Duration.ZERO);
            try (RowReader reader = new FileBackupStore(root).open(manifest, table, null, null)) {
                Object[] row;
                while ((row = reader.next()) != null) {
                    checkRoundTrip(columns, encoder, row);
                }
            } catch (BackupException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.BACKUP_CORRUPT);
                assertThat(e.getMessage()).contains(TABLE).contains("Run verify(\"" + ID + "\")");
                assertThat(e.getCause()).as("the cause, a bug when it is one of these")
                        .isNotInstanceOfAny(NullPointerException.class, IndexOutOfBoundsException.class,
                                ClassCastException.class, IllegalStateException.class);
            }
        });
    }

    /** Encoding a row read, then reading that, gives the same values (as the format keeps them) and the same bytes. */
    private static void checkRoundTrip(List<ColumnInfo> columns, RowEncoder encoder, Object[] row) throws IOException {
        byte[] encoded = bytes(encoder.encode(row));
        Object[] again;
        try (JsonParser p = RowCodec.JSON.createParser(encoded)) {
            again = new RowCodec(columns).read(p);
        }
        assertThat(again).as("a row read from its own encoding").isNotNull().hasSameSizeAs(row);
        for (int i = 0; i < row.length; i++) {
            ColumnInfo c = columns.get(i);
            assertThat(comparable(c.kind(), c.elementKind(), again[i])).as(c.kind() + " column " + i)
                    .isEqualTo(comparable(c.kind(), c.elementKind(), row[i]));
        }
        assertThat(bytes(encoder.encode(again))).as("the encoding of a row read back").isEqualTo(encoded);
    }

    /**
     * A value as the format promises to keep it: integers by number, decimals by their digits and scale, instants
     * with offset UTC, JSON by the bytes (compared above), binaries by content.
     */
    private static Object comparable(ValueKind kind, ValueKind elementKind, Object v) {
        if (v == null) {
            return null;
        }
        return switch (kind) {
            case INTEGER -> v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
            case DECIMAL -> ((BigDecimal) v).toPlainString();
            case TIMESTAMP_TZ -> ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC);
            case BINARY -> Arrays.toString((byte[]) v);
            case JSON, DOCUMENT -> "json";
            case ARRAY -> ((List<?>) v).stream().map(e -> comparable(elementKind, null, e)).toList();
            default -> v;
        };
    }

    /** The manifest's table of a layout line, or {@code null} when it names a kind that does not exist. */
    private static BackupManifest.Table table(String layout) {
        List<BackupManifest.Column> columns = new ArrayList<>();
        for (String kind : layout.split(",", -1)) {
            columns.add(new BackupManifest.Column("c" + columns.size(), "fuzzed", kind.strip()));
        }
        BackupManifest.Table table = new BackupManifest.Table(TABLE, FILE, 0, 0, null, null, columns, List.of());
        try {
            FileBackupStore.columnsOf(table);
            return table;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] bytes(RowEncoder.Buffer buffer) {
        return Arrays.copyOf(buffer.bytes, buffer.size);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @AfterAll
    static void printStats() {
        STATS.print();
    }
}

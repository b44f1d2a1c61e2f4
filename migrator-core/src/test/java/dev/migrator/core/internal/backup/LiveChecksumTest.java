package dev.migrator.core.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Found by RowCodecFuzzTest: rows after the first were encoded with a leading space, so the first row mattered. */
class LiveChecksumTest {

    private static final List<ColumnInfo> COLUMNS = List.of(ColumnInfo.of("id", "int8", ValueKind.INTEGER),
            ColumnInfo.of("name", "text", ValueKind.STRING));

    private static String checksum(String backupChecksum, Object[]... rows) {
        LiveChecksum sum = new LiveChecksum(COLUMNS, backupChecksum);
        for (Object[] row : rows) {
            sum.add(row);
        }
        return sum.value();
    }

    @Test
    void value_sameRowsInAnotherOrder_isTheSame() {
        Object[] a = {1L, "a"};
        Object[] b = {2L, "b"};
        Object[] c = {3L, "c"};

        assertThat(checksum(null, a, b, c))
                .startsWith("sha256-sum-v2:")
                .isEqualTo(checksum(null, b, c, a))
                .isEqualTo(checksum(null, c, a, b));
    }

    @Test
    void encode_rowsAfterTheFirst_haveNoLeadingSeparator() throws Exception {
        RowEncoder encoder = new RowEncoder(new RowCodec(COLUMNS));
        encoder.encode(new Object[] {1L, "a"});
        RowEncoder.Buffer second = encoder.encode(new Object[] {2L, "b"});

        assertThat(new String(second.bytes, 0, second.size, StandardCharsets.UTF_8)).isEqualTo("[2,\"b\"]");
    }

    @Test
    void value_comparedWithAV1Backup_sumsTheRowsAsV1Did() throws Exception {
        // What a backup written before v2 recorded for rows [1,"a"] then [2,"b"]: the second hashed as " [2,\"b\"]".
        BigInteger sum = half(sha256("[1,\"a\"]")).add(half(sha256(" [2,\"b\"]"))).mod(BigInteger.TWO.pow(128));
        String recorded = "sha256-sum-v1:" + String.format("%032x", sum);

        assertThat(checksum(recorded, new Object[] {1L, "a"}, new Object[] {2L, "b"})).isEqualTo(recorded);
    }

    private static byte[] sha256(String line) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
    }

    /** The first 16 bytes of a digest as an unsigned number. */
    private static BigInteger half(byte[] digest) {
        return new BigInteger(1, java.util.Arrays.copyOf(digest, 16));
    }
}

package dev.migrator.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    private static final String LF = "CREATE TABLE a (id int);\nCREATE INDEX a_i ON a (id);\n";

    @Test
    void checksum_crlfAndCr_sameAsLf() {
        assertThat(Checksums.of(LF.replace("\n", "\r\n"))).isEqualTo(Checksums.of(LF));
        assertThat(Checksums.of(LF.replace("\n", "\r"))).isEqualTo(Checksums.of(LF));
    }

    @Test
    void checksum_bomAndTrailingWhitespace_ignored() {
        assertThat(Checksums.of("\uFEFF" + LF.replace(";\n", ";   \t\n") + "\n\n  \n")).isEqualTo(Checksums.of(LF));
    }

    @Test
    void checksum_joinedLines_isAnEdit() {
        assertThat(Checksums.of("CREATE TABLE a (id int); CREATE INDEX a_i ON a (id);")).isNotEqualTo(Checksums.of(LF));
    }

    @Test
    void checksum_leadingIndentChanged_isAnEdit() {
        assertThat(Checksums.of("  " + LF)).isNotEqualTo(Checksums.of(LF));
    }

    @Test
    void checksum_isStableSha256Hex_forStoredHistories() {
        // A stored checksum must never change between library versions under the same algorithm name.
        assertThat(Checksums.ALGORITHM).isEqualTo("sha256-normalised-v1");
        assertThat(Checksums.of("SELECT 1;\r\n")).isEqualTo("17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a");
        assertThat(Checksums.of("SELECT 1;")).hasSize(64).matches("[0-9a-f]{64}");
    }

    /** Issue 16 item 6: a script's checksum is taken while it streams, and must equal the whole-text value. */
    @Test
    void accumulator_textInRandomPieces_equalsTheWholeTextChecksum() {
        String[] parts = {"a", "b", " ", "\t", "\r", "\n", "\r\n", "\uFEFF", "\u00e9", "\uD83D\uDE00", "\uD83D", "\uDE00",
            "\u2028", "\u001C", ";", "x".repeat(9000), " ".repeat(9000), "\n".repeat(3)};
        Random random = new Random(16);
        for (int trial = 0; trial < 2000; trial++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(40); k > 0; k--) {
                text.append(parts[random.nextInt(parts.length)]);
            }
            String t = text.toString();
            char[] chars = t.toCharArray();
            Checksums.Accumulator pieces = new Checksums.Accumulator();
            for (int at = 0; at < chars.length; ) {
                int length = Math.min(chars.length - at, 1 + random.nextInt(20000));
                pieces.add(chars, at, length);
                at += length;
            }
            assertThat(pieces.value()).as("trial %d", trial).isEqualTo(Checksums.sha256(Checksums.normalise(t)));
        }
    }

    /** Issue 20: one accumulator serves every script of a location; each value() starts it over. */
    @Test
    void accumulator_reusedAfterValue_givesEachTextsOwnChecksum() {
        String[] texts = {"SELECT 1;\r\n", "  \n", "a\uD83D", "\uDE00b", "\uFEFFx \n\n", "", "caf\u00e9\u2003\n"};
        Checksums.Accumulator reused = new Checksums.Accumulator();
        for (String t : texts) {
            reused.add(t.toCharArray(), 0, t.length());
            assertThat(reused.value()).as(t).isEqualTo(Checksums.sha256(Checksums.normalise(t)));
        }
    }
}

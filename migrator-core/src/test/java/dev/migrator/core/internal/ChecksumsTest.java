package dev.migrator.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}

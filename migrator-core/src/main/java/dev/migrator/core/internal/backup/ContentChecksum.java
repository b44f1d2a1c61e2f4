package dev.migrator.core.internal.backup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An order-independent checksum of a table's rows: the SHA-256 of each row's encoded line, added up (modulo 2^128) so
 * that row order does not matter and duplicate rows still count. Two tables with the same rows in any order have the
 * same checksum; one changed, missing or extra row changes it.
 *
 * <p>{@code sha256-sum-v2:} is the only one written. {@code sha256-sum-v1:}, which backups written before it record,
 * hashed every row but the first with a space before it (the encoder's separator), so it depended on which row came
 * first; it is still computed, the same way, to compare a table with such a backup.
 */
final class ContentChecksum {

    static final String V1 = "sha256-sum-v1:";
    static final String V2 = "sha256-sum-v2:";

    private final MessageDigest sha256;
    private final boolean v1;
    private long high;
    private long low;
    private long rows;

    /** The current checksum ({@value #V2}). */
    ContentChecksum() {
        this(false);
    }

    /** The checksum of the format of a recorded one: {@value #V1} for a value that starts with it, else the current. */
    static ContentChecksum like(String recorded) {
        return new ContentChecksum(recorded != null && recorded.startsWith(V1));
    }

    private ContentChecksum(boolean v1) {
        this.v1 = v1;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    void add(byte[] bytes, int length) {
        if (v1 && rows > 0) {
            sha256.update((byte) ' ');
        }
        sha256.update(bytes, 0, length);
        byte[] d = sha256.digest();
        long h = 0;
        long l = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
            l = (l << 8) | (d[i + 8] & 0xff);
        }
        long newLow = low + l;
        high += h + (Long.compareUnsigned(newLow, low) < 0 ? 1 : 0);
        low = newLow;
        rows++;
    }

    /** Adds another checksum's rows, as if they had been added here: the checksum of a table read in parts. */
    void add(ContentChecksum other) {
        if (other.v1 != v1) {
            throw new IllegalArgumentException("checksums of different formats");
        }
        long newLow = low + other.low;
        high += other.high + (Long.compareUnsigned(newLow, low) < 0 ? 1 : 0);
        low = newLow;
        rows += other.rows;
    }

    long rows() {
        return rows;
    }

    /** {@value #V2} (or {@value #V1}) and 32 hex digits. */
    String value() {
        return (v1 ? V1 : V2) + String.format("%016x%016x", high, low);
    }
}

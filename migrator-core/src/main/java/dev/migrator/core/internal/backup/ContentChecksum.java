package dev.migrator.core.internal.backup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An order-independent checksum of a table's rows: the SHA-256 of each row's encoded line, added up (modulo 2^128) so
 * that row order does not matter and duplicate rows still count. Two tables with the same rows in any order have the
 * same checksum; one changed, missing or extra row changes it.
 */
final class ContentChecksum {

    private final MessageDigest sha256;
    private long high;
    private long low;
    private long rows;

    ContentChecksum() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    void add(byte[] bytes, int length) {
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

    long rows() {
        return rows;
    }

    /** {@code sha256-sum-v1:} and 32 hex digits. */
    String value() {
        return "sha256-sum-v1:" + String.format("%016x%016x", high, low);
    }
}

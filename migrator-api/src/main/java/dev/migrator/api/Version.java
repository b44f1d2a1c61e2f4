package dev.migrator.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A script version: numeric parts separated by dots or underscores, compared numerically part by part.
 *
 * <p>{@code 1.2.10} is newer than {@code 1.2.9}; trailing zero parts do not count, so {@code 1.0} equals {@code 1};
 * timestamps such as {@code 20250101120000} are single large parts. Instances are immutable.
 */
public final class Version implements Comparable<Version> {

    private final List<BigInteger> parts;
    private final String text;
    private final int hash;

    private Version(List<BigInteger> parts, String text) {
        this.parts = parts;
        this.text = text;
        this.hash = parts.hashCode();
    }

    /**
     * Parses a version such as {@code 1}, {@code 1.2.10}, {@code 1_2} or {@code 20250101120000}.
     *
     * @param text the version text
     * @return the version, normalised: {@code 1.0} equals {@code 1}
     * @throws VersionFormatException when the text is not digits separated by single dots or underscores
     */
    public static Version parse(String text) {
        if (text == null || text.isBlank()) {
            throw new VersionFormatException(String.valueOf(text));
        }
        String trimmed = text.strip();
        // Hand-written rather than split(regex): migrate() parses every history row's version on each call.
        List<BigInteger> parts = new ArrayList<>(4);
        int n = trimmed.length();
        int start = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? trimmed.charAt(i) : '.';
            if (c == '.' || c == '_') {
                int length = i - start;
                if (length == 0 || length > 40) {
                    throw new VersionFormatException(text);
                }
                parts.add(length <= 18
                        ? BigInteger.valueOf(Long.parseLong(trimmed, start, i, 10))
                        : new BigInteger(trimmed.substring(start, i)));
                start = i + 1;
            } else if (c < '0' || c > '9') {
                throw new VersionFormatException(text);
            }
        }
        int size = parts.size();
        while (size > 1 && parts.get(size - 1).signum() == 0) {
            size--;
        }
        List<BigInteger> normalised = Collections.unmodifiableList(new ArrayList<>(parts.subList(0, size)));
        return new Version(normalised, trimmed.indexOf('_') < 0 ? trimmed : trimmed.replace('_', '.'));
    }

    /** {@return the numeric parts, trailing zero parts removed} */
    public List<BigInteger> parts() {
        return parts;
    }

    @Override
    public int compareTo(Version other) {
        int n = Math.max(parts.size(), other.parts.size());
        for (int i = 0; i < n; i++) {
            BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
            BigInteger b = i < other.parts.size() ? other.parts.get(i) : BigInteger.ZERO;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The version as written, with underscores shown as dots ({@code 1_2} becomes {@code 1.2}). */
    @Override
    public String toString() {
        return text;
    }
}

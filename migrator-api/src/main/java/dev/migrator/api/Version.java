package dev.migrator.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A script version: numeric parts separated by dots or underscores, compared numerically part by part.
 *
 * <p>{@code 1.2.10} is newer than {@code 1.2.9}; trailing zero parts do not count, so {@code 1.0} equals {@code 1};
 * timestamps such as {@code 20250101120000} are single large parts. Instances are immutable.
 */
public final class Version implements Comparable<Version> {

    private final List<BigInteger> parts;
    private final String text;

    private Version(List<BigInteger> parts, String text) {
        this.parts = parts;
        this.text = text;
    }

    /**
     * Parses a version such as {@code 1}, {@code 1.2.10}, {@code 1_2} or {@code 20250101120000}.
     *
     * @throws VersionFormatException when the text is not digits separated by single dots or underscores
     */
    public static Version parse(String text) {
        if (text == null || text.isBlank()) {
            throw new VersionFormatException(String.valueOf(text));
        }
        String trimmed = text.strip();
        String[] raw = trimmed.split("[._]", -1);
        List<BigInteger> parts = new ArrayList<>(raw.length);
        for (String part : raw) {
            if (part.isEmpty() || part.length() > 40 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new VersionFormatException(text);
            }
            parts.add(new BigInteger(part));
        }
        int size = parts.size();
        while (size > 1 && parts.get(size - 1).signum() == 0) {
            size--;
        }
        List<BigInteger> normalised = Collections.unmodifiableList(new ArrayList<>(parts.subList(0, size)));
        return new Version(normalised, trimmed.replace('_', '.'));
    }

    /** The numeric parts, trailing zero parts removed. */
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
        return Objects.hash(parts);
    }

    /** The version as written, with underscores shown as dots ({@code 1_2} becomes {@code 1.2}). */
    @Override
    public String toString() {
        return text;
    }
}

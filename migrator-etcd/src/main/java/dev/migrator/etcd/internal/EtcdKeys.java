package dev.migrator.etcd.internal;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Keys of a target: the rules for a script's relative keys, and byte ranges for prefixes. */
final class EtcdKeys {

    /** The area of a schema where migrator keeps its history and lock; scripts may not touch it. */
    static final String RESERVED = "__migrator";

    private EtcdKeys() {}

    /**
     * Checks a key or prefix relative to a schema: not empty, not absolute, no {@code .} or {@code ..} segment, no empty
     * segment but a trailing one, no control character, and not in {@code __migrator/}.
     *
     * @throws IllegalArgumentException saying which rule the key breaks
     */
    static void checkRelative(String key, String what) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException(what + " '" + key + "' is absolute; keys are relative to /{prefix}/{schema}/, "
                    + "write it without the leading '/'");
        }
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals("..") || s.equals(".")) {
                throw new IllegalArgumentException(what + " '" + key + "' has a '" + s + "' segment; a key cannot leave its "
                        + "schema's prefix");
            }
            if (s.isEmpty() && i < segments.length - 1) {
                throw new IllegalArgumentException(what + " '" + key + "' has an empty segment ('//')");
            }
        }
        if (segments[0].equals(RESERVED)) {
            throw new IllegalArgumentException(what + " '" + key + "' is in " + RESERVED + "/, where migrator keeps the "
                    + "history and the lock; scripts cannot change it");
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < 0x20 || key.charAt(i) == 0x7f) {
                throw new IllegalArgumentException(what + " '" + key.replaceAll("\\p{Cntrl}", "?")
                        + "' has a control character");
            }
        }
    }

    static ByteSequence bytes(String key) {
        return ByteSequence.from(key, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The end (exclusive) of the range of keys starting with {@code prefix}. */
    static ByteSequence rangeEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteSequence.from(Arrays.copyOf(end, i + 1));
            }
        }
        return ByteSequence.from(new byte[] {0}); // every key from the prefix on
    }
}

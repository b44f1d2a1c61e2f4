package dev.migrator.jdbc.testing;

import java.util.Locale;

/**
 * Whether the tests run under CI, where a test that cannot get what it needs (a server, root for a tmpfs, a built jar)
 * fails instead of skipping. One rule for the tests of migrator-jdbc and of the modules that use its test jar
 * (migrator-mongo, migrator-examples); {@code dev.migrator.core.testing.Ci} is the same rule for migrator-core, which
 * has no test jar.
 */
public final class Ci {

    private Ci() {}

    /** Whether the environment variable {@code CI} turns CI on (see {@link #isOn(String)}). */
    public static boolean isOn() {
        return isOn(System.getenv("CI"));
    }

    /**
     * The rule: CI is on when the variable is set to anything other than empty, {@code false} or {@code 0}
     * (case-insensitive, surrounding blanks ignored). {@code CI=1}, {@code CI=yes} and {@code CI=true} are on: a CI
     * service that sets {@code CI=1} must not silently skip the database tests.
     */
    public static boolean isOn(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !v.isEmpty() && !v.equals("false") && !v.equals("0");
    }
}

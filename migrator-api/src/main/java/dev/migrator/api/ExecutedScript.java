package dev.migrator.api;

import java.time.Duration;

/**
 * A script that ran (up on migrate, down on rollback).
 *
 * @param target the target, schema resolved
 * @param version the version
 * @param name the name
 * @param statements statements executed
 * @param duration how long it took, history entry included
 * @param lockRetries how many times a statement of it timed out waiting for a lock and ran again (see {@link
 *     MigrationManager.Builder#lockRetries(int, Duration)}); 0 when none did
 */
public record ExecutedScript(Target target, Version version, String name, int statements, Duration duration, int lockRetries) {

    /**
     * A script that ran without lock retries.
     *
     * @param target the target, schema resolved
     * @param version the version
     * @param name the name
     * @param statements statements executed
     * @param duration how long it took, history entry included
     */
    public ExecutedScript(Target target, Version version, String name, int statements, Duration duration) {
        this(target, version, name, statements, duration, 0);
    }
}

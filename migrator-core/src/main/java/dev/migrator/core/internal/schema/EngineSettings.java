package dev.migrator.core.internal.schema;

import java.time.Duration;
import java.util.Map;

/**
 * The settings every target run reads, resolved once at build time.
 *
 * @param lockRetry how statements of SQL scripts wait for locks and run again after a time-out
 */
public record EngineSettings(
        String historyTable,
        Duration lockTimeout,
        boolean createSchemas,
        boolean outOfOrder,
        boolean validateOnMigrate,
        String installedByOverride,
        Map<String, String> usersByConnection,
        LockRetryRule lockRetry) {

    /** The settings, with the lock retry rule from its three values. */
    public EngineSettings(String historyTable, Duration lockTimeout, boolean createSchemas, boolean outOfOrder,
            boolean validateOnMigrate, String installedByOverride, Map<String, String> usersByConnection,
            Duration statementLockTimeout, int lockRetryAttempts, Duration lockRetryMaxBackoff) {
        this(historyTable, lockTimeout, createSchemas, outOfOrder, validateOnMigrate, installedByOverride, usersByConnection,
                new LockRetryRule(statementLockTimeout, lockRetryAttempts, lockRetryMaxBackoff));
    }

    /** Who is recorded as having run a script on a connection: the override, else the database user, else the OS user. */
    String installedBy(String connection) {
        if (installedByOverride != null) {
            return installedByOverride;
        }
        String user = usersByConnection.get(connection);
        return user != null ? user : System.getProperty("user.name", "unknown");
    }
}

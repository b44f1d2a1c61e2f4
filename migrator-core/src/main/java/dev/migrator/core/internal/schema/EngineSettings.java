package dev.migrator.core.internal.schema;

import java.time.Duration;
import java.util.Map;

/** The settings every target run reads, resolved once at build time. */
public record EngineSettings(
        String historyTable,
        Duration lockTimeout,
        boolean createSchemas,
        boolean outOfOrder,
        boolean validateOnMigrate,
        String installedByOverride,
        Map<String, String> usersByConnection) {

    /** Who is recorded as having run a script on a connection: the override, else the database user, else the OS user. */
    String installedBy(String connection) {
        if (installedByOverride != null) {
            return installedByOverride;
        }
        String user = usersByConnection.get(connection);
        return user != null ? user : System.getProperty("user.name", "unknown");
    }
}

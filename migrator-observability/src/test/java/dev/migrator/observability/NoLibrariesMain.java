package dev.migrator.observability;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;

/** Run by {@link WithoutLibrariesTest} in a class loader without Micrometer and OpenTelemetry. */
public final class NoLibrariesMain {

    private NoLibrariesMain() {}

    /** Migrates one script with listener discovery on (the default); returns how many scripts were applied. */
    public static int migrate(String url, String user, String password) {
        try (MigrationManager m = MigrationManager.builder()
                .connection("core", url, user, password)
                .script(Script.of("1", "create_a", "CREATE TABLE a (id INT PRIMARY KEY)", null))
                .build()) {
            return m.migrate().applied().size();
        }
    }
}

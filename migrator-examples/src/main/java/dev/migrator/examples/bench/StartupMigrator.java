package dev.migrator.examples.bench;

import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;

/**
 * migrator's side of {@link StartupBenchmark}: an application start as the README's quick start writes it — build a
 * manager, call {@code migrate()}, close — on a database where every script is already applied. Fails unless nothing
 * was applied. The benchmark runs it in a fresh JVM whose class path holds this class, migrator-api, -core and -jdbc
 * with their dependencies, slf4j-simple and one JDBC driver.
 *
 * <p>Arguments: the JDBC URL, the user and the scripts folder; the password comes from the environment variable
 * {@code MIGRATOR_BENCH_PASSWORD}. Prints {@code applied=0}.
 */
public final class StartupMigrator {

    private StartupMigrator() {}

    /**
     * Runs one start.
     *
     * @param args the JDBC URL, the user, the scripts folder
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("Expected 3 arguments: JDBC URL, user, scripts folder");
        }
        String password = System.getenv("MIGRATOR_BENCH_PASSWORD");
        int applied = migrate(args[0], args[1], password == null ? "" : password, args[2]);
        if (applied != 0) {
            throw new IllegalStateException("a no-op migrate() applied " + applied + " scripts");
        }
        System.out.println("applied=0");
    }

    /** Builds a manager, migrates, closes it; returns how many scripts were applied. Also the warm figure's work. */
    static int migrate(String url, String user, String password, String dir) {
        try (MigrationManager manager = MigrationManager.builder()
                .connection("app", url, user, password)
                .locations("filesystem:" + dir)
                .build()) {
            MigrateResult result = manager.migrate();
            return result.applied().size();
        }
    }
}

package dev.migrator.examples.bench;

import org.flywaydb.core.Flyway;

/**
 * Flyway's side of {@link StartupBenchmark}: {@code Flyway.configure()...load().migrate()} on a database where Flyway
 * already applied every script. Fails unless nothing was applied. The benchmark runs it in a fresh JVM whose class path
 * holds this class, flyway-core and the database's Flyway module, slf4j-simple and one JDBC driver.
 *
 * <p>Arguments: the JDBC URL, the user and the scripts folder; the password comes from the environment variable
 * {@code MIGRATOR_BENCH_PASSWORD}. Prints {@code executed=0}.
 */
public final class StartupFlyway {

    private StartupFlyway() {}

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
        int executed = migrate(args[0], args[1], password == null ? "" : password, args[2]);
        if (executed != 0) {
            throw new IllegalStateException("a no-op Flyway migrate() applied " + executed + " scripts");
        }
        System.out.println("executed=0");
    }

    /** Configures Flyway, migrates; returns how many scripts ran. Also the warm figure's work. */
    static int migrate(String url, String user, String password, String dir) {
        return Flyway.configure()
                .dataSource(url, user, password)
                .locations("filesystem:" + dir)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}

package dev.migrator.examples.bench;

import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import java.util.Locale;

/**
 * What {@link ScriptCorpusBenchmark} runs as a child {@code java} process to measure migrator in a fresh JVM: builds a
 * manager for one database, calls {@code migrate()} once and prints {@code applied=<scripts> migrate_ns=<nanos>} (the
 * call alone, timed here; the parent times the whole process).
 *
 * <p>Arguments: the JDBC URL, the user and the scripts folder. The password comes from the environment variable
 * {@code MIGRATOR_BENCH_PASSWORD}, so that it never shows in a process list.
 */
public final class MigrateInFreshJvm {

    /** The environment variable the parent passes the password in. */
    static final String PASSWORD_VARIABLE = "MIGRATOR_BENCH_PASSWORD";

    private MigrateInFreshJvm() {}

    /**
     * Runs one {@code migrate()}.
     *
     * @param args the JDBC URL, the user, the scripts folder
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("Expected 3 arguments (JDBC URL, user, scripts folder); found "
                    + args.length + ". The password is read from " + PASSWORD_VARIABLE + ".");
        }
        BenchSupport.quietLogging();
        String password = System.getenv().getOrDefault(PASSWORD_VARIABLE, "");
        try (MigrationManager manager = MigrationManager.builder()
                .connection("bench", args[0], args[1], password)
                .locations("filesystem:" + args[2])
                .build()) {
            long start = System.nanoTime();
            MigrateResult result = manager.migrate();
            long nanos = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "applied=%d migrate_ns=%d%n", result.applied().size(), nanos);
        }
    }
}

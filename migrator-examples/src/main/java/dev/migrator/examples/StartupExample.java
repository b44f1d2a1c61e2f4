package dev.migrator.examples;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ExecutedScript;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.StatusReport;
import dev.migrator.cli.DatabaseUrl;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An application that brings its database up to date at start-up, before it serves anything.
 *
 * <p>Which database: {@code MIGRATOR_URL} (a JDBC URL, with {@code MIGRATOR_USER} and {@code MIGRATOR_PASSWORD}), else
 * {@code DATABASE_URL} (a JDBC URL, or {@code postgres://user:password@host:port/db}), else an embedded PostgreSQL
 * started for this run from binaries in a jar and deleted at the end. The scripts in
 * {@code src/main/resources/db/migration} are written for PostgreSQL.
 *
 * <p>Run it twice against the same database: the second start finds nothing pending.
 */
public final class StartupExample {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private StartupExample() {}

    public static void main(String[] args) throws Exception {
        try (ExampleDatabase started = ExampleDatabase.start()) {
            Database database = started.database();
            System.out.println("Database: " + database.maskedUrl());
            startApplication(database);
            if (started.isEmbedded()) {
                // A real application restarts against the same database; show what that start pays.
                System.out.println();
                System.out.println("Starting the application a second time against the same database ...");
                startApplication(database);
            }
        }
    }

    /** What an application's start-up does: build the manager, migrate, report, and go on to serve. */
    static MigrateResult startApplication(Database database) {
        String url = database.url();
        String user = database.user();
        String password = database.password();
        // tag::startup[]
        try (MigrationManager manager = MigrationManager.builder()
                .connection("app", url, user, password)
                .locations("classpath:db/migration")
                .build()) {
            MigrateResult result = manager.migrate(); // what ran, with timings; nothing when up to date
            printResult(result);
            printStatus(manager.status());            // every script: version, name, state, applied at, took
            return result;
        }
        // end::startup[]
    }

    static void printResult(MigrateResult result) {
        if (result.applied().isEmpty()) {
            System.out.printf(Locale.ROOT, "migrate(): nothing pending, database is up to date (%d ms)%n",
                    result.duration().toMillis());
            return;
        }
        System.out.printf(Locale.ROOT, "migrate(): applied %d script(s) in %d ms%n",
                result.applied().size(), result.duration().toMillis());
        for (ExecutedScript script : result.applied()) {
            System.out.printf(Locale.ROOT, "  %-8s %-32s %2d statement(s) %6d ms   (%s)%n",
                    script.version(), script.name(), script.statements(), script.duration().toMillis(),
                    script.target());
        }
    }

    static void printStatus(StatusReport report) {
        System.out.println("status():");
        System.out.printf(Locale.ROOT, "  %-8s %-32s %-16s %-19s %s%n", "version", "name", "state", "applied at (UTC)",
                "took");
        for (ScriptStatus status : report.scripts()) {
            Instant at = null;
            Duration took = null;
            if (status instanceof ScriptStatus.Applied applied) {
                at = applied.appliedAt();
                took = applied.duration();
            } else if (status instanceof ScriptStatus.Baseline baseline) {
                at = baseline.appliedAt();
            } else if (status instanceof ScriptStatus.Failed failed) {
                at = failed.failedAt();
            } else if (status instanceof ScriptStatus.Missing missing) {
                at = missing.appliedAt();
            } else if (status instanceof ScriptStatus.ChecksumChanged changed) {
                at = changed.appliedAt();
            }
            System.out.printf(Locale.ROOT, "  %-8s %-32s %-16s %-19s %s%n",
                    status.version(), status.name(), status.state(),
                    at == null ? "" : TIME.format(at),
                    took == null ? "" : took.toMillis() + " ms");
        }
    }

    /** A JDBC URL with its credentials; the password never appears in what this program prints. */
    record Database(String url, String user, String password) {

        static Database fromEnvironment() {
            String url = env("MIGRATOR_URL");
            if (url != null) {
                return new Database(url, env("MIGRATOR_USER"), env("MIGRATOR_PASSWORD"));
            }
            String databaseUrl = env("DATABASE_URL");
            if (databaseUrl == null) {
                return null;
            }
            if (databaseUrl.startsWith("jdbc:")) {
                return new Database(databaseUrl, env("MIGRATOR_USER"), env("MIGRATOR_PASSWORD"));
            }
            // The postgres://user:password@host:port/db form that hosting platforms hand out, read as the
            // command-line tool reads it.
            DatabaseUrl parsed = DatabaseUrl.parse(databaseUrl, "DATABASE_URL", secret -> { });
            return new Database(parsed.url(), parsed.user(), parsed.password());
        }

        String maskedUrl() {
            return ConnectionConfig.mask(url) + (user == null ? "" : " as " + user);
        }

        @Override
        public String toString() {
            return "Database[" + maskedUrl() + "]";
        }

        private static String env(String name) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? null : value.strip();
        }
    }
}

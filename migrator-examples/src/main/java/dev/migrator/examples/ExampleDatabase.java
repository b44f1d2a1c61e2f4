package dev.migrator.examples;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The PostgreSQL an example program runs against: the one the environment names ({@code MIGRATOR_URL}, or
 * {@code DATABASE_URL}; see {@link StartupExample.Database#fromEnvironment()}), else an embedded PostgreSQL started for
 * this run, which {@link #close()} stops. A database from the environment is only borrowed.
 */
final class ExampleDatabase implements AutoCloseable {
    private final StartupExample.Database database;
    private final EmbeddedPostgres embedded;

    private ExampleDatabase(StartupExample.Database database, EmbeddedPostgres embedded) {
        this.database = database;
        this.embedded = embedded;
    }

    /** The environment's database, or a new embedded PostgreSQL (saying so on stdout). */
    static ExampleDatabase start() {
        StartupExample.Database configured = StartupExample.Database.fromEnvironment();
        if (configured != null) {
            return new ExampleDatabase(configured, null);
        }
        System.out.println("No MIGRATOR_URL or DATABASE_URL set: starting an embedded PostgreSQL ...");
        try {
            EmbeddedPostgres started = EmbeddedPostgres.builder().start();
            return new ExampleDatabase(new StartupExample.Database(started.getJdbcUrl("postgres", "postgres"), "postgres",
                    null), started);
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    StartupExample.Database database() {
        return database;
    }

    /** Whether this run started the database itself (and so it is empty at first, and gone afterwards). */
    boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                System.err.println("The embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
    }
}

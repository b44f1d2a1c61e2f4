package dev.migrator.jdbc.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A freshly created, uniquely named database on a test server, made by {@link TestDatabases}. Owned by the test:
 * {@link #close()} drops it (terminating other sessions on it first). Safe to close twice.
 */
public final class TestDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);

    /** The server family. */
    public enum Kind {
        /** PostgreSQL. */
        POSTGRESQL,
        /** MariaDB, or MySQL. */
        MARIADB
    }

    private final TestDatabases.Server server;
    private final String database;
    private final AtomicBoolean closed = new AtomicBoolean();

    TestDatabase(TestDatabases.Server server, String database) {
        this.server = server;
        this.database = database;
    }

    /** The server family. */
    public Kind kind() {
        return server.kind();
    }

    /** The JDBC URL of this database ({@code jdbc:postgresql:...} or {@code jdbc:mysql:...}). */
    public String url() {
        return server.urlOf(database);
    }

    /** The user. */
    public String user() {
        return server.user();
    }

    /** The password; may be empty, never {@code null}. */
    public String password() {
        return server.password() == null ? "" : server.password();
    }

    /** The database's name, e.g. {@code mt_1732270000000_a3f9c1}. */
    public String database() {
        return database;
    }

    /** The server's host. */
    public String host() {
        return server.host();
    }

    /** The server's port. */
    public int port() {
        return server.port();
    }

    /**
     * Opens a new connection to this database; the caller closes it.
     *
     * @throws IllegalStateException when the connection cannot be opened
     */
    public Connection connect() {
        Properties props = new Properties();
        if (user() != null && !user().isEmpty()) {
            props.setProperty("user", user());
        }
        props.setProperty("password", password());
        try {
            return DriverManager.getConnection(url(), props);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to test database " + database + " at " + host() + ":"
                    + port() + ": " + e.getMessage(), e);
        }
    }

    /** Drops the database, terminating other sessions on it first. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.dropDatabase(database);
        } catch (SQLException e) {
            LOG.warn("Could not drop test database {} at {}:{}: {}", database, host(), port(), e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + kind() + " " + host() + ":" + port() + "/" + database + " via " + server.source() + "]";
    }
}

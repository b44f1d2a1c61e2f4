package dev.migrator.jdbc.internal;

import dev.migrator.api.DatabaseException;
import dev.migrator.spi.TargetLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database-native session lock (PostgreSQL {@code pg_try_advisory_lock}, MySQL {@code GET_LOCK}) held on a
 * connection of its own. That connection stays idle in autocommit while the lock is held, so statements on the work
 * connection that wait for idle transactions ({@code CREATE INDEX CONCURRENTLY}) never wait on it. The database frees
 * the lock when that connection dies. Not thread-safe, like the session that owns it.
 */
final class NativeLock implements TargetLock {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLock.class);

    private static final long FIRST_BACKOFF_MS = 20;
    private static final long MAX_BACKOFF_MS = 500;

    private final Supplier<Connection> connections;
    private final Dialect.LockSql sql;
    private Connection connection;

    /**
     * Creates the lock.
     *
     * @param connections opens the lock's own connection (never the work connection)
     * @param sql the dialect's lock statements and key
     */
    public NativeLock(Supplier<Connection> connections, Dialect.LockSql sql) {
        this.connections = connections;
        this.sql = sql;
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        if (connection != null) {
            if (isHeld()) {
                return true;
            }
            closeQuietly();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted before taking " + sql.description());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection c = connections.get();
        boolean done = false;
        try {
            c.setAutoCommit(true);
            long backoff = FIRST_BACKOFF_MS;
            while (true) {
                if (query(c, sql.tryAcquire())) {
                    connection = c;
                    done = true;
                    LOG.debug("Took {}", sql.description());
                    return true;
                }
                long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMs <= 0) {
                    return false;
                }
                Thread.sleep(Math.min(backoff, remainingMs));
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot take " + sql.description() + ": " + e.getMessage() + " (SQLSTATE "
                    + e.getSQLState() + ").", e);
        } finally {
            if (!done) {
                close(c);
            }
        }
    }

    @Override
    public boolean isHeld() {
        if (connection == null) {
            return false;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql.isHeld())) {
            ps.setQueryTimeout(5);
            ps.setObject(1, sql.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            LOG.debug("{} is not held: {}", sql.description(), e.getMessage());
            return false;
        }
    }

    @Override
    public void release() {
        if (connection == null) {
            return;
        }
        try {
            if (!query(connection, sql.release())) {
                LOG.warn("{} was no longer held when released; another session may have run meanwhile. Check that"
                        + " nothing killed the lock's connection.", sql.description());
            } else {
                LOG.debug("Released {}", sql.description());
            }
        } catch (SQLException e) {
            // The connection is broken, so the database has already freed the lock with the session.
            LOG.warn("Could not release {} ({}); the database frees it with the broken connection.",
                    sql.description(), e.getMessage());
        } finally {
            closeQuietly();
        }
    }

    @Override
    public String describe() {
        return sql.description();
    }

    private boolean query(Connection c, String statement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setObject(1, sql.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void closeQuietly() {
        Connection c = connection;
        connection = null;
        close(c);
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing a lock connection failed: {}", e.getMessage());
        }
    }
}

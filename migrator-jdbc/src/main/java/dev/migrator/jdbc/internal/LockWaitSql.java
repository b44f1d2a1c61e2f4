package dev.migrator.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** How one database family bounds a session's lock waits and reports a wait that ran out. */
public interface LockWaitSql {

    /** The session's current setting, as text {@link #set(Connection, String)} puts back exactly. */
    String read(Connection connection) throws SQLException;

    /** Limits the session's lock waits to {@code timeout} (positive). */
    void limit(Connection connection, Duration timeout) throws SQLException;

    /** Puts back a setting {@link #read(Connection)} returned. */
    void set(Connection connection, String saved) throws SQLException;

    /** Whether the error is a lock wait that ran out. */
    boolean isTimeout(SQLException e);

    /** The setting's name, for messages. */
    String settingName();

    /** A query listing the sessions that may hold the lock, oldest transaction first. */
    String blockersQuery();
}

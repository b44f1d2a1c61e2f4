package dev.migrator.jdbc.internal.mysql;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableInfo;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * MySQL's and MariaDB's fastest bulk insert: {@code LOAD DATA LOCAL INFILE} fed from a stream of the rows
 * ({@link LoadDataStream}, in {@link LoadDataText}'s format) through Connector/J's
 * {@code JdbcStatement#setLocalInfileInputStream}, in the connection's transaction. It needs the driver property
 * {@code allowLoadLocalInfile=true} on the connection (migrator sets it on the connections it opens for data
 * sessions unless the user's properties say otherwise) and the server's {@code local_infile} on; {@link #check}
 * says why not otherwise, and the caller then inserts.
 *
 * <p>{@code LOAD DATA LOCAL} cannot stop the client's stream halfway, so the server turns what would be errors into
 * warnings and skips or coerces the value (a duplicate key skips the row, a bad UUID becomes a zero or a NULL, a long
 * text is cut). A load therefore fails unless the server reports exactly as many rows as were sent and
 * {@code SHOW WARNINGS} is empty, with the first warnings in the message (a duplicate key keeps SQLSTATE 23000 and
 * error 1062, as an INSERT's would). Internal.
 */
final class MysqlLoadData {

    /** Connector/J's statement type that takes the stream, by name: the driver is named by no class here (see module-info). */
    private static final String CONNECTOR_J_STATEMENT = "com.mysql.cj.jdbc.JdbcStatement";
    private static final String CONNECTOR_J_CONNECTION = "com.mysql.cj.jdbc.JdbcConnection";
    private static final String CONNECTOR_J_PROPERTIES = "com.mysql.cj.conf.PropertySet";
    private static final String CONNECTOR_J_PROPERTY = "com.mysql.cj.conf.RuntimeProperty";

    private static final int WARNINGS_SHOWN = 5;

    private final Class<?> statementType;
    private final Method setStream;

    private MysqlLoadData(Class<?> statementType, Method setStream) {
        this.statementType = statementType;
        this.setStream = setStream;
    }

    /**
     * What a connection offers: a loader, or why there is none (for the log line that says which path runs).
     *
     * @param loader the loader, or {@code null}
     * @param refusal why this connection cannot load with {@code LOAD DATA LOCAL INFILE}, or {@code null}
     */
    record Availability(MysqlLoadData loader, String refusal) {
        static Availability refused(String why) {
            return new Availability(null, why);
        }
    }

    /** Whether this connection can load with {@code LOAD DATA LOCAL INFILE}: Connector/J, its property, the server's. */
    static Availability check(Connection c) throws SQLException {
        ClassLoader loader = c.getClass().getClassLoader();
        Class<?> statementType;
        Class<?> connectionType;
        Method setStream;
        Method propertySet;
        Method booleanProperty;
        Method value;
        try {
            statementType = Class.forName(CONNECTOR_J_STATEMENT, false, loader);
            connectionType = Class.forName(CONNECTOR_J_CONNECTION, false, loader);
            setStream = statementType.getMethod("setLocalInfileInputStream", InputStream.class);
            propertySet = connectionType.getMethod("getPropertySet");
            booleanProperty = Class.forName(CONNECTOR_J_PROPERTIES, false, loader).getMethod("getBooleanProperty", String.class);
            value = Class.forName(CONNECTOR_J_PROPERTY, false, loader).getMethod("getValue");
        } catch (ReflectiveOperationException | LinkageError e) {
            return Availability.refused("the driver is not MySQL Connector/J 8 or later");
        }
        if (!c.isWrapperFor(connectionType)) {
            return Availability.refused("the driver is not MySQL Connector/J 8 or later");
        }
        try {
            Object properties = propertySet.invoke(c.unwrap(connectionType));
            if (!Boolean.TRUE.equals(value.invoke(booleanProperty.invoke(properties, "allowLoadLocalInfile")))) {
                return Availability.refused("the connection's driver property allowLoadLocalInfile is false");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Availability.refused("Connector/J's properties could not be read (" + e + ")");
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.local_infile")) {
            if (!rs.next() || rs.getLong(1) != 1) {
                return Availability.refused("the server's local_infile is off (SET GLOBAL local_infile = 1 allows it)");
            }
        }
        try (Statement s = c.createStatement()) {
            // Keep every condition of a load, so that notes (which pass) cannot hide a warning (which fails it).
            s.execute("SET SESSION max_error_count = 65535");
        }
        return new Availability(new MysqlLoadData(statementType, setStream), null);
    }

    /** The server or the driver refused {@code LOAD DATA LOCAL INFILE} before a single row was read: insert instead. */
    static final class Refused extends SQLException {
        private static final long serialVersionUID = 1L;

        Refused(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }

    private static boolean isRefusal(SQLException e) {
        // 1148 ER_NOT_ALLOWED_COMMAND (MySQL 5.7, MariaDB before 10.5); 4166 ER_LOAD_INFILE_CAPABILITY_DISABLED
        // (MariaDB); 3948 ER_CLIENT_LOCAL_FILES_DISABLED (MySQL 8).
        return e.getErrorCode() == 1148 || e.getErrorCode() == 4166 || e.getErrorCode() == 3948;
    }

    /** The statement, with binary and boolean columns through user variables (see {@link LoadDataText}). */
    static String sql(String qualifiedTable, List<ColumnInfo> columns) {
        StringBuilder sql = new StringBuilder("LOAD DATA LOCAL INFILE 'migrator-rows' INTO TABLE ").append(qualifiedTable)
                // Hex literals: they mean the same whatever the session's sql_mode (NO_BACKSLASH_ESCAPES included).
                .append(" CHARACTER SET utf8mb4 FIELDS TERMINATED BY x'09' ENCLOSED BY '' ESCAPED BY x'5C'")
                .append(" LINES STARTING BY '' TERMINATED BY x'0A' (");
        List<String> set = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnInfo column = columns.get(i);
            sql.append(i == 0 ? "" : ", ");
            if (LoadDataText.viaVariable(column)) {
                String variable = "@v" + i;
                sql.append(variable);
                set.add(MysqlDialect.quoteIdentifier(column.name()) + " = " + LoadDataText.storedFrom(column, variable));
            } else {
                sql.append(MysqlDialect.quoteIdentifier(column.name()));
            }
        }
        sql.append(')');
        if (!set.isEmpty()) {
            sql.append(" SET ").append(String.join(", ", set));
        }
        return sql.toString();
    }

    /**
     * Loads the rows in the connection's transaction (in one of its own when autocommit is on, so that a rejected load
     * leaves nothing behind) and returns how many; the caller rolls back when it throws.
     *
     * @throws Refused the server or the driver refused the statement before it read a row (the rows are untouched)
     * @throws SQLException the server's failure, or the warnings of the load
     * @throws RuntimeException the rows' own failure (their iterator's or a value of the wrong type), as it was thrown
     */
    long load(Connection c, String qualifiedTable, TableInfo table, Iterator<Object[]> rows) throws SQLException {
        boolean own = c.getAutoCommit();
        if (own) {
            c.setAutoCommit(false);
        }
        boolean done = false;
        try {
            long count = loadInTransaction(c, qualifiedTable, table, rows);
            if (own) {
                c.commit();
            }
            done = true;
            return count;
        } finally {
            if (own) {
                if (!done) {
                    c.rollback();
                }
                c.setAutoCommit(true);
            }
        }
    }

    private long loadInTransaction(Connection c, String qualifiedTable, TableInfo table, Iterator<Object[]> rows)
            throws SQLException {
        LoadDataStream stream = new LoadDataStream(rows, table.columns());
        long loaded;
        try (Statement s = c.createStatement()) {
            try {
                setStream.invoke(s.unwrap(statementType), stream);
            } catch (ReflectiveOperationException e) {
                throw new SQLException("Connector/J did not take the rows' stream for LOAD DATA LOCAL INFILE: " + e, e);
            }
            try {
                loaded = s.executeLargeUpdate(sql(qualifiedTable, table.columns()));
            } catch (SQLException e) {
                if (stream.failure() != null) {
                    stream.failure().addSuppressed(e);
                    throw stream.failure();
                }
                throw isRefusal(e) && stream.rows() == 0 ? new Refused(e) : e;
            }
            if (stream.failure() != null) {
                throw stream.failure();
            }
            checkWarnings(s, qualifiedTable, stream.rows(), loaded);
        }
        return loaded;
    }

    /**
     * Every row stored, none skipped, nothing coerced: else the load fails with what the server said. Notes pass: they
     * are what an INSERT in strict mode also accepts (a decimal rounded to the column's scale), which the caller's own
     * verification compares; warnings are what an INSERT would have refused. Conditions beyond those the server keeps
     * ({@code max_error_count}, raised for the session in {@link #check}) count as warnings.
     */
    private static void checkWarnings(Statement s, String qualifiedTable, long sent, long loaded) throws SQLException {
        long total;
        try (ResultSet rs = s.executeQuery("SHOW COUNT(*) WARNINGS")) {
            total = rs.next() ? rs.getLong(1) : 0;
        }
        List<String> shown = new ArrayList<>();
        int firstCode = 0;
        long listed = 0;
        long problems = 0;
        if (total > 0) {
            try (ResultSet rs = s.executeQuery("SHOW WARNINGS")) {
                while (rs.next()) {
                    listed++;
                    if ("Note".equalsIgnoreCase(rs.getString(1))) {
                        continue;
                    }
                    problems++;
                    if (firstCode == 0) {
                        firstCode = rs.getInt(2);
                    }
                    if (shown.size() < WARNINGS_SHOWN) {
                        shown.add(rs.getString(1) + " " + rs.getInt(2) + ": " + rs.getString(3));
                    }
                }
            }
            problems += Math.max(0, total - listed);
        }
        if (problems == 0 && sent == loaded) {
            return;
        }
        String state = firstCode == 1062 || firstCode == 1451 || firstCode == 1452 ? "23000" : "22000";
        throw new SQLException("LOAD DATA into " + qualifiedTable + " stored " + loaded + " of " + sent
                + " rows with " + problems + " warning(s)" + (shown.isEmpty() ? "" : ": " + String.join("; ", shown)
                + (problems > shown.size() ? "; ..." : "")) + ". The server skips or changes such rows instead of failing, so "
                + "the batch is refused; correct the values (or the column types) and run it again.", state, firstCode);
    }
}

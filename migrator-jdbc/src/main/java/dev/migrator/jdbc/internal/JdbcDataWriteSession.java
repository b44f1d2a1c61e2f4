package dev.migrator.jdbc.internal;

import dev.migrator.api.DatabaseException;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.NativeWriter;
import dev.migrator.spi.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a data migration's batches over one connection of its own (not the pool's). Between {@link #begin()} and
 * {@link #commit()} autocommit is off, so a batch's rows and its checkpoint commit together: PostgreSQL's and InnoDB's
 * DML are both transactional (a MyISAM table would not be). Outside a batch each call commits by itself. Inserts take
 * the bulk path (PostgreSQL {@code COPY}, MySQL multi-row inserts); upserts too (COPY into a temporary table, or
 * {@code INSERT ... ON DUPLICATE KEY UPDATE}).
 */
final class JdbcDataWriteSession implements DataWriteSession {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcDataWriteSession.class);

    /** The checkpoint table, one per schema. */
    static final String CHECKPOINTS = "migrator_data_checkpoints";

    private final JdbcBackend backend;
    private final Dialect dialect;
    private final TableData data;
    private final Connection connection;
    private boolean inBatch;

    private JdbcDataWriteSession(JdbcBackend backend, TableData data, Connection connection) {
        this.backend = backend;
        this.dialect = backend.dialect();
        this.data = data;
        this.connection = connection;
    }

    static JdbcDataWriteSession open(JdbcBackend backend, TableData data) {
        return new JdbcDataWriteSession(backend, data, sessionConnection(backend, data, true, "writing"));
    }

    /** A connection of the session's own, prepared for the dialect (MySQL: UTC), in the given autocommit mode. */
    static Connection sessionConnection(JdbcBackend backend, TableData data, boolean autoCommit, String purpose) {
        Connection c = backend.lockConnection();
        try {
            data.prepareSession(c);
            c.setAutoCommit(autoCommit);
            return c;
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw JdbcSnapshotSession.failed(backend, "prepare a connection for " + purpose + " records", e);
        }
    }

    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        return Optional.ofNullable(data.describe(backend, connection, schema, table));
    }

    @Override
    public long count(TableInfo table) {
        try {
            return data.count(connection, table, null);
        } catch (SQLException e) {
            throw fail("count the rows of " + table.qualifiedName(), e,
                    "Check that the table exists and the connection's user may read it.");
        }
    }

    /** Always: PostgreSQL and InnoDB roll a batch's rows and its checkpoint back together. */
    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public void prepareCheckpoints(String schema) {
        try (Statement s = connection.createStatement()) {
            s.execute(data.checkpointDdl(checkpoints(schema)));
        } catch (SQLException e) {
            if (!dialect.isConcurrentCreate(e)) {
                throw fail("create the checkpoint table " + schema + "." + CHECKPOINTS, e,
                        "Grant the connection's user CREATE on schema " + schema + ", or create the table beforehand.");
            }
        }
    }

    @Override
    public Optional<String> loadCheckpoint(String schema, String migration) {
        try {
            if (!dialect.tableExists(connection, schema, CHECKPOINTS)) {
                return Optional.empty();
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT state FROM " + checkpoints(schema)
                    + " WHERE name = ?")) {
                ps.setString(1, migration);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw fail("read the checkpoint of migration '" + migration + "' from " + schema + "."
                    + CHECKPOINTS, e, "Check that the connection's user may read the table.");
        }
    }

    @Override
    public void saveCheckpoint(String schema, String migration, String state) {
        try (PreparedStatement ps = connection.prepareStatement(data.checkpointUpsert(checkpoints(schema)))) {
            ps.setString(1, migration);
            ps.setString(2, state);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("save the checkpoint of migration '" + migration + "' in " + schema + "."
                    + CHECKPOINTS, e, "Call prepareCheckpoints first, and check that the connection's user may write the table.");
        }
    }

    private String checkpoints(String schema) {
        return data.quote(schema) + "." + data.quote(CHECKPOINTS);
    }

    @Override
    public void begin() {
        try {
            connection.setAutoCommit(false);
            inBatch = true;
        } catch (SQLException e) {
            throw fail("begin a batch", e, JdbcWriteFailures.RETRY_HINT);
        }
    }

    /**
     * One query per 10,000 keys (see {@link TableData#keysCondition}); rows with all of {@code table}'s columns, in no
     * particular order.
     */
    @Override
    public List<Object[]> find(TableInfo table, List<String> keyColumns, List<Object[]> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<ColumnInfo> keyInfo = keyColumns(table, keyColumns);
        List<Object[]> found = new ArrayList<>();
        int chunk = data.maxKeysPerQuery(keyInfo.size());
        try {
            for (int from = 0; from < keys.size(); from += chunk) {
                List<Object[]> part = keys.subList(from, Math.min(keys.size(), from + chunk));
                String sql = data.selectAll(table) + " WHERE " + data.keysCondition(keyInfo, part.size());
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    data.bindKeys(ps, keyInfo, part);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(data.readRow(rs, table.columns()));
                        }
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw fail("look up " + keys.size() + " keys " + keyColumns + " in " + table.qualifiedName(), e,
                    JdbcWriteFailures.hint(e, table, keyColumns));
        }
    }

    @Override
    public void insert(TableInfo table, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            data.load(connection, table, rows.iterator());
        } catch (SQLException e) {
            throw fail("insert " + rows.size() + " rows into " + table.qualifiedName(), e, JdbcWriteFailures.hint(e, table, List.of()));
        }
    }

    /** PostgreSQL's {@code "postgresql-copy-text"}; empty on MySQL and MariaDB. */
    @Override
    public Optional<NativeWriter> nativeWriter() {
        String format = data.nativeFormat();
        return format == null ? Optional.empty() : Optional.of(new NativeWriter() {
            @Override
            public String format() {
                return format;
            }

            /** PostgreSQL: {@code COPY t (columns) FROM STDIN} with the bytes as they are, in the batch's transaction. */
            @Override
            public void write(TableInfo table, List<String> columns, byte[] rows) {
                try {
                    data.writeNative(connection, table, columns, rows);
                } catch (SQLException e) {
                    throw fail("insert a batch (" + rows.length + " bytes of COPY text) into " + table.qualifiedName(), e,
                            JdbcWriteFailures.hint(e, table, List.of()));
                }
            }
        });
    }

    @Override
    public void upsert(TableInfo table, List<String> keyColumns, List<Object[]> rows) {
        keyColumns(table, keyColumns);
        if (rows.isEmpty()) {
            return;
        }
        try {
            data.upsert(connection, table, keyColumns, rows);
        } catch (SQLException e) {
            throw fail("upsert " + rows.size() + " rows into " + table.qualifiedName() + " by " + keyColumns, e,
                    JdbcWriteFailures.hint(e, table, keyColumns));
        }
    }

    /** PostgreSQL's (see {@code PostgresData#countedUpsert}); empty on MySQL and MariaDB. */
    @Override
    public Optional<CountedUpsert> countedUpsert() {
        if (!data.countsUpserts()) {
            return Optional.empty();
        }
        return Optional.of((table, keyColumns, rows) -> {
            keyColumns(table, keyColumns);
            try {
                return data.countedUpsert(connection, table, keyColumns, rows);
            } catch (SQLException e) {
                throw fail("upsert " + rows.size() + " rows into " + table.qualifiedName() + " by " + keyColumns, e,
                        JdbcWriteFailures.hint(e, table, keyColumns));
            }
        });
    }

    @Override
    public void commit() {
        try {
            connection.commit();
            connection.setAutoCommit(true);
            inBatch = false;
        } catch (SQLException e) {
            throw fail("commit a batch", e, "The batch is not committed; roll it back and look at the server's log.");
        }
    }

    @Override
    public void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("[{}] rollback of a batch failed ({}); the server discards it with the connection.", backend.name(),
                    e.getMessage());
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("[{}] resetting autocommit after a rollback: {}", backend.name(), e.getMessage());
        }
        inBatch = false;
    }

    /** Walks the cause chain for a lost connection, a deadlock, a serialization failure or a lock wait timeout. */
    @Override
    public boolean isTransient(RuntimeException failure) {
        return JdbcWriteFailures.isTransient(failure);
    }

    /**
     * Counts, per foreign key, the rows whose key columns are all set and match no parent row (MATCH SIMPLE: a row
     * with a null in the key is not checked by the database either). Zero for a clean key.
     */
    @Override
    public Map<String, Long> orphans(TableInfo table) {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            for (TableData.ForeignKey fk : data.foreignKeysOf(connection, table)) {
                StringBuilder sql = new StringBuilder("SELECT count(*) FROM ").append(data.qualified(table)).append(" c WHERE ");
                for (String column : fk.columns()) {
                    sql.append("c.").append(data.quote(column)).append(" IS NOT NULL AND ");
                }
                sql.append("NOT EXISTS (SELECT 1 FROM ").append(data.quote(fk.parentSchema())).append('.')
                        .append(data.quote(fk.parentTable())).append(" p WHERE ");
                for (int i = 0; i < fk.columns().size(); i++) {
                    sql.append(i == 0 ? "" : " AND ").append("p.").append(data.quote(fk.parentColumns().get(i)))
                            .append(" = c.").append(data.quote(fk.columns().get(i)));
                }
                sql.append(')');
                try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
                    rs.next();
                    out.put(fk.name(), rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("count the rows of " + table.qualifiedName() + " without a parent row", e,
                    "Check that the connection's user may read the table and the tables it refers to.");
        }
    }

    @Override
    public void close() {
        if (inBatch) {
            rollback();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a writer connection: {}", e.getMessage());
        }
    }

    private static List<ColumnInfo> keyColumns(TableInfo table, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("A key of " + table.qualifiedName() + " needs at least one column.");
        }
        List<ColumnInfo> out = new ArrayList<>(names.size());
        for (String name : names) {
            ColumnInfo column = table.columns().stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Key column " + name + " is not among the columns "
                            + table.columns().stream().map(ColumnInfo::name).toList() + " written to "
                            + table.qualifiedName() + "; the records must carry their key."));
            out.add(column);
        }
        return out;
    }

    private DatabaseException fail(String action, SQLException e, String hint) {
        SQLException cause = JdbcWriteFailures.lostConnection(connection, e);
        return JdbcWriteFailures.failed(backend, action, cause, JdbcWriteFailures.isTransient(cause)
                ? JdbcWriteFailures.RETRY_HINT : hint);
    }
}

package dev.migrator.core.fake;

import java.util.Optional;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Writes a data migration's batches into fake tables, each batch and its checkpoint in one transaction of the
 * connection. The checkpoint table {@code migrator_data_checkpoints} is described like a table once prepared.
 */
final class FakeDataWriter implements DataWriteSession {

    static final String CHECKPOINTS = "migrator_data_checkpoints";

    private final FakeConnection connection;

    FakeDataWriter(FakeDatabase db) {
        this.connection = new FakeConnection(db);
    }

    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        return Optional.ofNullable(describeOrNull(schema, table));
    }

    private TableInfo describeOrNull(String schema, String table) {
        return connection.read(s -> {
            if (table.equals(CHECKPOINTS)) {
                FakeSchema sc = s.schemas.get(schema);
                return sc == null || sc.checkpoints == null ? null : new TableInfo(schema, CHECKPOINTS,
                        List.of(ColumnInfo.of("migration", "string", ValueKind.STRING),
                                ColumnInfo.of("state", "string", ValueKind.STRING)), List.of("migration"));
            }
            return FakeRows.describe(s, schema, table);
        });
    }

    @Override
    public long count(TableInfo table) {
        return connection.read(s -> (long) s.table(table.schema(), table.name()).size());
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public void prepareCheckpoints(String schema) {
        connection.write(s -> {
            FakeSchema sc = s.schema(schema);
            if (sc.checkpoints == null) {
                sc.checkpoints = new LinkedHashMap<>();
            }
        });
    }

    @Override
    public Optional<String> loadCheckpoint(String schema, String migration) {
        return Optional.ofNullable(checkpointOrNull(schema, migration));
    }

    private String checkpointOrNull(String schema, String migration) {
        return connection.read(s -> {
            FakeSchema sc = s.schemas.get(schema);
            return sc == null || sc.checkpoints == null ? null : sc.checkpoints.get(migration);
        });
    }

    @Override
    public void saveCheckpoint(String schema, String migration, String state) {
        connection.write(s -> {
            FakeSchema sc = s.schema(schema);
            if (sc.checkpoints == null) {
                throw new StatementException("relation \"" + schema + "." + CHECKPOINTS + "\" does not exist", "42P01", null);
            }
            sc.checkpoints.put(migration, state);
        });
    }

    @Override
    public void begin() {
        connection.begin();
    }

    @Override
    public List<Object[]> find(TableInfo table, List<String> keyColumns, List<Object[]> keys) {
        return connection.read(s -> {
            FakeTable t = s.table(table.schema(), table.name());
            int[] keyAt = FakeRows.positions(t, keyColumns);
            int[] out = FakeRows.positions(t, table.columns().stream().map(ColumnInfo::name).toList());
            List<Object[]> found = new ArrayList<>();
            for (Object[] key : keys) {
                Object[] row = FakeRows.find(t, keyAt, key);
                if (row != null) {
                    Object[] projected = new Object[out.length];
                    for (int i = 0; i < out.length; i++) {
                        projected[i] = row[out[i]];
                    }
                    found.add(projected);
                }
            }
            return found;
        });
    }

    @Override
    public void insert(TableInfo table, List<Object[]> rows) {
        connection.database().failIfAsked();
        List<Object[]> copies = rows.stream().map(Object[]::clone).toList();
        connection.write(s -> {
            FakeTable t = s.table(table.schema(), table.name());
            int[] at = FakeRows.positions(t, table.columns().stream().map(ColumnInfo::name).toList());
            for (Object[] row : copies) {
                t.insert(spread(t, at, row));
            }
        });
    }

    @Override
    public void upsert(TableInfo table, List<String> keyColumns, List<Object[]> rows) {
        connection.database().failIfAsked();
        List<Object[]> copies = rows.stream().map(Object[]::clone).toList();
        connection.write(s -> {
            FakeTable t = s.table(table.schema(), table.name());
            int[] at = FakeRows.positions(t, table.columns().stream().map(ColumnInfo::name).toList());
            int[] keyAt = FakeRows.positions(t, keyColumns);
            for (Object[] row : copies) {
                Object[] full = spread(t, at, row);
                Object[] key = new Object[keyAt.length];
                for (int i = 0; i < keyAt.length; i++) {
                    key[i] = full[keyAt[i]];
                }
                Object[] existing = FakeRows.find(t, keyAt, key);
                if (existing == null) {
                    t.insert(full);
                    continue;
                }
                // The given columns replace the existing row's; the primary key stays unless it is part of the key.
                Object[] merged = existing.clone();
                for (int p : at) {
                    if (p != 0 || contains(keyAt, 0)) {
                        merged[p] = full[p];
                    }
                }
                t.delete(existing[0]);
                t.insert(merged);
            }
        });
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** A row given in the order of some columns, as a full row of the table (absent columns null). */
    private static Object[] spread(FakeTable t, int[] at, Object[] row) {
        Object[] full = new Object[t.columns().size()];
        for (int i = 0; i < at.length; i++) {
            full[at[i]] = row[i];
        }
        return full;
    }

    @Override
    public void commit() {
        connection.commit();
    }

    @Override
    public void rollback() {
        connection.rollback();
    }

    /** A lost connection (SQLSTATE class 08) or a serialization failure (40001) may pass on a new session. */
    @Override
    public boolean isTransient(RuntimeException failure) {
        return failure instanceof StatementException se && se.sqlState() != null
                && (se.sqlState().startsWith("08") || se.sqlState().equals("40001"));
    }

    @Override
    public void close() {
        connection.close();
    }
}

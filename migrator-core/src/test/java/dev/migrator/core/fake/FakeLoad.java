package dev.migrator.core.fake;

import java.util.Optional;
import dev.migrator.spi.LoadSession;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.TableInfo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Loads rows for a restore, truncate and load in one transaction of its connection. Fake tables have no foreign keys. */
final class FakeLoad implements LoadSession {

    private final FakeConnection connection;

    FakeLoad(FakeDatabase db) {
        this.connection = new FakeConnection(db);
    }

    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        return Optional.ofNullable(describeOrNull(schema, table));
    }

    private TableInfo describeOrNull(String schema, String table) {
        return connection.read(s -> FakeRows.describe(s, schema, table));
    }

    @Override
    public List<TableInfo> loadOrder(List<TableInfo> tables) {
        return List.copyOf(tables);
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public void begin() {
        connection.begin();
    }

    @Override
    public void truncate(List<TableInfo> tables) {
        connection.write(s -> tables.forEach(t -> s.table(t.schema(), t.name()).clear()));
    }

    @Override
    public long load(TableInfo table, Iterator<Object[]> rows) {
        List<Object[]> all = new ArrayList<>();
        rows.forEachRemaining(r -> all.add(r.clone()));
        connection.write(s -> {
            FakeTable t = s.table(table.schema(), table.name());
            int[] at = FakeRows.positions(t, table.columns().stream().map(c -> c.name()).toList());
            for (Object[] row : all) {
                Object[] full = new Object[t.columns().size()];
                for (int i = 0; i < at.length; i++) {
                    full[at[i]] = row[i];
                }
                t.insert(full);
            }
        });
        return all.size();
    }

    @Override
    public long read(TableInfo table, RowSink sink) {
        return FakeRows.feed(connection.read(s -> s.table(table.schema(), table.name()).rows()), sink);
    }

    @Override
    public void resetSequences(TableInfo table) {
        // fake tables have no sequences
    }

    @Override
    public void commit() {
        connection.commit();
    }

    @Override
    public void rollback() {
        connection.rollback();
    }

    @Override
    public void close() {
        connection.close();
    }
}

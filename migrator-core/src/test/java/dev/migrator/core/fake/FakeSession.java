package dev.migrator.core.fake;

import java.util.Optional;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.HistoryStore;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TargetLock;
import dev.migrator.spi.TargetSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A target session on a fake database: a connection of its own, the schema's lock, its history table. */
final class FakeSession implements TargetSession {

    private final FakeConnection connection;
    private final String schema;
    private final String historyTable;
    private final FakeBackend.Ddl ddl;
    private final History history = new History();
    private FakeLock lock;

    FakeSession(FakeDatabase db, String schema, String historyTable, FakeBackend.Ddl ddl) {
        this.connection = new FakeConnection(db);
        this.schema = schema;
        this.historyTable = historyTable;
        this.ddl = ddl;
    }

    @Override
    public String schema() {
        return schema;
    }

    @Override
    public boolean schemaExists() {
        return connection.read(s -> s.schemas.containsKey(schema));
    }

    @Override
    public void createSchema() {
        connection.write(s -> s.schemas.putIfAbsent(schema, new FakeSchema()));
    }

    @Override
    public TargetLock lock() {
        if (lock == null) {
            lock = new FakeLock(connection.database(), schema, historyTable);
        }
        return lock;
    }

    @Override
    public HistoryStore history() {
        return history;
    }

    @Override
    public void begin() {
        connection.begin();
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
    public void execute(ParsedStatement statement) {
        FakeScript.execute(connection, schema, statement, ddl);
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return type == FakeDatabase.class ? Optional.of(type.cast(connection.database())) : Optional.empty();
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.release();
        }
        connection.close();
    }

    /** The history table: rows kept by rank, written through the session's connection (so inside its transaction). */
    private final class History implements HistoryStore {

        @Override
        public boolean exists() {
            return connection.read(s -> s.schemas.containsKey(schema) && s.schema(schema).histories.containsKey(historyTable));
        }

        @Override
        public void createIfMissing() {
            connection.write(s -> s.schema(schema).histories.putIfAbsent(historyTable, new ArrayList<>()));
        }

        @Override
        public List<HistoryRow> read() {
            return connection.read(s -> {
                FakeSchema sc = s.schemas.get(schema);
                List<HistoryRow> rows = sc == null ? null : sc.histories.get(historyTable);
                return rows == null ? List.of() : List.copyOf(rows);
            });
        }

        @Override
        public void insert(HistoryRow row) {
            connection.write(s -> {
                List<HistoryRow> rows = table(s);
                if (rows.stream().anyMatch(r -> r.rank() == row.rank())) {
                    throw new StatementException("duplicate key value violates unique constraint \"" + historyTable
                            + "_pkey\": key (installed_rank)=(" + row.rank() + ") already exists", "23505", null);
                }
                rows.add(row);
                rows.sort(Comparator.comparingInt(HistoryRow::rank));
            });
        }

        @Override
        public void update(HistoryRow row) {
            connection.write(s -> table(s).replaceAll(r -> r.rank() == row.rank() ? row : r));
        }

        @Override
        public void delete(int rank) {
            connection.write(s -> table(s).removeIf(r -> r.rank() == rank));
        }

        private List<HistoryRow> table(FakeState s) {
            List<HistoryRow> rows = s.schema(schema).histories.get(historyTable);
            if (rows == null) {
                throw new StatementException("relation \"" + schema + "." + historyTable + "\" does not exist", "42P01", null);
            }
            return rows;
        }
    }
}

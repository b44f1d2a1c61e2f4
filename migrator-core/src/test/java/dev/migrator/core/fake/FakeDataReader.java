package dev.migrator.core.fake;

import java.util.OptionalLong;
import java.util.Optional;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TableInfo;
import java.util.List;

/**
 * Reads a data migration's source rows from fake tables in key order, resumable after a key. Filters are not part of
 * the fake language: a filter is refused as a database refuses a condition it cannot parse.
 */
final class FakeDataReader implements DataReadSession {

    private final FakeConnection connection;

    FakeDataReader(FakeDatabase db) {
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
    public OptionalLong count(TableInfo table, String filter) {
        return OptionalLong.of(countRows(table, filter));
    }

    private long countRows(TableInfo table, String filter) {
        refuseFilter(filter);
        return connection.read(s -> (long) s.table(table.schema(), table.name()).size());
    }

    @Override
    public long read(TableInfo table, String filter, List<String> orderBy, Object[] after, RowSink sink) {
        refuseFilter(filter);
        // Read as of one moment, then stream: the sink may be slow, and other sessions may write meanwhile.
        List<Object[]> rows = connection.read(s -> {
            FakeTable t = s.table(table.schema(), table.name());
            return FakeRows.orderedAfter(t.rows(), FakeRows.positions(t, orderBy), after);
        });
        return FakeRows.feed(rows, sink);
    }

    private static void refuseFilter(String filter) {
        if (filter != null) {
            throw new StatementException("the fake database has no filters: " + filter, "42601", null);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}

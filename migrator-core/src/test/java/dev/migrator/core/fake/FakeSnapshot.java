package dev.migrator.core.fake;

import java.util.Optional;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.SnapshotSession;
import dev.migrator.spi.TableInfo;
import java.util.List;

/** A consistent read-only view for backups: a copy of the whole database taken when opened, shared by its forks. */
final class FakeSnapshot implements SnapshotSession {

    private final FakeState state;

    FakeSnapshot(FakeState state) {
        this.state = state;
    }

    @Override
    public String consistency() {
        return "copy of the fake database";
    }

    @Override
    public List<TableInfo> tables(String schema, List<String> exclude) {
        FakeSchema sc = state.schemas.get(schema);
        return sc == null ? List.of() : sc.tables.values().stream()
                .filter(t -> !exclude.contains(t.name()))
                .map(FakeTable::info)
                .sorted(java.util.Comparator.comparing(TableInfo::name))
                .toList();
    }

    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        return Optional.ofNullable(describeOrNull(schema, table));
    }

    private TableInfo describeOrNull(String schema, String table) {
        return FakeRows.describe(state, schema, table);
    }

    @Override
    public long read(TableInfo table, RowSink sink) {
        return FakeRows.feed(state.table(table.schema(), table.name()).rows(), sink);
    }

    @Override
    public Optional<SnapshotSession> fork() {
        return Optional.of(new FakeSnapshot(state));
    }

    @Override
    public void close() {
        // nothing held
    }
}

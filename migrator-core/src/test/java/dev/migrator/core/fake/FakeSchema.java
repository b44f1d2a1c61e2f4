package dev.migrator.core.fake;

import dev.migrator.spi.HistoryRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One schema's tables and history tables (by name). Not thread-safe, as {@link FakeTable}. */
final class FakeSchema {

    final Map<String, FakeTable> tables = new LinkedHashMap<>();
    /** History rows by history table name; a row list is kept in rank order. */
    final Map<String, List<HistoryRow>> histories = new LinkedHashMap<>();
    /** Data migration checkpoints by migration name, once the checkpoint table exists. */
    Map<String, String> checkpoints;

    FakeSchema copy() {
        FakeSchema s = new FakeSchema();
        tables.forEach((k, v) -> s.tables.put(k, v.copy()));
        histories.forEach((k, v) -> s.histories.put(k, new ArrayList<>(v)));
        s.checkpoints = checkpoints == null ? null : new LinkedHashMap<>(checkpoints);
        return s;
    }
}

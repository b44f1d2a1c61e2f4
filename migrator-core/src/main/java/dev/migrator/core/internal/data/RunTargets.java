package dev.migrator.core.internal.data;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataTarget;
import dev.migrator.api.ErrorCode;
import dev.migrator.spi.Backend;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.TableInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's target tables as resolved on the target connection before anything is read or written.
 *
 * @param byName each table by its qualified name, in the order the migration names them
 * @param byType each record type's table; {@code "*"} for the default target's
 */
record RunTargets(Map<String, DataRunner.TargetTable> byName, Map<String, DataRunner.TargetTable> byType) {

    /**
     * Every configured target must exist with its key columns before anything is read or written.
     *
     * @throws DataMigrationException {@link ErrorCode#DATA_TARGET_INVALID} naming every missing table and key column
     */
    static RunTargets resolve(DataWriteSession w, DataMigration m, Backend targetBackend) {
        Map<String, DataRunner.TargetTable> tables = new LinkedHashMap<>();
        Map<String, DataRunner.TargetTable> tablesByType = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<DataTarget, DataRunner.TargetTable> resolved = new LinkedHashMap<>();
        List<Map.Entry<String, DataTarget>> all = new ArrayList<>(m.targets().entrySet());
        if (m.defaultTarget() != null) {
            all.add(Map.entry("*", m.defaultTarget()));
        }
        for (Map.Entry<String, DataTarget> e : all) {
            DataTarget t = e.getValue();
            DataRunner.TargetTable tt = resolved.get(t);
            if (tt == null) {
                DataRunner.TableName sn = DataRunner.split(t.table(), targetBackend);
                TableInfo info = w.describe(sn.schema(), sn.name()).orElse(null);
                if (info == null) {
                    String kind = targetBackend.tableWord() + " ";
                    problems.add(kind + sn.schema() + "." + sn.name() + " does not exist (create it first, e.g. with migrate())");
                    continue;
                }
                tt = new DataRunner.TargetTable(t, sn.schema(), info);
                List<String> missing = new ArrayList<>();
                for (int i = 0; i < t.keys().size(); i++) {
                    if (tt.keys.get(i) == null) {
                        missing.add(t.keys().get(i));
                    }
                }
                if (!missing.isEmpty()) {
                    problems.add("table " + info.qualifiedName() + " has no key column " + String.join(", ", missing)
                            + " (its columns: " + tt.columns.keySet() + ")");
                    continue;
                }
                resolved.put(t, tt);
                tables.put(tt.qualified, tt);
            }
            tablesByType.put(e.getKey(), tt);
        }
        if (!problems.isEmpty()) {
            throw new DataMigrationException(ErrorCode.DATA_TARGET_INVALID, "Data migration " + m.name()
                    + " cannot start: " + String.join("; ", problems) + ". Nothing was written.", null, null);
        }
        return new RunTargets(tables, tablesByType);
    }
}

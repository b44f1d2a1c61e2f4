package dev.migrator.core.internal.data;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataVerification;
import dev.migrator.api.RecordSource;
import dev.migrator.core.internal.backup.LiveChecksum;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks after a data migration. Per target table: its row count against the rows it held at the first start plus
 * the rows the migration inserted; rows whose foreign keys point nowhere; and, when the migration is a copy (a table or
 * collection source, no transforms, no filter, one target that was empty at the start), the source's row count and
 * an order-independent content checksum of both sides over the target's columns: computed by the databases themselves
 * when both can and the columns' types are equal ({@link ServerChecksums}), else read through the record path here.
 */
final class Verifier {

    private final DataRunner runner;
    private final DataMigration m;
    private final Map<String, DataRunner.TargetTable> tables;
    private final Checkpoint cp;
    private final DataRunner.Run run;

    Verifier(DataRunner runner, DataMigration m, Map<String, DataRunner.TargetTable> tables, Checkpoint cp,
            DataRunner.Run run) {
        this.runner = runner;
        this.m = m;
        this.tables = tables;
        this.cp = cp;
        this.run = run;
    }

    DataVerification verify() {
        List<DataVerification.TableCheck> checks = new ArrayList<>();
        try (DataWriteSession w = run.openWriter()) {
            for (DataRunner.TargetTable t : tables.values()) {
                List<String> problems = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                boolean copy = isCopy(t);
                ServerChecksums.Pair onServers = copy ? ServerChecksums.of(runner, m, t) : null;
                long rows = onServers != null ? onServers.target().rows() : w.count(t.info);
                long atStart = run.rowsAtRunStart(t.qualified);
                long inserted = run.insertedByRun(t.qualified);
                long expected = atStart + inserted;
                Boolean checksum = null;
                if (copy) {
                    SourceFigures source;
                    String target;
                    if (onServers != null) {
                        source = new SourceFigures(onServers.source().rows(), onServers.source().value());
                        target = onServers.target().value();
                    } else {
                        source = sourceFigures(t);
                        target = targetChecksum(t);
                    }
                    long sourceRows = source.rows();
                    checksum = source.checksum() != null && source.checksum().equals(target);
                    if (!checksum) {
                        problems.add("the content checksum of the source and the target differ (some values were not "
                                + "copied faithfully)");
                    }
                    if (rows != sourceRows) {
                        problems.add("holds " + rows + " rows; expected " + sourceRows + " (the source's rows)");
                    }
                    expected = sourceRows;
                } else if (rows < expected) {
                    problems.add("holds " + rows + " rows; expected at least " + expected + " (" + atStart + " when this run "
                            + "started + " + inserted + " inserted by it): rows were deleted while it ran");
                }
                // Rows others wrote before or while this run are theirs, not this run's: information, not a failure.
                long before = cp.rowsAtStart.getOrDefault(t.qualified, 0L);
                long ours = before + cp.writtenByTable.getOrDefault(t.qualified, 0L);
                if (rows != ours && problems.isEmpty()) {
                    notes.add("holds " + rows + " rows, " + Math.abs(rows - ours) + (rows > ours ? " more" : " fewer")
                            + " than this migration accounts for (" + before + " before its first run + " + (ours - before)
                            + " inserted by its runs): " + (rows > ours ? "inserted" : "deleted") + " by others");
                }
                Map<String, Long> orphans = new LinkedHashMap<>(w.orphans(t.info));
                orphans.forEach((fk, n) -> {
                    if (n > 0) {
                        problems.add(n + " rows break foreign key " + fk + " (their referenced row does not exist)");
                    }
                });
                checks.add(new DataVerification.TableCheck(t.qualified, expected, rows, checksum, orphans, problems, notes));
            }
        }
        return new DataVerification(checks);
    }

    /**
     * Whether the target is a copy of the source whose content can be compared as a whole: a table or collection read
     * unchanged (no transforms, filters or type options) into one table that held nothing but what this migration
     * wrote when this run started (empty at its first start, and no rows beyond those its earlier runs inserted).
     */
    private boolean isCopy(DataRunner.TargetTable t) {
        RecordSource s = m.source();
        boolean keyed = s instanceof RecordSource.Table st && st.where() == null
                || s instanceof RecordSource.Collection c && c.filter() == null;
        return keyed && m.transforms().isEmpty() && tables.size() == 1 && run.options().filter() == null
                && run.options().includeTypes().isEmpty() && run.options().excludeTypes().isEmpty()
                && Boolean.TRUE.equals(cp.emptyAtStart.get(t.qualified)) && cp.failed == 0
                && run.rowsAtRunStart(t.qualified) == run.writtenBeforeRun(t.qualified);
    }

    /** The source's row count and content checksum; -1 and no checksum when the source cannot be read again. */
    private record SourceFigures(long rows, String checksum) {}

    /** The source's row count and content checksum over the target's columns. */
    private SourceFigures sourceFigures(DataRunner.TargetTable t) {
        String connection;
        String qualified;
        if (m.source() instanceof RecordSource.Table s) {
            connection = s.connection();
            qualified = s.table();
        } else {
            RecordSource.Collection c = (RecordSource.Collection) m.source();
            connection = c.connection();
            qualified = c.collection();
        }
        Backend b = runner.backend(connection, m);
        try (DataReadSession r = b.openDataReader().orElseThrow(() -> new ConfigurationException(b.product()
                + " backend cannot read records for data migrations."))) {
            DataRunner.TableName sn = DataRunner.split(qualified, b);
            TableInfo info = r.describe(sn.schema(), sn.name()).orElseThrow();
            List<String> names = info.columns().stream().map(ColumnInfo::name).toList();
            int[] index = new int[t.info.columns().size()];
            for (int i = 0; i < index.length; i++) {
                index[i] = indexIgnoringCase(names, t.info.columns().get(i).name());
            }
            LiveChecksum sum = new LiveChecksum(checksumColumns(t));
            long rows = r.read(info, null, info.primaryKey(), null, row -> sum.add(project(t, row, index)));
            return new SourceFigures(rows, sum.value());
        } catch (RuntimeException e) {
            return new SourceFigures(-1L, null);
        }
    }

    private String targetChecksum(DataRunner.TargetTable t) {
        Backend b = runner.backend(t.target.connection(), m);
        try (DataReadSession r = b.openDataReader().orElseThrow(() -> new ConfigurationException(b.product()
                + " backend cannot read records for data migrations."))) {
            int[] index = new int[t.info.columns().size()];
            for (int i = 0; i < index.length; i++) {
                index[i] = i;
            }
            LiveChecksum sum = new LiveChecksum(checksumColumns(t));
            r.read(t.info, null, t.info.primaryKey().isEmpty() ? List.of(t.info.columns().get(0).name())
                    : t.info.primaryKey(), null, row -> sum.add(project(t, row, index)));
            return sum.value();
        }
    }

    /** The target's columns, with documents compared as JSON text. */
    private static List<ColumnInfo> checksumColumns(DataRunner.TargetTable t) {
        List<ColumnInfo> cols = new ArrayList<>();
        for (ColumnInfo c : t.info.columns()) {
            cols.add(c.kind() == ValueKind.DOCUMENT ? ColumnInfo.of(c.name(), c.type(), ValueKind.STRING) : c);
        }
        return cols;
    }

    private static Object[] project(DataRunner.TargetTable t, Object[] row, int[] index) {
        Object[] out = new Object[index.length];
        for (int i = 0; i < index.length; i++) {
            Object v = index[i] < 0 ? null : row[index[i]];
            ColumnInfo c = t.info.columns().get(i);
            out[i] = c.kind() == ValueKind.DOCUMENT && v != null ? Coercion.json(v) : v == null ? null : Coercion.to(c, v);
        }
        return out;
    }

    static int indexIgnoringCase(List<String> names, String name) {
        int i = names.indexOf(name);
        if (i >= 0) {
            return i;
        }
        for (int j = 0; j < names.size(); j++) {
            if (names.get(j).equalsIgnoreCase(name)) {
                return j;
            }
        }
        return -1;
    }
}

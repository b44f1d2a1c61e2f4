package dev.migrator.core.internal.data;

import dev.migrator.api.DataMigration;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.api.RecordSource;
import dev.migrator.core.internal.util.HandOff;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.TableChecksums;
import dev.migrator.spi.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy's content checksums computed by the source's and the target's databases themselves
 * ({@link DataReadSession#checksums()}), both at once on two connections: no row crosses the wire, where reading both
 * tables back through the record path would cost as much as the copy. Used only where it proves what that reading
 * proves: both sides name the same checksum function, every target column comes from a source column of the same type
 * (so equal values print and hash alike on both sides), and both tables are checksummed whole after the copy — so a
 * resumed run, whose earlier part was copied by another process, is covered as a run in one go is.
 */
final class ServerChecksums {

    private static final Logger LOG = LoggerFactory.getLogger(ServerChecksums.class);

    /** Both sides' checksums over the same columns, in the same order. */
    record Pair(TableChecksums.Checksum source, TableChecksums.Checksum target) {}

    private ServerChecksums() {}

    /**
     * The source's and the target's checksums computed by their databases; {@code null} (logged at DEBUG with the reason)
     * when they cannot be, and the verifier reads the rows itself.
     */
    static Pair of(DataRunner runner, DataMigration m, DataRunner.TargetTable t) {
        String connection;
        String qualified;
        if (m.source() instanceof RecordSource.Table s) {
            connection = s.connection();
            qualified = s.table();
        } else if (m.source() instanceof RecordSource.Collection c) {
            connection = c.connection();
            qualified = c.collection();
        } else {
            return null;
        }
        Backend sb = runner.backend(connection, m);
        Backend tb = runner.backend(t.target.connection(), m);
        Optional<DataReadSession> so = sb.openDataReader();
        if (so.isEmpty()) {
            return null;
        }
        try (DataReadSession sr = so.get()) {
            Optional<DataReadSession> to = tb.openDataReader();
            if (to.isEmpty()) {
                return null;
            }
            try (DataReadSession tr = to.get()) {
                return compute(m, t, qualified, sb, sr, tr);
            }
        } catch (MigrationInterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            // The record path reads both sides instead, and reports what it finds in its own words.
            LOG.debug("[{}] Verifying {} by reading its rows: the databases' checksums failed: {}", m.name(), t.qualified,
                    e.toString());
            return null;
        }
    }

    private static Pair compute(DataMigration m, DataRunner.TargetTable t, String qualified, Backend sb, DataReadSession sr,
            DataReadSession tr) {
        Optional<TableChecksums> sc = sr.checksums();
        Optional<TableChecksums> tc = tr.checksums();
        if (sc.isEmpty() || tc.isEmpty() || !sc.get().function().equals(tc.get().function())) {
            LOG.debug("[{}] Verifying {} by reading its rows: the databases compute no common checksum ({} and {})",
                    m.name(), t.qualified, sc.map(TableChecksums::function).orElse("none"),
                    tc.map(TableChecksums::function).orElse("none"));
            return null;
        }
        DataRunner.TableName sn = DataRunner.split(qualified, sb);
        TableInfo source = sr.describe(sn.schema(), sn.name()).orElse(null);
        if (source == null) {
            return null;
        }
        List<String> names = source.columns().stream().map(ColumnInfo::name).toList();
        List<String> sourceColumns = new ArrayList<>();
        List<String> targetColumns = new ArrayList<>();
        for (ColumnInfo c : t.info.columns()) {
            int i = Verifier.indexIgnoringCase(names, c.name());
            ColumnInfo from = i < 0 ? null : source.columns().get(i);
            if (from == null || from.kind() != c.kind() || !from.type().toLowerCase(Locale.ROOT).equals(
                    c.type().toLowerCase(Locale.ROOT))) {
                LOG.debug("[{}] Verifying {} by reading its rows: its column {} ({}) has {}", m.name(), t.qualified,
                        c.name(), c.type(), from == null ? "no source column" : "the source type " + from.type());
                return null;
            }
            sourceColumns.add(from.name());
            targetColumns.add(c.name());
        }
        // Both at once: each database scans its own table on its own connection.
        long started = System.nanoTime();
        try (HandOff.Reading<Optional<TableChecksums.Checksum>, RuntimeException> sourceSum = HandOff.fromThread(
                "migrator-verify-" + m.name(), 0, out -> out.put(sc.get().checksum(source, sourceColumns)))) {
            Optional<TableChecksums.Checksum> target = tc.get().checksum(t.info, targetColumns);
            long targetMillis = (System.nanoTime() - started) / 1_000_000;
            Optional<TableChecksums.Checksum> from = sourceSum.next();
            LOG.debug("[{}] The databases' checksums of {} took {} ms (the target's {} ms)", m.name(), t.qualified,
                    (System.nanoTime() - started) / 1_000_000, targetMillis);
            if (from == null || from.isEmpty() || target.isEmpty()) {
                LOG.debug("[{}] Verifying {} by reading its rows: a database cannot checksum its columns", m.name(),
                        t.qualified);
                return null;
            }
            LOG.debug("[{}] Checksummed {} and its source on their databases ({})", m.name(), t.qualified, sc.get().function());
            return new Pair(from.get(), target.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationInterruptedException("Interrupted while verifying data migration " + m.name() + ".", e);
        }
    }
}

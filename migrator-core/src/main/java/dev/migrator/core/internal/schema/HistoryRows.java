package dev.migrator.core.internal.schema;

import dev.migrator.api.Version;
import dev.migrator.spi.HistoryRow;
import java.time.Duration;
import java.time.Instant;

/**
 * The one place history rows are built: each method names the entry it writes, so no command assembles the eleven
 * fields of a {@link HistoryRow} by hand.
 */
final class HistoryRows {

    /** The name a baseline entry carries in place of a script's. */
    static final String BASELINE_NAME = "<< baseline >>";

    private final String installedBy;

    HistoryRows(String installedBy) {
        this.installedBy = installedBy;
    }

    /** {@code script} recorded as failed after {@code completed} statements: the trace of a run not yet finished. */
    HistoryRow inProgress(LoadedScript script, int rank, int completed) {
        return of(script, rank, false, completed, Duration.ZERO);
    }

    /** {@code script} recorded as applied with all {@code count} statements in {@code took}. */
    HistoryRow applied(LoadedScript script, int rank, int count, Duration took) {
        return of(script, rank, true, count, took);
    }

    /** The entry that says an existing database stands at {@code version} without having run its scripts. */
    HistoryRow baseline(Version version) {
        return new HistoryRow(1, version.toString(), BASELINE_NAME, HistoryAnalysis.BASELINE_TYPE, null, null, installedBy,
                Instant.now(), Duration.ZERO, true, 0);
    }

    /** {@code row} unchanged but for the checksum, which becomes the local {@code script}'s (repair). */
    static HistoryRow realigned(HistoryRow row, LoadedScript script) {
        return new HistoryRow(row.rank(), row.version(), row.name(), row.type(), script.checksum(), Checksums.ALGORITHM,
                row.installedBy(), row.installedAt(), row.executionTime(), row.success(), row.statementsCompleted());
    }

    private HistoryRow of(LoadedScript script, int rank, boolean success, int completed, Duration took) {
        // A repeatable script has no version: its rows are told apart by that (as Flyway's), so the history table
        // created by earlier versions holds them unchanged (its version column always allowed NULL).
        return new HistoryRow(rank, script.version() == null ? null : script.version().toString(), script.name(), script.type(), script.checksum(),
                script.checksum() == null ? null : Checksums.ALGORITHM, installedBy, Instant.now(), took, success, completed);
    }
}

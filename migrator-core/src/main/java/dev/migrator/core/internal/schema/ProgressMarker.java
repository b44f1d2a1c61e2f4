package dev.migrator.core.internal.schema;

import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.TargetSession;
import java.time.Duration;

/**
 * The history row of one script as it runs: outside a transaction, recorded as failed with the statements known to be
 * done until the success replaces it; inside one, the success alone. Written either at once (autocommit) or inside a
 * transaction, where it commits or rolls back with the statements; the marker remembers which, so that it knows
 * whether the next write is an insert or an update. Not thread-safe.
 */
final class ProgressMarker {

    private final TargetSession session;
    private final LoadedScript script;
    private final int rank;
    private final HistoryRows rows;
    /** Whether the row exists as this session sees it: committed, or written in the open transaction. */
    private boolean written;
    /** Whether the row exists for everyone: committed. */
    private boolean committed;

    private ProgressMarker(TargetSession session, LoadedScript script, int rank, HistoryRows rows, boolean exists) {
        this.session = session;
        this.script = script;
        this.rank = rank;
        this.rows = rows;
        this.written = exists;
        this.committed = exists;
    }

    /** A marker for a script about to run for the first time: no row exists yet. */
    static ProgressMarker fresh(TargetSession session, LoadedScript script, int rank, HistoryRows rows) {
        return new ProgressMarker(session, script, rank, rows, false);
    }

    /** A marker for a failed script being resumed: its failed row exists already. */
    static ProgressMarker resumed(TargetSession session, LoadedScript script, int rank, HistoryRows rows) {
        return new ProgressMarker(session, script, rank, rows, true);
    }

    /** Whether the row is committed. */
    boolean committed() {
        return committed;
    }

    /** Records the script as failed after {@code completed} statements, in autocommit: committed on return. */
    void progressNow(int completed) {
        write(rows.inProgress(script, rank, completed));
        committed = true;
    }

    /** Records the script as failed after {@code completed} statements inside the open transaction. */
    void progressInTransaction(int completed) {
        write(rows.inProgress(script, rank, completed));
    }

    /** Records the script as applied with all its statements inside the open transaction: it commits with them. */
    void successInTransaction(int count, Duration took) {
        write(rows.applied(script, rank, count, took));
    }

    /** Records the script as applied with all its statements, in autocommit: committed on return. */
    void successNow(int count, Duration took) {
        write(rows.applied(script, rank, count, took));
        committed = true;
    }

    /** The open transaction committed, with whatever this marker wrote in it. */
    void transactionCommitted() {
        committed = written;
    }

    /** The open transaction rolled back: what this marker wrote in it is gone. */
    void transactionRolledBack() {
        written = committed;
    }

    private void write(HistoryRow row) {
        if (written) {
            session.history().update(row);
        } else {
            session.history().insert(row);
            written = true;
        }
    }
}

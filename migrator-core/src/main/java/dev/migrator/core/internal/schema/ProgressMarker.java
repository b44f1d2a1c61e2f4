package dev.migrator.core.internal.schema;

import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.TargetSession;
import java.time.Duration;
import java.time.Instant;

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
    private final String installedBy;
    /** Whether the row exists as this session sees it: committed, or written in the open transaction. */
    private boolean written;
    /** Whether the row exists for everyone: committed. */
    private boolean committed;

    /**
     * A marker for a script about to run.
     *
     * @param exists whether the row exists already (a resumed script's failed row)
     */
    ProgressMarker(TargetSession session, LoadedScript script, int rank, String installedBy, boolean exists) {
        this.session = session;
        this.script = script;
        this.rank = rank;
        this.installedBy = installedBy;
        this.written = exists;
        this.committed = exists;
    }

    /** Whether the row is committed. */
    boolean committed() {
        return committed;
    }

    /** Records the script as failed after {@code completed} statements, in autocommit: committed on return. */
    void progressNow(int completed) {
        write(row(false, completed, Duration.ZERO));
        committed = true;
    }

    /** Records the script as failed after {@code completed} statements inside the open transaction. */
    void progressInTransaction(int completed) {
        write(row(false, completed, Duration.ZERO));
    }

    /** Records the script as applied with all its statements, inside the open transaction or in autocommit. */
    void success(int count, Duration took, boolean inTransaction) {
        write(row(true, count, took));
        if (!inTransaction) {
            committed = true;
        }
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

    private HistoryRow row(boolean success, int completed, Duration took) {
        return new HistoryRow(rank, script.version().toString(), script.name(), script.type(), script.checksum(),
                script.checksum() == null ? null : Checksums.ALGORITHM, installedBy, Instant.now(), took, success, completed);
    }
}

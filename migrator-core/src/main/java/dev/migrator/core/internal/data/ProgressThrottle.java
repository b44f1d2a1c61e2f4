package dev.migrator.core.internal.data;

import dev.migrator.api.DataMigrationListener;
import dev.migrator.api.DataProgress;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's progress events on their way to the listeners. Migrate-stage progress is sent at most ten times a second,
 * but the first of the stage is always sent, and the last one held back goes out before the next stage: a listener
 * always sees the stage start and its final count, however fast the run. Confined to the run's thread.
 */
final class ProgressThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressThrottle.class);

    /** The shortest time between two migrate-stage events sent. */
    private static final long INTERVAL_NANOS = 100_000_000L;

    private final String migration;
    private final List<DataMigrationListener> listeners;
    private final LongSupplier nanoTime;
    private long lastProgress;
    private DataProgress.Stage lastStage;
    /** The newest migrate-stage progress held back by the throttle, sent before the next stage's. */
    private DataProgress heldBack;

    ProgressThrottle(String migration, List<DataMigrationListener> listeners) {
        this(migration, listeners, System::nanoTime);
    }

    /** @param nanoTime the clock ({@link System#nanoTime()} but in tests) */
    ProgressThrottle(String migration, List<DataMigrationListener> listeners, LongSupplier nanoTime) {
        this.migration = migration;
        this.listeners = listeners;
        this.nanoTime = nanoTime;
    }

    /** Tells the listeners, or holds a migrate-stage event back (see the class description). */
    void progress(DataProgress.Stage stage, long done, long total, double rate) {
        if (listeners.isEmpty()) {
            return; // called per batch: with nobody listening, not even the clock is read
        }
        long now = nanoTime.getAsLong();
        DataProgress p = new DataProgress(migration, stage, done, total, rate);
        if (stage == DataProgress.Stage.MIGRATE) {
            // Only a migrate event after another migrate event is throttled: the stage's first always goes out.
            if (lastStage == DataProgress.Stage.MIGRATE && now - lastProgress < INTERVAL_NANOS) {
                heldBack = p;
                return;
            }
        } else if (heldBack != null) {
            tell(heldBack); // the migrate stage's final count, before the next stage starts
        }
        heldBack = null;
        lastProgress = now;
        lastStage = stage;
        tell(p);
    }

    private void tell(DataProgress p) {
        for (DataMigrationListener l : listeners) {
            try {
                l.onProgress(p);
            } catch (RuntimeException e) {
                LOG.warn("[{}] A listener's onProgress threw: {}", migration, e.toString());
            }
        }
    }
}

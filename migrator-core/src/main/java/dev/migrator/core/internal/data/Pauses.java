package dev.migrator.core.internal.data;

import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.MigrationInterruptedException;

/**
 * The pauses of a data migration's write loop, the same for the record pipeline and the native copy: the configured
 * delay after each batch, and the doubling wait before a transient failure is tried again.
 */
final class Pauses {

    private Pauses() {}

    /** Waits the options' {@code batchDelay} after a committed batch (nothing when it is zero). */
    static void afterBatch(DataMigrationOptions o) {
        if (!o.batchDelay().isZero()) {
            sleep(o.batchDelay().toMillis());
        }
    }

    /**
     * How long to wait before retry number {@code attempt + 1}, in milliseconds: {@code retryBackoff}, doubled for each
     * retry already made. The caller logs it, then {@link #sleep}s.
     */
    static long retryWait(DataMigrationOptions o, int attempt) {
        return o.retryBackoff().toMillis() << attempt;
    }

    /** Sleeps; an interrupt ends the run with the interrupt flag kept. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationInterruptedException("Interrupted during a data migration's pause.", e);
        }
    }
}

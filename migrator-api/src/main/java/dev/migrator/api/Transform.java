package dev.migrator.api;

/**
 * One step of a data migration's transform chain: takes a record and returns the record to pass on, or {@code null}
 * to drop it (counted as skipped). Runs on the pipeline's worker threads, possibly several at once: keep it free of
 * shared mutable state. An exception rejects the record with its message as the reason (see
 * {@link DataMigrationOptions.Builder#continueOnError}). {@link Transforms} has the common ones.
 */
@FunctionalInterface
public interface Transform {

    /**
     * Transforms one record.
     *
     * @return the record to pass on, or {@code null} to drop it
     */
    DataRecord apply(DataRecord record);

    /** This transform, then {@code next}. */
    default Transform andThen(Transform next) {
        return r -> {
            DataRecord out = apply(r);
            return out == null ? null : next.apply(out);
        };
    }
}

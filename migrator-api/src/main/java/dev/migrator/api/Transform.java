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
     * @param record the record as transformed so far
     * @return the record to pass on, or {@code null} to drop it
     */
    DataRecord apply(DataRecord record);

    /**
     * {@return this transform, then {@code next}}
     *
     * @param next the transform to run on this one's result
     */
    default Transform andThen(Transform next) {
        return r -> {
            DataRecord out = apply(r);
            return out == null ? null : next.apply(out);
        };
    }
}

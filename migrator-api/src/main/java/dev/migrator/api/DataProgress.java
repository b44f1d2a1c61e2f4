package dev.migrator.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A data migration's progress.
 *
 * @param migration the migration's name
 * @param stage what it is doing
 * @param done records read so far in this stage (including those of a resumed run's earlier runs)
 * @param total the records expected, or -1 when the source cannot tell; for a JSON file an estimate from how far into
 *     the file the records read so far reach (the file's size over the bytes read, times the records read), exact at
 *     the end of the file
 * @param recordsPerSecond the rate of this run so far
 */
public record DataProgress(String migration, Stage stage, long done, long total, double recordsPerSecond) {

    /** The stages of a run. */
    public enum Stage {
        /** Backing up the targets. */
        BACKUP,
        /** Reading, transforming, validating and writing records. */
        MIGRATE,
        /** Checking counts, checksums and relationships. */
        VERIFY,
        /** Restoring the targets from the backup after a failure. */
        RESTORE,
        /** Finished. */
        DONE
    }

    /** {@return percent done (0 to 100), or empty when the total is unknown} */
    public Optional<Double> percent() {
        return total > 0 ? Optional.of(Math.min(100.0, 100.0 * done / total)) : Optional.empty();
    }

    /** {@return the estimated time left, or empty when the total or the rate is unknown} */
    public Optional<Duration> eta() {
        if (total < 0 || recordsPerSecond <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) (Math.max(0, total - done) * 1000 / recordsPerSecond)));
    }
}

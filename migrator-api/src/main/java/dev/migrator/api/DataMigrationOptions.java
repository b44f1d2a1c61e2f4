package dev.migrator.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** How a data migration runs: batches, parallelism, dry run, errors, retries, backup and restore, reports. Immutable. */
public final class DataMigrationOptions {

    private final int batchSize;
    private final int parallelism;
    private final Duration batchDelay;
    private final Set<String> includeTypes;
    private final Set<String> excludeTypes;
    private final Predicate<DataRecord> filter;
    private final boolean dryRun;
    private final boolean continueOnError;
    private final Path errorLog;
    private final double maxErrorRate;
    private final int retries;
    private final Duration retryBackoff;
    private final boolean backup;
    private final boolean restoreOnFailure;
    private final boolean verify;
    private final boolean restart;
    private final Path reportFile;
    private final List<DataMigrationListener> listeners;

    private DataMigrationOptions(Builder b) {
        batchSize = b.batchSize;
        parallelism = b.parallelism;
        batchDelay = b.batchDelay;
        includeTypes = Set.copyOf(b.includeTypes);
        excludeTypes = Set.copyOf(b.excludeTypes);
        filter = b.filter;
        dryRun = b.dryRun;
        continueOnError = b.continueOnError;
        errorLog = b.errorLog;
        maxErrorRate = b.maxErrorRate;
        retries = b.retries;
        retryBackoff = b.retryBackoff;
        backup = b.backup;
        restoreOnFailure = b.restoreOnFailure;
        verify = b.verify;
        restart = b.restart;
        reportFile = b.reportFile;
        listeners = List.copyOf(b.listeners);
    }

    /** {@return the defaults: batches of 1,000, one worker, backup first, restore on failure, verify, resume} */
    public static DataMigrationOptions defaults() {
        return builder().build();
    }

    /**
     * Starts options with the defaults of {@link #defaults()}.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return records written (and checkpointed) per transaction} */
    public int batchSize() {
        return batchSize;
    }

    /** {@return the threads transforming and validating records, 1 to 64} Records are still written in source order. */
    public int parallelism() {
        return parallelism;
    }

    /** {@return a pause after each batch, to spare a busy database} */
    public Duration batchDelay() {
        return batchDelay;
    }

    /** {@return the record types migrated; empty for every type} */
    public Set<String> includeTypes() {
        return includeTypes;
    }

    /** {@return the record types left out} */
    public Set<String> excludeTypes() {
        return excludeTypes;
    }

    /**
     * {@return the predicate records must pass, tested before the transforms (e.g. a date range); {@code null} for
     * none}
     */
    public Predicate<DataRecord> filter() {
        return filter;
    }

    /**
     * {@return whether the run only reads, transforms, validates and looks up conflicts, reporting what would be
     * written and writing nothing}
     */
    public boolean dryRun() {
        return dryRun;
    }

    /** {@return whether a rejected record goes to the error log and the run goes on (up to {@link #maxErrorRate()})} */
    public boolean continueOnError() {
        return continueOnError;
    }

    /** {@return where rejected records are written as JSON lines (record, reason, position); {@code null} for none} */
    public Path errorLog() {
        return errorLog;
    }

    /** {@return the share of rejected records (0 to 1) past which a continue-on-error run fails and is restored} */
    public double maxErrorRate() {
        return maxErrorRate;
    }

    /** {@return the retries of a batch after a transient failure (lost connection, deadlock, serialization failure)} */
    public int retries() {
        return retries;
    }

    /** {@return the first retry's wait; each next one doubles it} */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** {@return whether the targets' tables are backed up before the first write} */
    public boolean backup() {
        return backup;
    }

    /** {@return whether a failed run (or one past the error rate) restores the targets from that backup} */
    public boolean restoreOnFailure() {
        return restoreOnFailure;
    }

    /** {@return whether counts, checksums and relationships are checked after the run} */
    public boolean verify() {
        return verify;
    }

    /** {@return whether a previous run's checkpoint is ignored and the run starts from the first record} */
    public boolean restart() {
        return restart;
    }

    /** {@return where the report is written as JSON; {@code null} for none} */
    public Path reportFile() {
        return reportFile;
    }

    /** {@return the listeners of this run, in the order added} */
    public List<DataMigrationListener> listeners() {
        return listeners;
    }

    /** Builds {@link DataMigrationOptions}; {@link #build()} checks every value. */
    public static final class Builder {
        private int batchSize = 1000;
        private int parallelism = 1;
        private Duration batchDelay = Duration.ZERO;
        private Set<String> includeTypes = Set.of();
        private Set<String> excludeTypes = Set.of();
        private Predicate<DataRecord> filter;
        private boolean dryRun;
        private boolean continueOnError;
        private Path errorLog;
        private double maxErrorRate = 0.1;
        private int retries = 3;
        private Duration retryBackoff = Duration.ofMillis(200);
        private boolean backup = true;
        private boolean restoreOnFailure = true;
        private boolean verify = true;
        private boolean restart;
        private Path reportFile;
        private final java.util.ArrayList<DataMigrationListener> listeners = new java.util.ArrayList<>();

        private Builder() {}

        /**
         * Records per batch (1 to 100,000; default 1,000).
         *
         * @param batchSize records per batch, 1 to 100,000
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Transform/validate threads (1 to 64; default 1).
         *
         * @param parallelism transform and validate threads, 1 to 64
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /**
         * A pause after each batch (default none).
         *
         * @param delay the pause after each batch; {@code Duration.ZERO} for none
         * @return this builder
         */
        public Builder batchDelay(Duration delay) {
            this.batchDelay = Objects.requireNonNull(delay, "batchDelay");
            return this;
        }

        /**
         * Only these record types.
         *
         * @param types the record types to migrate; none given migrates every type
         * @return this builder
         */
        public Builder includeTypes(String... types) {
            this.includeTypes = Set.of(types);
            return this;
        }

        /**
         * Leave these record types out.
         *
         * @param types the record types to leave out
         * @return this builder
         */
        public Builder excludeTypes(String... types) {
            this.excludeTypes = Set.of(types);
            return this;
        }

        /**
         * Skip records failing the predicate (before transforms).
         *
         * @param filter true for the records to migrate
         * @return this builder
         */
        public Builder filter(Predicate<DataRecord> filter) {
            this.filter = filter;
            return this;
        }

        /**
         * Write nothing; report what would be written.
         *
         * @param dryRun {@code true} to write nothing
         * @return this builder
         */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * Log rejected records and go on (default: the first rejected record fails the run).
         *
         * @param continueOnError {@code true} to log rejected records and go on
         * @return this builder
         */
        public Builder continueOnError(boolean continueOnError) {
            this.continueOnError = continueOnError;
            return this;
        }

        /**
         * The error log file (JSON lines).
         *
         * @param file where rejected records are written, one JSON line each
         * @return this builder
         */
        public Builder errorLog(Path file) {
            this.errorLog = file;
            return this;
        }

        /**
         * Share of rejected records past which a continue-on-error run fails (0 to 1; default 0.1).
         *
         * @param rate the share of rejected records, 0 to 1, past which the run fails
         * @return this builder
         */
        public Builder maxErrorRate(double rate) {
            this.maxErrorRate = rate;
            return this;
        }

        /**
         * Retries after transient failures (0 to 20; default 3).
         *
         * @param retries retries of a batch after a transient failure, 0 to 20
         * @return this builder
         */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        /**
         * The first retry's wait (default 200 ms, doubling).
         *
         * @param backoff the wait before the first retry; each next one doubles it
         * @return this builder
         */
        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = Objects.requireNonNull(backoff, "retryBackoff");
            return this;
        }

        /**
         * Back up the targets first (default true).
         *
         * @param backup {@code false} to write without a backup first
         * @return this builder
         */
        public Builder backup(boolean backup) {
            this.backup = backup;
            return this;
        }

        /**
         * Restore the targets from the backup on failure (default true; needs the backup).
         *
         * @param restore {@code false} to leave the targets as they are after a failure
         * @return this builder
         */
        public Builder restoreOnFailure(boolean restore) {
            this.restoreOnFailure = restore;
            return this;
        }

        /**
         * Verify after the run (default true).
         *
         * @param verify {@code false} to skip the checks after the run
         * @return this builder
         */
        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /**
         * Ignore a previous checkpoint (default false: resume).
         *
         * @param restart {@code true} to start from the first record, ignoring the checkpoint
         * @return this builder
         */
        public Builder restart(boolean restart) {
            this.restart = restart;
            return this;
        }

        /**
         * Write the report as JSON to this file.
         *
         * @param file the JSON report's file
         * @return this builder
         */
        public Builder reportFile(Path file) {
            this.reportFile = file;
            return this;
        }

        /**
         * Adds a listener for progress and hooks.
         *
         * @param listener called on progress, before and after the run, and on failure
         * @return this builder
         */
        public Builder listener(DataMigrationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options, immutable
         * @throws ConfigurationException naming the option, its value and the allowed range
         */
        public DataMigrationOptions build() {
            check("batchSize", batchSize, 1, 100_000);
            check("parallelism", parallelism, 1, 64);
            check("retries", retries, 0, 20);
            if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
                throw new ConfigurationException("maxErrorRate is " + maxErrorRate + "; allowed: 0 to 1 (e.g. 0.05 for 5 %).");
            }
            if (batchDelay.isNegative() || retryBackoff.isNegative()) {
                throw new ConfigurationException("batchDelay and retryBackoff must not be negative; they are " + batchDelay
                        + " and " + retryBackoff + ".");
            }
            return new DataMigrationOptions(this);
        }

        private static void check(String option, int value, int min, int max) {
            if (value < min || value > max) {
                throw new ConfigurationException(option + " is " + value + "; allowed: " + min + " to " + max + ".");
            }
        }
    }
}

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

    /** The defaults: batches of 1,000, one worker, backup first, restore on failure, verify, resume. */
    public static DataMigrationOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Records written (and checkpointed) per transaction. */
    public int batchSize() {
        return batchSize;
    }

    /** Threads transforming and validating records; records are still written in source order. */
    public int parallelism() {
        return parallelism;
    }

    /** A pause after each batch, to spare a busy database. */
    public Duration batchDelay() {
        return batchDelay;
    }

    /** Only these record types are migrated; empty for all. */
    public Set<String> includeTypes() {
        return includeTypes;
    }

    /** These record types are left out. */
    public Set<String> excludeTypes() {
        return excludeTypes;
    }

    /** Records failing it are skipped (e.g. a date range), before the transforms; {@code null} for none. */
    public Predicate<DataRecord> filter() {
        return filter;
    }

    /** Read, transform, validate and look up conflicts, report what would be written, and write nothing. */
    public boolean dryRun() {
        return dryRun;
    }

    /** Whether a rejected record goes to the error log and the run goes on (up to {@link #maxErrorRate()}). */
    public boolean continueOnError() {
        return continueOnError;
    }

    /** Where rejected records are written as JSON lines (record, reason, position); {@code null} for none. */
    public Path errorLog() {
        return errorLog;
    }

    /** With continue-on-error: the share of rejected records (0 to 1) past which the run fails and is restored. */
    public double maxErrorRate() {
        return maxErrorRate;
    }

    /** Retries of a batch after a transient failure (lost connection, deadlock, serialization failure). */
    public int retries() {
        return retries;
    }

    /** The first retry's wait; each next one doubles it. */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** Whether the targets' tables are backed up before the first write. */
    public boolean backup() {
        return backup;
    }

    /** Whether a failed run (or one past the error rate) restores the targets from that backup. */
    public boolean restoreOnFailure() {
        return restoreOnFailure;
    }

    /** Whether counts, checksums and relationships are checked after the run. */
    public boolean verify() {
        return verify;
    }

    /** Ignore a previous run's checkpoint and start from the first record. */
    public boolean restart() {
        return restart;
    }

    /** Where the report is written as JSON; {@code null} for none. */
    public Path reportFile() {
        return reportFile;
    }

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

        /** Records per batch (1 to 100,000; default 1,000). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Transform/validate threads (1 to 64; default 1). */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** A pause after each batch (default none). */
        public Builder batchDelay(Duration delay) {
            this.batchDelay = Objects.requireNonNull(delay, "batchDelay");
            return this;
        }

        /** Only these record types. */
        public Builder includeTypes(String... types) {
            this.includeTypes = Set.of(types);
            return this;
        }

        /** Leave these record types out. */
        public Builder excludeTypes(String... types) {
            this.excludeTypes = Set.of(types);
            return this;
        }

        /** Skip records failing the predicate (before transforms). */
        public Builder filter(Predicate<DataRecord> filter) {
            this.filter = filter;
            return this;
        }

        /** Write nothing; report what would be written. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Log rejected records and go on (default: the first rejected record fails the run). */
        public Builder continueOnError(boolean continueOnError) {
            this.continueOnError = continueOnError;
            return this;
        }

        /** The error log file (JSON lines). */
        public Builder errorLog(Path file) {
            this.errorLog = file;
            return this;
        }

        /** Share of rejected records past which a continue-on-error run fails (0 to 1; default 0.1). */
        public Builder maxErrorRate(double rate) {
            this.maxErrorRate = rate;
            return this;
        }

        /** Retries after transient failures (0 to 20; default 3). */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        /** The first retry's wait (default 200 ms, doubling). */
        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = Objects.requireNonNull(backoff, "retryBackoff");
            return this;
        }

        /** Back up the targets first (default true). */
        public Builder backup(boolean backup) {
            this.backup = backup;
            return this;
        }

        /** Restore the targets from the backup on failure (default true; needs the backup). */
        public Builder restoreOnFailure(boolean restore) {
            this.restoreOnFailure = restore;
            return this;
        }

        /** Verify after the run (default true). */
        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /** Ignore a previous checkpoint (default false: resume). */
        public Builder restart(boolean restart) {
            this.restart = restart;
            return this;
        }

        /** Write the report as JSON to this file. */
        public Builder reportFile(Path file) {
            this.reportFile = file;
            return this;
        }

        /** Adds a listener for progress and hooks. */
        public Builder listener(DataMigrationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the options.
         *
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

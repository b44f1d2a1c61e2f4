package dev.migrator.core.internal.data;

/** The records of one type a run (or one batch of it) read, wrote, skipped and failed; confined to one thread. */
final class TypeTally {
    long read;
    long written;
    long skipped;
    long failed;

    /** Adds a committed batch's counts. */
    void add(TypeTally batch) {
        read += batch.read;
        written += batch.written;
        skipped += batch.skipped;
        failed += batch.failed;
    }

    /** Adds a batch rolled back: its records were read, skipped or failed, but none of its writes stayed. */
    void addUncommitted(TypeTally batch) {
        read += batch.read;
        skipped += batch.skipped;
        failed += batch.failed;
    }
}

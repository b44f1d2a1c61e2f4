package dev.migrator.api;

/** The state of a script on a target, as shown by {@code status()}. */
public enum ScriptState {
    /** Not applied yet; the next migrate applies it. */
    PENDING,
    /** Applied and unchanged. */
    APPLIED,
    /** Counted as applied by a baseline. */
    BASELINE,
    /**
     * Failed in an earlier run and recorded as failed; needs repair or a resume. A script that runs outside a
     * transaction (MySQL/MariaDB, MongoDB without transactions, {@code no-transaction} scripts) is recorded so while
     * it runs, so a run that was stopped inside it (killed, or its connection lost) leaves it failed too.
     */
    FAILED,
    /** Recorded in the history but no longer found locally. */
    MISSING,
    /** Applied, but its text changed since. */
    CHECKSUM_CHANGED,
    /** Pending, but older than the newest applied script. */
    OUT_OF_ORDER
}

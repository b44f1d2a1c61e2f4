package dev.migrator.api;

/** The state of a script on a target, as shown by {@code status()}. */
public enum ScriptState {
    /** Not applied yet; the next migrate applies it. */
    PENDING,
    /** Applied and unchanged. */
    APPLIED,
    /** Counted as applied by a baseline. */
    BASELINE,
    /** Failed in an earlier run and recorded as failed; needs repair or a resume. */
    FAILED,
    /** Recorded in the history but no longer found locally. */
    MISSING,
    /** Applied, but its text changed since. */
    CHECKSUM_CHANGED,
    /** Pending, but older than the newest applied script. */
    OUT_OF_ORDER
}

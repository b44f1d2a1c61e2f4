package dev.migrator.api;

/** The state of a repeatable script on a target, as shown by {@code status()}. */
public enum RepeatableState {
    /** Its last run succeeded with the checksum it has now. */
    APPLIED,
    /** It never ran here; the next migrate runs it. */
    PENDING_NEW,
    /** It ran with another checksum; the next migrate runs it again. */
    PENDING_CHANGED,
    /** Its last run failed; the next migrate runs it again from its first statement. */
    FAILED
}

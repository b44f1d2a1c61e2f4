package dev.migrator.api;

/**
 * One disagreement between the local scripts and a target's history.
 *
 * @param target the target, with its schema resolved
 * @param version the script's version
 * @param name the script's name
 * @param kind what is wrong
 * @param message what was expected, what was found and what to do
 */
public record ValidationProblem(Target target, Version version, String name, Kind kind, String message) {

    /** The kinds of disagreement. */
    public enum Kind {
        /** An applied script's text changed since it was applied. */
        CHECKSUM_CHANGED,
        /** The history records a script that no longer exists locally. */
        MISSING,
        /** A pending script is older than the newest applied one. */
        OUT_OF_ORDER,
        /** A script failed in an earlier run and is recorded as failed. */
        FAILED,
        /** Two local scripts share a version. */
        DUPLICATE
    }
}

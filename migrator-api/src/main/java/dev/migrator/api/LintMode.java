package dev.migrator.api;

/** What {@code migrate} does with the linter's findings on the pending scripts ({@link MigrationManager.Builder#lintBeforeMigrate}). */
public enum LintMode {
    /** No lint before migrate (the default). */
    OFF,
    /** Lints the pending scripts and logs each {@code ERROR} and {@code WARNING} finding at WARN; migrates anyway. */
    WARN,
    /**
     * Lints the pending scripts and throws {@link LintFailedException} before anything is applied when an {@code ERROR}
     * finding is left unsuppressed; {@code WARNING} findings are logged.
     */
    FAIL
}

package dev.migrator.api;

/** Which scripts {@link SchemaMigrations#lint(LintScope)} reads. */
public enum LintScope {
    /** The scripts {@code migrate} would apply next (the default). */
    PENDING,
    /** Every local script, applied or not, each judged against the database as it is now. */
    ALL
}

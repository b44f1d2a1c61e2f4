package dev.migrator.api;

/** Stable codes of the failures migrator reports; programs may switch on them. */
public enum ErrorCode {
    /** A setting is missing, malformed or out of range. */
    INVALID_CONFIGURATION,
    /** No migrator engine ({@code migrator-core}) is on the class path. */
    ENGINE_NOT_FOUND,
    /** No backend on the class path accepts a connection's URL. */
    BACKEND_NOT_FOUND,
    /** A version string could not be parsed. */
    INVALID_VERSION,
    /** A schema or table name is not a plain identifier. */
    INVALID_IDENTIFIER,
    /** Two scripts of one target share a version. */
    DUPLICATE_VERSION,
    /** A script file could not be read or parsed. */
    INVALID_SCRIPT,
    /** An applied script was edited afterwards. */
    CHECKSUM_MISMATCH,
    /** History and local scripts disagree (missing scripts, out-of-order scripts, checksum changes). */
    VALIDATION_FAILED,
    /** A previous run left a failed script; {@code repair()} or a resume is needed first. */
    FAILED_MIGRATION_PENDING,
    /** A statement of a script failed. */
    SCRIPT_FAILED,
    /** A rollback needs a down script that does not exist. */
    MISSING_DOWN_SCRIPT,
    /** The target's lock was not obtained within the lock timeout. */
    LOCK_TIMEOUT,
    /**
     * A statement of a script kept timing out waiting for a lock another session holds on what it changes (PostgreSQL
     * {@code lock_timeout}, MySQL/MariaDB {@code lock_wait_timeout}), for every attempt {@code lockRetries} allows.
     */
    STATEMENT_LOCK_TIMEOUT,
    /** The database could not be reached or refused the login. */
    CONNECTION_FAILED,
    /** The database reported an error outside any script. */
    DATABASE_ERROR,
    /** The requested version is unknown. */
    UNKNOWN_VERSION,
    /** The operation was interrupted. */
    INTERRUPTED,
    /** No backup has the id, or the id is not a backup id. */
    BACKUP_NOT_FOUND,
    /** A backup's files do not match its manifest (truncated, edited, or incomplete). */
    BACKUP_CORRUPT,
    /** The passphrase or key does not open the encrypted backup. */
    BACKUP_KEY_INVALID,
    /** The backup was written in a format version this library cannot read. */
    BACKUP_FORMAT_UNSUPPORTED,
    /** The restore target's tables do not match the backup's (missing tables or different columns). */
    RESTORE_MISMATCH,
    /** Writing a backup failed (disk full, permissions); no partial backup was left behind. */
    BACKUP_FAILED,
    /** A data migration's source cannot be read: malformed JSON (file, line, column), a missing table or file. */
    DATA_SOURCE_INVALID,
    /** A record failed validation or a value could not be converted to its target column's type. */
    DATA_RECORD_INVALID,
    /** A record's key exists in the target and its conflict strategy is {@code fail}. */
    DATA_CONFLICT,
    /** A data migration's target table or one of its key columns does not exist; nothing was written. */
    DATA_TARGET_INVALID,
    /** More records were rejected than {@code maxErrorRate} allows. */
    DATA_ERROR_RATE,
    /**
     * A data migration would resume over a source or a definition that changed since its checkpoint was written (records
     * already read were edited or removed, or its targets, transforms or conflict strategies changed); nothing was
     * written. Start over with {@code DataMigrationOptions.restart(true)}, or run it under a new name.
     */
    DATA_SOURCE_CHANGED,
    /** A data migration failed while writing (after its retries). */
    DATA_FAILED,
    /** A metadata item is invalid: unknown type, bad name, missing required fields, or its JSON Schema. */
    METADATA_INVALID,
    /** Two metadata items have the same type, name and namespace. */
    METADATA_DUPLICATE,
    /** An existing metadata table or collection lacks columns or indexes the loader needs. */
    METADATA_TABLE_MISMATCH,
    /** The metadata loader cannot do what was asked (read-only, no watch, no list). */
    METADATA_NOT_WRITABLE,
    /** A metadata import was refused; nothing was written. */
    METADATA_IMPORT_FAILED,
    /**
     * {@code lintBeforeMigrate(LintMode.FAIL)} found an {@link LintSeverity#ERROR} finding in a pending script; nothing
     * was applied.
     */
    LINT_FAILED
}

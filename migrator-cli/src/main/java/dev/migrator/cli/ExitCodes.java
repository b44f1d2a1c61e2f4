package dev.migrator.cli;

import dev.migrator.api.ErrorCode;

/** The exit codes of the {@code migrator} command; printed in every {@code --help} footer. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int VALIDATION = 3;
    public static final int LOCK = 4;
    public static final int CONNECTION = 5;
    public static final int BACKUP = 6;
    public static final int DATA = 7;
    public static final int METADATA = 8;
    public static final int LIVE_DIFFERS = 9;
    public static final int LINT = 10;
    public static final int INTERRUPTED = 130;

    static final String[] FOOTER = {
        "",
        "Exit codes:",
        "  0    done",
        "  1    failed (a script or statement failed, a missing down script, a database error)",
        "  2    usage or configuration error (unknown option, nothing configured, bad version or config file)",
        "  3    validation or checksum problem (validate found problems, an edited script, a failed entry",
        "       pending repair, a corrupt backup file)",
        "  4    lock busy: another run holds the migration lock (wait, or 'unlock --force'), or a statement kept",
        "       timing out waiting for a lock another session holds (end that session, or --statement-lock-timeout)",
        "  5    connection failed (server down, wrong host, port, user or password)",
        "  6    backup or restore failed (not found, wrong passphrase, tables differ)",
        "  7    data migration failed (bad source, rejected records, conflicts, target missing, a resume over a",
        "       changed source: run again with --restart)",
        "  8    metadata problem (invalid item, duplicate, table mismatch, import failed)",
        "  9    backup verify --against-live/--target: live tables differ from an",
        "       intact backup (a damaged backup is 3)",
        "  10   lint found an ERROR finding (lint), or migrate refused to start for one (migrate --lint=fail, or",
        "       lintBeforeMigrate: fail in the config file)",
        "  130  interrupted",
        "",
        "Configuration: --config FILE, or migrator.yaml / migrator.yml / migrator.json in the working directory;",
        "DATABASE_URL or DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USER, DATABASE_PASSWORD,",
        "DATABASE_TYPE (postgresql, mysql, mariadb, mongodb); flags override the environment, which overrides the file.",
    };

    private ExitCodes() {}

    /** The exit code for a library error code. */
    public static int of(ErrorCode code) {
        return switch (code) {
            case INVALID_CONFIGURATION, ENGINE_NOT_FOUND, BACKEND_NOT_FOUND, INVALID_VERSION, INVALID_IDENTIFIER,
                    UNKNOWN_VERSION -> USAGE;
            case DUPLICATE_VERSION, INVALID_SCRIPT, CHECKSUM_MISMATCH, VALIDATION_FAILED, FAILED_MIGRATION_PENDING,
                    BACKUP_CORRUPT -> VALIDATION;
            case LOCK_TIMEOUT, STATEMENT_LOCK_TIMEOUT -> LOCK;
            case CONNECTION_FAILED -> CONNECTION;
            case BACKUP_NOT_FOUND, BACKUP_KEY_INVALID, BACKUP_FORMAT_UNSUPPORTED, RESTORE_MISMATCH, BACKUP_FAILED -> BACKUP;
            case DATA_SOURCE_INVALID, DATA_RECORD_INVALID, DATA_CONFLICT, DATA_TARGET_INVALID, DATA_ERROR_RATE,
                    DATA_SOURCE_CHANGED, DATA_FAILED -> DATA;
            case METADATA_INVALID, METADATA_DUPLICATE, METADATA_TABLE_MISMATCH, METADATA_NOT_WRITABLE,
                    METADATA_IMPORT_FAILED -> METADATA;
            case LINT_FAILED -> LINT;
            case INTERRUPTED -> INTERRUPTED;
            case SCRIPT_FAILED, MISSING_DOWN_SCRIPT, DATABASE_ERROR -> FAILURE;
        };
    }
}

package dev.migrator.api;

/** Whether a script runs inside a transaction together with its history entry. */
public enum TransactionMode {
    /**
     * In a transaction unless one of its statements cannot run in one (PostgreSQL {@code CREATE INDEX CONCURRENTLY},
     * {@code VACUUM}...), or the script's first lines hold {@code -- migrator:no-transaction}.
     */
    AUTO,
    /** Always in a transaction. */
    TRANSACTIONAL,
    /** Never in a transaction: each statement commits by itself; the lock is still held throughout. */
    NON_TRANSACTIONAL
}

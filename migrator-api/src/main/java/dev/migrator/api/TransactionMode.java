package dev.migrator.api;

/** Whether a script runs inside a transaction together with its history entry. */
public enum TransactionMode {
    /**
     * In a transaction unless one of its statements cannot run in one (PostgreSQL {@code CREATE INDEX CONCURRENTLY},
     * {@code VACUUM}...) or the database commits DDL by itself (MySQL, MariaDB); as {@link #NON_TRANSACTIONAL} when
     * the script's first lines hold {@code -- migrator:no-transaction}. When this mode runs a script outside a
     * transaction, consecutive statements that never commit by themselves (DML) run together in one transaction with
     * the history update that counts them, so that a run killed part-way leaves the count exactly as durable as the
     * statements; each of the others commits by itself and is counted right after.
     */
    AUTO,
    /** Always in a transaction. */
    TRANSACTIONAL,
    /** Never in a transaction: each statement commits by itself; the lock is still held throughout. */
    NON_TRANSACTIONAL
}

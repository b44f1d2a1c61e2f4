package dev.migrator.spi;

/**
 * One statement of a script.
 *
 * <p>A script run outside a transaction records its progress in the history after each statement, so that a run
 * killed part-way is refused with the statements known to be done. Statements that are {@link #groupable()} instead
 * run together inside one transaction with the history update that counts them: both commit, or neither does, at the
 * cost of one write for the group instead of one per statement.
 *
 * @param text the statement as sent to the database
 * @param line the 1-based line of the script where it starts
 * @param requiresNoTransaction whether the database refuses it inside a transaction
 *     (e.g. PostgreSQL {@code CREATE INDEX CONCURRENTLY})
 * @param groupable whether the statement may share a transaction with its neighbours and with the history update
 *     that counts it, with the same effect as when run alone: it never commits by itself (MySQL's implicit commit of
 *     DDL, {@code LOCK TABLES}, {@code SET autocommit}), never may commit ({@code CALL}, {@code PREPARE}/{@code
 *     EXECUTE}, a PostgreSQL {@code DO} block), and its effects are rolled back with the transaction (plain DML,
 *     {@code SELECT}, PostgreSQL's transactional DDL). {@code false} when unknown, the safe value: the statement then
 *     runs on its own, followed by its own progress record
 */
public record ParsedStatement(String text, int line, boolean requiresNoTransaction, boolean groupable) {

    /**
     * A statement that is not {@link #groupable()}: it runs on its own outside a transaction, with its own progress
     * record (the behaviour of backends that do not classify statements).
     *
     * @param text the statement as sent to the database
     * @param line the 1-based line of the script where it starts
     * @param requiresNoTransaction whether the database refuses it inside a transaction (e.g. PostgreSQL {@code CREATE
     *     INDEX CONCURRENTLY})
     */
    public ParsedStatement(String text, int line, boolean requiresNoTransaction) {
        this(text, line, requiresNoTransaction, false);
    }

    /**
     * {@return the same statement, classified as {@link #groupable()} or not}
     *
     * @param groupable whether the statement may be committed together with its neighbours
     */
    public ParsedStatement withGroupable(boolean groupable) {
        return groupable == this.groupable ? this : new ParsedStatement(text, line, requiresNoTransaction, groupable);
    }
}

package dev.migrator.spi;

/**
 * One statement of a script.
 *
 * @param text the statement as sent to the database
 * @param line the 1-based line of the script where it starts
 * @param requiresNoTransaction whether the database refuses it inside a transaction
 *     (e.g. PostgreSQL {@code CREATE INDEX CONCURRENTLY})
 */
public record ParsedStatement(String text, int line, boolean requiresNoTransaction) {}

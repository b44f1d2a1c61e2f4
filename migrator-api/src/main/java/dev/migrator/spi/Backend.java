package dev.migrator.spi;

import java.io.Reader;
import java.util.Iterator;
import java.util.Optional;

/**
 * One opened connection's backend: its dialect and a way to open sessions on targets. Thread-safe; sessions are not.
 * Closing it closes what it built (a pool) and never a borrowed data source.
 */
public interface Backend extends AutoCloseable {

    /** {@return the database product, e.g. {@code postgresql} or {@code mariadb}} */
    String product();

    /**
     * Whether a backup taken from a database of {@code sourceProduct} (the {@link #product()} its manifest records)
     * restores into this one: the same kind of tables and column types. By default only this backend's own product,
     * case ignored; a backend that serves several products of one family (MySQL and MariaDB) says so here. The engine
     * refuses a restore this answers {@code false} to before anything changes.
     *
     * @param sourceProduct the product the backup was taken from, never {@code null}
     * @return whether such a backup restores here
     */
    default boolean restoresBackupsOf(String sourceProduct) {
        return product().equalsIgnoreCase(sourceProduct);
    }

    /** {@return whether DDL is transactional, so a failed script leaves nothing behind (PostgreSQL: yes; MySQL: no)} */
    boolean transactionalDdl();

    /**
     * {@return the word for a table in this database, for messages: {@code table} (the default), or {@code collection}
     * on MongoDB}
     */
    default String tableWord() {
        return "table";
    }

    /** {@return the schema used when a target names none ({@code public}; the URL's database on MySQL)} */
    String defaultSchema();

    /**
     * Splits a script into statements as it is read (placeholders already substituted), so that a script larger than
     * the heap can run: the iterator reads only as far as the statement it returns, and each statement is the only
     * text it holds. The caller owns the reader and closes it; it may stop iterating early.
     *
     * <p>{@code hasNext()} and {@code next()} throw {@link dev.migrator.api.ScriptParseException} naming the source,
     * line and column when the text cannot be split (an unterminated string, a malformed command); exceptions the
     * reader throws (the engine's own refusals of the text) pass through unchanged.
     *
     * @param script the script text; read once, from the start
     * @param source the script's name for messages
     * @return the statements in script order, read lazily
     */
    Iterator<ParsedStatement> parse(Reader script, String source);

    /**
     * {@return how placeholder values are written into this backend's scripts: as literals, identifiers or raw text}
     */
    ScriptSyntax scriptSyntax();

    /**
     * Opens a session on a schema: a work connection, and a lock bound to the schema and history table.
     *
     * @param schema a validated identifier
     * @param historyTable a validated identifier
     * @return the session; the caller closes it
     */
    TargetSession openSession(String schema, String historyTable);

    /**
     * Rebuilds a key value of a type of this backend's own from a data migration's checkpoint. A checkpoint stores each
     * key value as its class name and its {@code toString()} text, and the engine rebuilds the JDK types of
     * {@link ValueKind} itself; a backend whose keys have a type of its own (MongoDB's {@code ObjectId}) rebuilds those
     * here, so that the engine never names a driver type.
     *
     * @param type the stored class name, e.g. {@code org.bson.types.ObjectId}
     * @param text the stored {@code toString()} text
     * @return the value; empty (the default) when the type is not one of this backend's, which the engine then refuses
     * @throws IllegalArgumentException when the type is this backend's but the text is not a value of it
     */
    default Optional<Object> keyValue(String type, String text) {
        return Optional.empty();
    }

    /**
     * {@return how this backend's documents ({@link ValueKind#DOCUMENT} values) become a backup's JSON text and back: a
     * capability, empty (the default) when the backend's tables have no {@code DOCUMENT} columns} A backend whose
     * tables have them must offer it; the engine refuses to back up, verify or restore such a table otherwise ({@link
     * dev.migrator.api.ConfigurationException}).
     */
    default Optional<DocumentCodec> documents() {
        return Optional.empty();
    }

    /** {@return the server's version, for manifests; empty when unknown} */
    default Optional<String> serverVersion() {
        return Optional.empty();
    }

    /**
     * Opens a consistent read-only view of the connection's tables, for backups and comparisons: a capability, empty
     * (the default) when the backend cannot read tables. Nothing is opened when empty; the caller closes what it gets.
     *
     * @return the snapshot session, or empty when the backend cannot read tables
     */
    default Optional<SnapshotSession> openSnapshot() {
        return Optional.empty();
    }

    /**
     * Opens a session that loads rows into tables, for restores: a capability, empty (the default) when the backend
     * cannot load tables.
     *
     * @return the load session, or empty when the backend cannot load tables
     */
    default Optional<LoadSession> openLoad() {
        return Optional.empty();
    }

    /**
     * Opens a session reading a data migration's source rows: a capability, empty (the default) when the backend
     * cannot.
     *
     * @return the read session, or empty when the backend cannot read data-migration sources
     */
    default Optional<DataReadSession> openDataReader() {
        return Optional.empty();
    }

    /**
     * Opens a session writing a data migration's records: a capability, empty (the default) when the backend cannot.
     *
     * @return the write session, or empty when the backend cannot write data-migration records
     */
    default Optional<DataWriteSession> openDataWriter() {
        return Optional.empty();
    }

    /** Closes pools and clients this backend built. */
    @Override
    void close();
}

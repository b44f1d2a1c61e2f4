package dev.migrator.mongo.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import dev.migrator.api.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactions of one script session or data-migration writer: a {@link ClientSession} started at the first
 * {@link #begin()} and kept for the next, whether a transaction is open, and how it commits (trying again while the
 * outcome is unknown), aborts and closes. Not thread-safe, like the sessions that own one.
 */
final class MongoTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(MongoTransaction.class);

    /** Tries of a commit whose outcome the server reports as unknown (the driver's advice: commit again). */
    private static final int COMMIT_ATTEMPTS = 3;

    private final MongoBackend backend;
    private final String where;
    private ClientSession session;
    private boolean open;

    /** @param where the owner, for log lines (e.g. {@code app/tenant_1}) */
    MongoTransaction(MongoBackend backend, String where) {
        this.backend = backend;
        this.where = where;
    }

    boolean isOpen() {
        return open;
    }

    /** The session of the open transaction, or {@code null} when none is open. */
    ClientSession session() {
        return open ? session : null;
    }

    /**
     * Starts a transaction ({@code readConcern: snapshot}, {@code writeConcern: majority}), starting the session first
     * when there is none yet.
     *
     * @throws IllegalStateException when one is open already
     * @throws MongoException when the server refuses
     */
    void begin() {
        if (open) {
            throw new IllegalStateException("A transaction is already open on " + where + "; commit or roll it back first.");
        }
        if (session == null) {
            session = backend.client().startSession();
        }
        session.startTransaction(TransactionOptions.builder()
                .readConcern(ReadConcern.SNAPSHOT)
                .writeConcern(WriteConcern.MAJORITY)
                .build());
        open = true;
    }

    /**
     * Commits the open transaction, trying again while the outcome is unknown; afterwards none is open, whether it
     * committed or not.
     *
     * @param what the transaction, for messages (e.g. {@code the transaction on app/tenant_1})
     * @param afterFailure what the user should know and do when it did not commit
     * @throws DatabaseException when it did not commit
     */
    void commit(String what, String afterFailure) {
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    session.commitTransaction();
                    return;
                } catch (MongoException e) {
                    if (attempt < COMMIT_ATTEMPTS && e.hasErrorLabel(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL)) {
                        LOG.warn("[{}] commit outcome of {} unknown ({}); retrying the commit", where, what, e.getMessage());
                        continue;
                    }
                    throw new DatabaseException(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " did not "
                            + "commit: " + e.getMessage() + (e instanceof MongoCommandException mce ? " (code "
                            + mce.getErrorCode() + ")" : "") + ". " + afterFailure, e);
                }
            }
        } finally {
            open = false;
        }
    }

    /** Aborts the open transaction, if any; never throws (the server discards a transaction it cannot reach the end of). */
    void abort() {
        if (!open) {
            return;
        }
        open = false;
        try {
            if (session.hasActiveTransaction()) {
                session.abortTransaction();
            }
        } catch (RuntimeException e) {
            LOG.warn("[{}] abortTransaction failed ({}); the server discards the transaction when it times out.", where,
                    e.getMessage());
        }
    }

    /** Aborts the open transaction and ends the session; never throws. */
    void close() {
        abort();
        closeQuietly(session, where);
        session = null;
    }

    /** Ends a client session (a snapshot reader's too); never throws, a session that will not close is only logged. */
    static void closeQuietly(ClientSession session, String where) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (RuntimeException e) {
            LOG.debug("[{}] closing the client session failed: {}", where, e.getMessage());
        }
    }
}

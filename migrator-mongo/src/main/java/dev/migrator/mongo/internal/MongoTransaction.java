package dev.migrator.mongo.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import dev.migrator.api.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Committing and aborting a session's transaction, shared by script sessions and data-migration writers. */
final class MongoTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(MongoTransactions.class);

    /** Tries of a commit whose outcome the server reports as unknown (the driver's advice: commit again). */
    private static final int COMMIT_ATTEMPTS = 3;

    private MongoTransactions() {}

    /**
     * Commits, trying again while the outcome is unknown.
     *
     * @param what the transaction, for messages (e.g. {@code the transaction on app/tenant_1})
     * @param afterFailure what the user should know and do when it did not commit
     */
    static void commit(ClientSession session, String where, String what, String afterFailure) {
        for (int attempt = 1; ; attempt++) {
            try {
                session.commitTransaction();
                return;
            } catch (MongoException e) {
                if (attempt < COMMIT_ATTEMPTS && e.hasErrorLabel(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL)) {
                    LOG.warn("[{}] commit outcome of {} unknown ({}); retrying the commit", where, what, e.getMessage());
                    continue;
                }
                throw new DatabaseException(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " did not commit: "
                        + e.getMessage() + (e instanceof MongoCommandException mce ? " (code " + mce.getErrorCode() + ")" : "")
                        + ". " + afterFailure, e);
            }
        }
    }

    /** Aborts the open transaction; never throws (the server discards a transaction it cannot reach the end of). */
    static void abort(ClientSession session, String where) {
        try {
            if (session.hasActiveTransaction()) {
                session.abortTransaction();
            }
        } catch (RuntimeException e) {
            LOG.warn("[{}] abortTransaction failed ({}); the server discards the transaction when it times out.", where,
                    e.getMessage());
        }
    }
}

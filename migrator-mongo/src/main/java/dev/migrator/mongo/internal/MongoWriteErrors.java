package dev.migrator.mongo.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import dev.migrator.api.DatabaseException;
import dev.migrator.spi.TableInfo;
import java.util.List;

/**
 * What a failed data-migration write into MongoDB means: its message (which record, which key, what to do) and whether
 * trying the batch again may pass.
 */
final class MongoWriteErrors {

    private static final int DUPLICATE_KEY = 11000;

    private MongoWriteErrors() {}

    /**
     * A failed {@code insertMany} or {@code bulkWrite}: duplicates named as such, otherwise the first error.
     *
     * @param kept what became of the chunk's other documents, a sentence for the message
     */
    static DatabaseException bulkFailed(MongoBackend backend, String action, TableInfo table, int size, int first,
            MongoBulkWriteException e, String kept) {
        List<BulkWriteError> errors = e.getWriteErrors();
        if (errors.isEmpty()) { // a write concern error: the documents were written, not acknowledged as asked
            return failed(backend, action + " " + table.qualifiedName(), table, e);
        }
        BulkWriteError error = errors.get(0);
        int record = first + error.getIndex() + 1;
        if (ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY) {
            long duplicates = errors.stream().filter(x -> ErrorCategory.fromErrorCode(x.getCode()) == ErrorCategory.DUPLICATE_KEY).count();
            return new DatabaseException("Cannot " + action + " " + table.qualifiedName() + ": " + duplicates + " of " + size
                    + " documents have a key that already exists; the first, record " + record + " of the batch: "
                    + error.getMessage() + " (code " + error.getCode() + ")." + kept + " Choose a conflict strategy that "
                    + "updates or skips existing documents, or remove them from the source or the target.", e);
        }
        return new DatabaseException("Cannot " + action + " " + table.qualifiedName() + ": " + errors.size() + " of " + size
                + " documents failed; the first, record " + record + " of the batch: " + error.getMessage() + " (code "
                + error.getCode() + ")." + kept + " Fix the documents (a validator or unique index of the collection "
                + "refuses them) and run the migration again.", e);
    }

    /** A failed write: a duplicate key named as such, anything else as the backend translates it. */
    static DatabaseException failed(MongoBackend backend, String action, TableInfo table, MongoException e) {
        if (e instanceof MongoWriteException we && we.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
            return new DatabaseException("Cannot " + action + ": a key already exists in " + table.qualifiedName() + ": "
                    + we.getError().getMessage() + ". Choose a conflict strategy that updates or skips existing documents.", e);
        }
        var translated = backend.translate(action, e);
        return translated instanceof DatabaseException d ? d : new DatabaseException(translated.getMessage(), e);
    }

    /** Whether a failure may pass on a new session: see {@link MongoDataWriteSession#isTransient}. */
    static boolean isTransient(RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoException e) {
                if (e instanceof MongoSocketException || e instanceof MongoTimeoutException
                        || e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
                        || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                        || e.hasErrorLabel("RetryableWriteError")) {
                    return true;
                }
                if (e.getCode() == DUPLICATE_KEY) {
                    return false;
                }
            }
        }
        return false;
    }
}

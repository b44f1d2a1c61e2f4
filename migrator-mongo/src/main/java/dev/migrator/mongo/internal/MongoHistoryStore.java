package dev.migrator.mongo.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.migrator.api.DatabaseException;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.HistoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The history collection of one database. A row is a document whose {@code _id} is its {@code installed_rank}, so two
 * runs can never write the same rank; the other fields are the JDBC history's columns. Writes go through the
 * session's transaction when one is open, so a script and its history entry commit together.
 */
final class MongoHistoryStore implements HistoryStore {

    /** MongoDB's error code when a collection already exists. */
    private static final int NAMESPACE_EXISTS = 48;

    private final MongoTargetSession session;
    private final String name;

    MongoHistoryStore(MongoTargetSession session, String name) {
        this.session = session;
        this.name = name;
    }

    private MongoCollection<Document> collection() {
        return session.database().getCollection(name);
    }

    @Override
    public boolean exists() {
        try {
            return session.collectionExists(name);
        } catch (MongoException e) {
            throw session.failed("check whether the history collection " + name + " exists", e);
        }
    }

    @Override
    public void createIfMissing() {
        if (exists()) {
            return;
        }
        try {
            session.database().createCollection(name);
        } catch (MongoCommandException e) {
            if (e.getErrorCode() != NAMESPACE_EXISTS && !String.valueOf(e.getErrorMessage()).contains("already exists")) {
                throw session.failed("create the history collection " + name, e);
            }
        } catch (MongoException e) {
            throw session.failed("create the history collection " + name, e);
        }
    }

    @Override
    public List<HistoryRow> read() {
        List<HistoryRow> rows = new ArrayList<>();
        try {
            ClientSession tx = session.transaction();
            var found = tx == null ? collection().find() : collection().find(tx);
            for (Document d : found.sort(Sorts.ascending("_id"))) {
                rows.add(row(d));
            }
            return rows;
        } catch (MongoException e) {
            throw session.failed("read the history collection " + name, e);
        } catch (RuntimeException e) {
            throw new DatabaseException("The history collection " + session.database().getName() + "." + name
                    + " holds a document migrator cannot read (" + e + "). Was it written by another tool? Use another "
                    + "historyTable, or fix the document.", e);
        }
    }

    private static HistoryRow row(Document d) {
        return new HistoryRow(
                ((Number) d.get("installed_rank")).intValue(),
                d.getString("version"),
                d.getString("name"),
                d.getString("type"),
                d.getString("checksum"),
                d.getString("checksum_algorithm"),
                d.getString("installed_by"),
                d.get("installed_at") instanceof Date date ? date.toInstant() : null,
                Duration.ofMillis(d.get("execution_time_ms") instanceof Number n ? n.longValue() : 0),
                Boolean.TRUE.equals(d.getBoolean("success")),
                d.get("statements_completed") instanceof Number n ? n.intValue() : 0);
    }

    private static Document document(HistoryRow row) {
        return new Document("_id", row.rank())
                .append("installed_rank", row.rank())
                .append("version", row.version())
                .append("name", row.name())
                .append("type", row.type())
                .append("checksum", row.checksum())
                .append("checksum_algorithm", row.checksumAlgorithm())
                .append("installed_by", row.installedBy())
                .append("installed_at", row.installedAt() == null ? null : Date.from(row.installedAt()))
                .append("execution_time_ms", row.executionTime().toMillis())
                .append("success", row.success())
                .append("statements_completed", row.statementsCompleted());
    }

    @Override
    public void insert(HistoryRow row) {
        try {
            ClientSession tx = session.transaction();
            if (tx == null) {
                collection().insertOne(document(row));
            } else {
                collection().insertOne(tx, document(row));
            }
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new DatabaseException("Another run already wrote history rank " + row.rank() + " in "
                        + session.database().getName() + "." + name + " (" + e.getError().getMessage() + "). Two runs "
                        + "worked on this database at once; check status() and run migrate again.", e);
            }
            throw session.failed("insert history rank " + row.rank(), e);
        } catch (MongoException e) {
            throw session.failed("insert history rank " + row.rank(), e);
        }
    }

    @Override
    public void update(HistoryRow row) {
        try {
            ClientSession tx = session.transaction();
            var r = tx == null
                    ? collection().replaceOne(Filters.eq("_id", row.rank()), document(row))
                    : collection().replaceOne(tx, Filters.eq("_id", row.rank()), document(row));
            if (r.getMatchedCount() != 1) {
                throw new DatabaseException("History rank " + row.rank() + " is gone from " + session.database().getName()
                        + "." + name + "; another run changed the history. Check status() and run again.");
            }
        } catch (MongoException e) {
            throw session.failed("update history rank " + row.rank(), e);
        }
    }

    @Override
    public void delete(int rank) {
        try {
            ClientSession tx = session.transaction();
            if (tx == null) {
                collection().deleteOne(Filters.eq("_id", rank));
            } else {
                collection().deleteOne(tx, Filters.eq("_id", rank));
            }
        } catch (MongoException e) {
            throw session.failed("delete history rank " + rank, e);
        }
    }
}

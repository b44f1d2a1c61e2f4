package dev.migrator.mongo.internal;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DatabaseException;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.TableInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a data migration's documents into MongoDB collections: {@link #insert} with unordered {@code insertMany} and
 * {@link #upsert} with an unordered {@code bulkWrite} of {@code updateOne(key, {$set: the other fields}, upsert)}, in
 * chunks of at most {@value #CHUNK_DOCUMENTS} documents or {@value #CHUNK_BYTES} bytes. Values are converted as
 * {@link MongoDocuments} says (a {@code BigDecimal} becomes an exact {@code Decimal128}, a {@code java.time} value a
 * {@code Date}, a {@code UUID} a standard binary UUID, {@code byte[]} a {@code Binary}); {@link #find} converts keys the
 * same way, so a key written is a key found.
 *
 * <p><b>Transactions.</b> On a replica set or sharded cluster {@link #transactional()} is true and a batch's writes
 * and its checkpoint run in one multi-document transaction of a {@link ClientSession} ({@code readConcern: snapshot},
 * {@code writeConcern: majority}) between {@link #begin()} and {@link #commit()}. On a standalone server there are no
 * transactions: {@link #transactional()} is false, {@link #begin()}, {@link #commit()} and {@link #rollback()} do
 * nothing, and every write is applied when it is made. A batch that failed part-way then stays partly written, so
 * the engine relies on writing it again being harmless: upserts are idempotent, and an insert tried again meets the
 * documents it already wrote as duplicate keys.
 *
 * <p>The client belongs to the backend; {@link #close()} ends this session's {@link ClientSession} (rolling back an
 * open transaction). Not thread-safe.
 */
final class MongoDataWriteSession implements DataWriteSession {

    private static final Logger LOG = LoggerFactory.getLogger(MongoDataWriteSession.class);

    /** The checkpoint collection, one document {@code {_id: migration, state, updatedAt}} per data migration. */

    static final int CHUNK_DOCUMENTS = 1000;
    static final int CHUNK_BYTES = 16 * 1024 * 1024;

    /** MongoDB's error code for a duplicate key. */

    private final MongoBackend backend;
    private final MongoCheckpoints checkpoints;
    private Boolean transactions;
    private final MongoTransaction transaction;

    MongoDataWriteSession(MongoBackend backend) {
        this.backend = backend;
        this.checkpoints = new MongoCheckpoints(backend);
        this.transaction = new MongoTransaction(backend, "MongoDB '" + backend.name() + "'");
    }

    /**
     * The collection, or {@code null} when it does not exist (MongoDB creates it with the first write).
     *
     * @throws ConfigurationException for a view, which cannot be written
     * @throws dev.migrator.api.InvalidIdentifierException for a name MongoDB or a data migration cannot use
     */
    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        Document info = MongoCollections.dataCollection(backend, schema, table, "target");
        if (info == null) {
            return Optional.empty();
        }
        if (MongoCollections.type(info).equals("view")) {
            throw new ConfigurationException("Cannot write into " + schema + "." + table + " of connection '" + backend.name()
                    + "': it is a view, not a collection. Write into the collection it reads.");
        }
        return Optional.of(MongoCollections.table(schema, table));
    }

    @Override
    public long count(TableInfo table) {
        try {
            MongoCollection<Document> c = collection(table);
            return transaction.isOpen() ? c.countDocuments(transaction.session()) : c.countDocuments();
        } catch (MongoException e) {
            throw backend.translate("count the documents of " + table.qualifiedName(), e);
        }
    }

    /** True on replica sets and sharded clusters (as for scripts); false on a standalone server. */
    @Override
    public boolean transactional() {
        if (transactions == null) {
            transactions = backend.topology().transactions();
        }
        return transactions;
    }

    @Override
    public void prepareCheckpoints(String schema) {
        checkpoints.prepare(schema);
    }

    @Override
    public Optional<String> loadCheckpoint(String schema, String migration) {
        return checkpoints.load(schema, migration, transaction());
    }

    /** Replaces the migration's checkpoint document, in the batch's transaction when there is one. */
    @Override
    public void saveCheckpoint(String schema, String migration, String state) {
        checkpoints.save(schema, migration, state, transaction());
    }

    /** The batch's transaction's session while one is open. */
    private Optional<ClientSession> transaction() {
        return Optional.ofNullable(transaction.session());
    }

    /** Starts a transaction on a replica set or sharded cluster; does nothing on a standalone server. */
    @Override
    public void begin() {
        if (!transactional()) {
            return;
        }
        try {
            transaction.begin();
        } catch (MongoException e) {
            throw backend.translate("begin a batch's transaction", e);
        }
    }

    @Override
    public List<Object[]> find(TableInfo table, List<String> keyColumns, List<Object[]> keys) {
        MongoKeyFields.requireKeys(table, keyColumns);
        List<Object[]> out = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += CHUNK_DOCUMENTS) {
            List<Object[]> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK_DOCUMENTS));
            Document query = MongoKeyFields.keyQuery(table, keyColumns, chunk);
            MongoCollection<RawBsonDocument> c = MongoDocumentCodec.raw(collection(table));
            FindIterable<RawBsonDocument> find = transaction.isOpen() ? c.find(transaction.session(), query) : c.find(query);
            try (MongoCursor<RawBsonDocument> cursor = find.batchSize(MongoSnapshotSession.BATCH_SIZE).iterator()) {
                while (cursor.hasNext()) {
                    out.add(new Object[] {MongoDocumentCodec.decode(cursor.next())});
                }
            } catch (MongoException e) {
                throw failed("find the existing documents of " + table.qualifiedName() + " by " + keyColumns, table, e);
            }
        }
        return out;
    }

    /**
     * Inserts with unordered {@code insertMany}. A document without {@code _id} gets a new {@code ObjectId}.
     *
     * @throws DatabaseException naming the collection and the first duplicate key when a document's key exists
     */
    @Override
    public void insert(TableInfo table, List<Object[]> rows) {
        MongoCollection<RawBsonDocument> raw = MongoDocumentCodec.raw(collection(table));
        InsertManyOptions options = new InsertManyOptions().ordered(false);
        List<RawBsonDocument> chunk = new ArrayList<>();
        List<BsonValue> inserted = new ArrayList<>();
        long bytes = 0;
        int first = 0;
        for (int i = 0; i < rows.size(); i++) {
            Document doc = MongoDocuments.document(rows.get(i), "Record " + (i + 1) + " of the batch for " + table.qualifiedName());
            if (!doc.containsKey("_id")) {
                Document withId = new Document("_id", new ObjectId());
                withId.putAll(doc);
                doc = withId;
            }
            RawBsonDocument encoded = encode(doc, table, i);
            int size = encoded.getByteBuffer().remaining();
            if (!chunk.isEmpty() && (chunk.size() == CHUNK_DOCUMENTS || bytes + size > CHUNK_BYTES)) {
                insertChunk(raw, chunk, options, table, first, inserted);
                chunk.clear();
                bytes = 0;
                first = i;
            }
            chunk.add(encoded);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            insertChunk(raw, chunk, options, table, first, inserted);
        }
    }

    private static void undo(MongoCollection<RawBsonDocument> raw, List<BsonValue> inserted, TableInfo table) {
        try {
            for (int from = 0; from < inserted.size(); from += CHUNK_DOCUMENTS) {
                List<BsonValue> ids = inserted.subList(from, Math.min(inserted.size(), from + CHUNK_DOCUMENTS));
                raw.deleteMany(new BsonDocument("_id", new BsonDocument("$in", new BsonArray(ids))));
            }
        } catch (MongoException e) {
            LOG.warn("Could not delete the {} documents of a failed insert into {} again: {}", inserted.size(),
                    table.qualifiedName(), e.getMessage());
        }
    }

    private static RawBsonDocument encode(Document doc, TableInfo table, int index) {
        RawBsonDocument encoded = MongoDocumentCodec.encode(doc);
        int size = encoded.getByteBuffer().remaining();
        if (size > MongoDocuments.MAX_DOCUMENT_BYTES) {
            throw MongoDocuments.invalid("Record " + (index + 1) + " of the batch for " + table.qualifiedName()
                    + " (_id " + doc.get("_id") + ") is " + size + " bytes as BSON; MongoDB stores at most "
                    + MongoDocuments.MAX_DOCUMENT_BYTES + " bytes per document. Split it or move large values to GridFS.", null);
        }
        return encoded;
    }

    /**
     * Inserts one chunk. Outside a transaction an unordered {@code insertMany} that fails still stores the chunk's other
     * documents: those, and the earlier chunks of the same call ({@code inserted}), are deleted again before the failure
     * is thrown, so that a failed insert writes nothing, as a rolled-back transaction would. The caller may then write
     * the batch again (looking up its keys) and find only what was there before it.
     */
    private void insertChunk(MongoCollection<RawBsonDocument> raw, List<RawBsonDocument> chunk, InsertManyOptions options,
            TableInfo table, int first, List<BsonValue> inserted) {
        try {
            if (transaction.isOpen()) {
                raw.insertMany(transaction.session(), chunk, options);
            } else {
                raw.insertMany(chunk, options);
                for (RawBsonDocument d : chunk) {
                    inserted.add(d.get("_id"));
                }
            }
        } catch (MongoBulkWriteException e) {
            if (!transaction.isOpen()) {
                Set<Integer> failedAt = new HashSet<>();
                e.getWriteErrors().forEach(w -> failedAt.add(w.getIndex()));
                for (int i = 0; i < chunk.size(); i++) {
                    if (!failedAt.contains(i)) {
                        inserted.add(chunk.get(i).get("_id"));
                    }
                }
                undo(raw, inserted, table);
            }
            throw bulkFailed("insert into", table, chunk.size(), first, e);
        } catch (MongoException e) {
            throw failed("insert " + chunk.size() + " documents into " + table.qualifiedName(), table, e);
        }
    }

    /**
     * Upserts with an unordered {@code bulkWrite} of {@code updateOne({keys}, {$set: the other fields}, upsert)}: an
     * existing document keeps the fields the record does not carry, like a SQL upsert of some columns. When
     * {@code _id} is not a key field, a record's {@code _id} is used only for a document it creates
     * ({@code $setOnInsert}), since an existing document's {@code _id} cannot change.
     */
    @Override
    public void upsert(TableInfo table, List<String> keyColumns, List<Object[]> rows) {
        MongoKeyFields.requireKeys(table, keyColumns);
        Set<String> keys = new HashSet<>(keyColumns);
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        BulkWriteOptions options = new BulkWriteOptions().ordered(false);
        List<WriteModel<Document>> chunk = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < rows.size(); i++) {
            String where = "Record " + (i + 1) + " of the batch for " + table.qualifiedName();
            Document doc = MongoDocuments.document(rows.get(i), where);
            UpdateOneModel<Document> model = MongoKeyFields.upsertModel(doc, keyColumns, keys, where, upsert);
            if (!chunk.isEmpty() && chunk.size() == CHUNK_DOCUMENTS) {
                upsertChunk(table, chunk, options, first);
                chunk.clear();
                first = i;
            }
            chunk.add(model);
        }
        if (!chunk.isEmpty()) {
            upsertChunk(table, chunk, options, first);
        }
    }

    private void upsertChunk(TableInfo table, List<WriteModel<Document>> chunk, BulkWriteOptions options, int first) {
        MongoCollection<Document> c = collection(table);
        try {
            if (transaction.isOpen()) {
                c.bulkWrite(transaction.session(), chunk, options);
            } else {
                c.bulkWrite(chunk, options);
            }
        } catch (MongoBulkWriteException e) {
            throw bulkFailed("upsert into", table, chunk.size(), first, e);
        } catch (MongoException e) {
            throw failed("upsert " + chunk.size() + " documents into " + table.qualifiedName(), table, e);
        }
    }

    private DatabaseException bulkFailed(String action, TableInfo table, int size, int first, MongoBulkWriteException e) {
        String kept = transaction.isOpen() ? " The batch's transaction is rolled back."
                : " The other documents of the chunk were written (MongoDB has no transactions here); writing the batch "
                        + "again with upserts is safe.";
        return MongoWriteErrors.bulkFailed(backend, action, table, size, first, e, kept);
    }

    private DatabaseException failed(String action, TableInfo table, MongoException e) {
        return MongoWriteErrors.failed(backend, action, table, e);
    }

    /** Commits the batch's transaction, retrying while its outcome is unknown; nothing to do without transactions. */
    @Override
    public void commit() {
        if (!transaction.isOpen()) {
            return;
        }
        transaction.commit("the batch's transaction on MongoDB '" + backend.name() + "' at " + backend.hosts(),
                "Nothing of the batch or its checkpoint was kept; the batch can run again.");
    }

    /** Aborts the batch's transaction; never throws (the server discards a transaction it cannot reach the end of). */
    @Override
    public void rollback() {
        transaction.abort();
    }

    /**
     * True for a lost or refused connection ({@code MongoSocketException}, no server reachable in time), a primary that
     * stepped down or a node recovering, and any error MongoDB labels {@code TransientTransactionError} or
     * {@code RetryableWriteError}; false for everything else, among them duplicate keys, validation errors and
     * operations that ran past {@code maxTimeMS}. The driver's exception may be the failure or any of its causes.
     */
    @Override
    public boolean isTransient(RuntimeException failure) {
        return MongoWriteErrors.isTransient(failure);
    }

    private MongoCollection<Document> collection(TableInfo table) {
        return backend.client().getDatabase(table.schema()).getCollection(table.name());
    }

    @Override
    public void close() {
        transaction.close();
    }
}

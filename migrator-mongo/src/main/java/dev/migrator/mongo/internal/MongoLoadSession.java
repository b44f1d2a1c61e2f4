package dev.migrator.mongo.internal;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import dev.migrator.api.BackupException;
import dev.migrator.api.DatabaseException;
import dev.migrator.api.ErrorCode;
import dev.migrator.spi.LoadSession;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.TableInfo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores collections without ever putting the live data at risk: each collection is loaded into a staging collection
 * {@code <name>.__migrator_restore} in the same database (created with the live collection's options: validator,
 * collation, capped size...), then the live collection's indexes except {@code _id} are built on it, and only at
 * {@link #commit()} does {@code renameCollection} with {@code dropTarget: true} replace the live collection with it
 * (one atomic step per collection). Until then the live collections are not touched, so a failure anywhere before
 * commit, and {@link #rollback()}, leave them exactly as they were and drop the staging collections.
 *
 * <p>Documents are inserted with unordered {@code insertMany} in batches of at most {@value #BATCH_DOCUMENTS} documents
 * or {@value #BATCH_BYTES} bytes, with document validation bypassed: a restore puts back what the collection held, and
 * the copied validator still guards later writes. Indexes are built after the load, which is faster than maintaining
 * them per insert; a unique index the restored documents violate fails the restore before anything is replaced.
 *
 * <p>What this cannot do: several collections are replaced one after another at commit, not together; if a rename
 * fails part-way the collections already renamed stay restored, the others stay as they were, the error names both,
 * and {@link #transactional()} turns false. A sharded target collection is refused (a renamed staging collection would
 * not be sharded). Not thread-safe; two restores into the same collection at once are not supported.
 */
final class MongoLoadSession implements LoadSession {

    private static final Logger LOG = LoggerFactory.getLogger(MongoLoadSession.class);

    static final int BATCH_DOCUMENTS = 1000;
    static final int BATCH_BYTES = 16 * 1024 * 1024;

    private final MongoBackend backend;
    /** Staging collections created and not yet renamed over their live collection, by qualified live name. */
    private final Map<String, Staged> staged = new LinkedHashMap<>();
    private final List<String> replaced = new ArrayList<>();
    private boolean began;

    /** A staging collection: where it is, the live collection's indexes to build on it, and the documents loaded. */
    private static final class Staged {
        final TableInfo table;
        final String name;
        final List<Document> indexes;
        long loaded = -1;

        Staged(TableInfo table, String name, List<Document> indexes) {
            this.table = table;
            this.name = name;
            this.indexes = indexes;
        }

        String qualifiedName() {
            return table.schema() + "." + name;
        }
    }

    MongoLoadSession(MongoBackend backend) {
        this.backend = backend;
    }

    /**
     * The collection to restore into, whether or not it exists: MongoDB creates a missing one, and one that exists is
     * replaced whatever it holds.
     *
     * @throws BackupException ({@link ErrorCode#RESTORE_MISMATCH}) for a view, a system, time-series or sharded
     *     collection, before anything is written
     */
    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        MongoDatabase database = backend.client().getDatabase(schema);
        Document info;
        try {
            info = MongoCollections.info(database, table);
        } catch (MongoException e) {
            throw backend.translate("describe " + schema + "." + table, e);
        }
        String unsupported = MongoCollections.unsupported(schema, table, info);
        if (unsupported == null && info != null && sharded(schema + "." + table)) {
            unsupported = schema + "." + table + " is sharded, and a restore would replace it with an unsharded collection";
        }
        if (unsupported != null) {
            throw new BackupException(ErrorCode.RESTORE_MISMATCH, "Cannot restore into " + schema + "." + table
                    + " of connection '" + backend.name() + "': " + unsupported + ". Restore into another database with "
                    + "RestoreRequest.target(Target.of(connection, database)). Nothing was changed.");
        }
        return Optional.of(MongoCollections.table(schema, table));
    }

    private boolean sharded(String namespace) {
        if (!backend.topology().kind().equals("sharded cluster")) {
            return false;
        }
        try {
            Document entry = backend.client().getDatabase("config").getCollection("collections")
                    .find(new Document("_id", namespace).append("dropped", new Document("$ne", true))).first();
            return entry != null;
        } catch (MongoException e) {
            LOG.debug("[{}] cannot read config.collections to see whether {} is sharded: {}", backend.name(), namespace,
                    e.getMessage());
            return false;
        }
    }

    /** As given: collections do not refer to each other. */
    @Override
    public List<TableInfo> loadOrder(List<TableInfo> tables) {
        return List.copyOf(tables);
    }

    /**
     * True until commit has replaced a first collection: everything before that (staging, loading, index builds) is
     * undone by {@link #rollback()}, and the live collections were never touched. False once a commit failed after
     * replacing some collections, which stay replaced.
     */
    @Override
    public boolean transactional() {
        return replaced.isEmpty();
    }

    /** Nothing to start: the staging collections are the transaction. */
    @Override
    public void begin() {
        began = true;
    }

    /**
     * Creates an empty staging collection for each table, with the live collection's options; the live collections
     * stay as they are until {@link #commit()}. A staging collection left by a restore that was killed is dropped first.
     */
    @Override
    public void truncate(List<TableInfo> tables) {
        for (TableInfo t : tables) {
            MongoDatabase database = backend.client().getDatabase(t.schema());
            String name = MongoCollections.staging(t.name());
            try {
                if (MongoCollections.info(database, name) != null) {
                    LOG.warn("[{}] dropping {}.{}, left by a restore that did not finish", backend.name(), t.schema(), name);
                    database.getCollection(name).drop();
                }
                Document live = MongoCollections.info(database, t.name());
                Document create = new Document("create", name);
                if (live != null && live.get("options") instanceof Document options) {
                    create.putAll(options);
                }
                database.runCommand(create);
                staged.put(t.qualifiedName(), new Staged(t, name, live == null ? List.of() : indexes(database, t.name())));
            } catch (MongoException e) {
                throw backend.translate("create " + t.schema() + "." + name + " to restore " + t.qualifiedName() + " into", e);
            }
        }
    }

    /** The collection's index specifications except {@code _id}'s (and a clustered collection's key). */
    private static List<Document> indexes(MongoDatabase database, String collection) {
        List<Document> out = new ArrayList<>();
        for (Document spec : database.getCollection(collection).listIndexes()) {
            if ("_id_".equals(spec.getString("name")) || Boolean.TRUE.equals(spec.get("clustered"))) {
                continue;
            }
            Document copy = new Document(spec);
            copy.remove("ns"); // servers before 4.4 list it; createIndexes refuses another collection's namespace
            out.add(copy);
        }
        return out;
    }

    @Override
    public long load(TableInfo table, Iterator<Object[]> rows) {
        Staged s = staged.get(table.qualifiedName());
        if (s == null) {
            throw new IllegalStateException("load(" + table.qualifiedName() + ") before truncate() created its staging collection");
        }
        MongoCollection<RawBsonDocument> into = backend.client().getDatabase(table.schema())
                .getCollection(s.name, RawBsonDocument.class);
        InsertManyOptions options = new InsertManyOptions().ordered(false).bypassDocumentValidation(true);
        List<RawBsonDocument> batch = new ArrayList<>(BATCH_DOCUMENTS);
        long bytes = 0;
        long count = 0;
        while (rows.hasNext()) {
            Object value = rows.next()[0];
            count++;
            RawBsonDocument doc = encode(value, table, count);
            int size = doc.getByteBuffer().remaining();
            if (!batch.isEmpty() && (batch.size() == BATCH_DOCUMENTS || bytes + size > BATCH_BYTES)) {
                insert(into, batch, options, s, count - 1 - batch.size());
                batch.clear();
                bytes = 0;
            }
            batch.add(doc);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            insert(into, batch, options, s, count - batch.size());
        }
        buildIndexes(s);
        s.loaded = count;
        return count;
    }

    /** A document given as a session gives it (a {@code Map}), converted as every write converts it. */
    private static RawBsonDocument encode(Object value, TableInfo table, long number) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "Document " + number + " of " + table.qualifiedName()
                    + " in the backup is " + (value == null ? "null" : "a " + value.getClass().getSimpleName())
                    + ", not a document.");
        }
        return MongoDocumentCodec.encode(MongoDocuments.toDocument(map, "Document " + number + " of " + table.qualifiedName()));
    }

    private void insert(MongoCollection<RawBsonDocument> into, List<RawBsonDocument> batch, InsertManyOptions options,
            Staged s, long before) {
        try {
            into.insertMany(batch, options);
        } catch (MongoBulkWriteException e) {
            List<BulkWriteError> errors = e.getWriteErrors();
            String first = errors.isEmpty() ? e.getMessage()
                    : "the first, document " + (before + errors.get(0).getIndex() + 1) + ": " + errors.get(0).getMessage()
                            + " (code " + errors.get(0).getCode() + ")";
            throw new DatabaseException("Cannot load " + s.table.qualifiedName() + " (into its restore copy "
                    + s.qualifiedName() + "): " + errors.size() + " of " + batch.size() + " documents of a batch failed; "
                    + first + ". " + s.table.qualifiedName() + " was not replaced.", e);
        } catch (MongoException e) {
            throw backend.translate("load " + s.table.qualifiedName() + " (into its restore copy " + s.qualifiedName() + ")", e);
        }
    }

    private void buildIndexes(Staged s) {
        if (s.indexes.isEmpty()) {
            return;
        }
        List<String> names = s.indexes.stream().map(d -> String.valueOf(d.get("name"))).toList();
        try {
            backend.client().getDatabase(s.table.schema())
                    .runCommand(new Document("createIndexes", s.name).append("indexes", s.indexes));
        } catch (MongoCommandException e) {
            throw new DatabaseException("Cannot build the indexes " + names + " of " + s.table.qualifiedName()
                    + " on the restored documents: " + e.getErrorMessage() + " (code " + e.getErrorCode() + " "
                    + e.getErrorCodeName() + "). " + s.table.qualifiedName() + " was not replaced.", e);
        } catch (MongoException e) {
            throw backend.translate("build the indexes " + names + " of " + s.table.qualifiedName() + " on its restore copy", e);
        }
        LOG.debug("[{}] built {} on {}", backend.name(), names, s.qualifiedName());
    }

    /**
     * The documents of a table's staging collection, as a backup reads them ({@link MongoDocumentCodec}): what
     * {@link #load} put there, before {@link #commit()} replaces the live collection with it.
     */
    @Override
    public long read(TableInfo table, RowSink sink) {
        Staged s = staged.get(table.qualifiedName());
        if (s == null) {
            throw new IllegalStateException("read(" + table.qualifiedName() + ") before truncate() created its staging collection");
        }
        MongoCollection<RawBsonDocument> from = MongoDocumentCodec.raw(
                backend.client().getDatabase(table.schema()).getCollection(s.name));
        return MongoDocumentCodec.read(from.find().batchSize(BATCH_DOCUMENTS), sink,
                (rows, e) -> backend.translate("read " + s.qualifiedName() + ", the restore copy of " + table.qualifiedName()
                        + " (after " + rows + " documents)", e));
    }

    @Override
    public void resetSequences(TableInfo table) {
        // MongoDB has no sequences: _id values come with the documents.
    }

    /**
     * Replaces each live collection with its staging collection ({@code renameCollection} with {@code dropTarget}),
     * after checking that every staging collection holds the documents loaded into it.
     */
    @Override
    public void commit() {
        List<Staged> pending = new ArrayList<>(staged.values());
        // Check them all before replacing any: a concurrent drop of a staging collection must not replace live data
        // with a partial copy.
        for (Staged s : pending) {
            if (s.loaded < 0) {
                throw new IllegalStateException("commit() before load(" + s.table.qualifiedName() + ")");
            }
            long present;
            try {
                present = backend.client().getDatabase(s.table.schema()).getCollection(s.name).estimatedDocumentCount();
            } catch (MongoException e) {
                throw backend.translate("count the documents of " + s.qualifiedName(), e);
            }
            if (present != s.loaded) {
                throw new DatabaseException("The restore copy " + s.qualifiedName() + " holds " + present + " documents, but "
                        + s.loaded + " were loaded into it; did another restore into " + s.table.qualifiedName() + " run at "
                        + "the same time? Nothing was replaced.");
            }
        }
        for (Staged s : pending) {
            try {
                backend.client().getDatabase("admin").runCommand(new Document("renameCollection", s.qualifiedName())
                        .append("to", s.table.qualifiedName())
                        .append("dropTarget", true));
            } catch (MongoException e) {
                List<String> notReplaced = staged.values().stream().map(x -> x.table.qualifiedName()).toList();
                String why = backend.translate("replace " + s.table.qualifiedName() + " with its restore copy "
                        + s.qualifiedName(), e).getMessage();
                throw new DatabaseException(why + " Already replaced: " + replaced + "; as they were before the restore: "
                        + notReplaced + ".", e);
            }
            staged.remove(s.table.qualifiedName());
            replaced.add(s.table.qualifiedName());
        }
        began = false;
    }

    /** Drops the staging collections not yet renamed; the live collections they were for are as they were. */
    @Override
    public void rollback() {
        for (Staged s : List.copyOf(staged.values())) {
            try {
                backend.client().getDatabase(s.table.schema()).getCollection(s.name).drop();
                staged.remove(s.table.qualifiedName());
            } catch (RuntimeException e) {
                LOG.warn("[{}] cannot drop the restore copy {} ({}); drop it by hand: db.getSiblingDB(\"{}\")"
                        + ".getCollection(\"{}\").drop()", backend.name(), s.qualifiedName(), e.getMessage(),
                        s.table.schema(), s.name);
            }
        }
        began = false;
    }

    @Override
    public void close() {
        if (began || !staged.isEmpty()) {
            rollback();
        }
    }
}

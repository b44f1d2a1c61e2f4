package dev.migrator.mongo.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import com.mongodb.ErrorCategory;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataCapabilities;
import dev.migrator.api.MetadataChange;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.api.MetadataProblem;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataScope;
import dev.migrator.api.MigratorException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mongodb:} metadata loader: one document per item in a collection ({@code _framework_metadata} unless
 * configured) of the config's database or the URI's.
 *
 * <p>A document is {@code {_id: ObjectId, type, name, namespace, scope: "system"|"user", body: {...}, checksum,
 * createdAt, updatedAt}}; {@code {type: 1, name: 1, namespace: 1}} is unique and {@code {namespace: 1}} speeds up
 * listing a namespace.
 *
 * <p>Bodies keep their numbers exactly: integers are stored as int64 ({@code BigInteger}s beyond a long as
 * decimal128), {@code BigDecimal}s as decimal128 and other fractions as doubles, so that a body read back has the
 * checksum it was saved with. Read back, a body holds {@code LinkedHashMap}s, {@code ArrayList}s, {@code String}s,
 * {@code Boolean}s, {@code Long}s, {@code Double}s, {@code BigDecimal}s and {@code null}s (values other programs
 * stored in other BSON types become text: dates as ISO-8601, ObjectIds as hex, binaries as Base64).
 *
 * <p>Owns the {@code MongoClient} it builds from the URI and closes it, with any watch, in {@link #close()}.
 */
public final class MongoMetadataLoader implements MetadataLoader {

    private static final Logger LOG = LoggerFactory.getLogger(MongoMetadataLoader.class);

    /** The name of the unique index on an item's identity. */
    static final String IDENTITY_INDEX = "type_1_name_1_namespace_1";

    /** The name of the index on namespaces. */
    static final String NAMESPACE_INDEX = "namespace_1";

    private static final Document IDENTITY_KEY = new Document("type", 1).append("name", 1).append("namespace", 1);
    private static final Document NAMESPACE_KEY = new Document("namespace", 1);

    /** MongoDB's codes for a duplicate key, and for index specs that conflict with an existing index. */
    private static final int DUPLICATE_KEY = 11000;
    private static final Set<Integer> INDEX_CONFLICT = Set.of(85, 86);

    private final String name;
    private final MongoBackend backend;
    private final String databaseName;
    private final String collectionName;
    private final String where;
    private final MongoCollection<Document> collection;
    private final boolean transactions;
    private final boolean changeStreams;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private volatile List<MetadataProblem> problems = List.of();

    private MongoMetadataLoader(String name, MongoBackend backend, String databaseName, String collectionName) {
        this.name = name;
        this.backend = backend;
        this.databaseName = databaseName;
        this.collectionName = collectionName;
        this.where = databaseName + "." + collectionName;
        this.collection = backend.client().getDatabase(databaseName).getCollection(collectionName);
        this.transactions = backend.topology().transactions();
        this.changeStreams = backend.changeStreams();
    }

    /**
     * Opens a loader: checks the names, connects, and with {@code autoMigrate} creates the collection and its indexes
     * when missing; otherwise checks that they are there.
     *
     * @throws ConfigurationException when the URI is invalid or names no database and the config gives none
     * @throws dev.migrator.api.InvalidIdentifierException when the database or collection name is not one MongoDB accepts
     * @throws MetadataException {@code METADATA_TABLE_MISMATCH} when the collection or its unique index is missing or
     *     not unique (nothing is dropped), {@code DATABASE_ERROR} when the server cannot be reached or refuses
     */
    public static MongoMetadataLoader open(MetadataLoaderConfig config) {
        ConnectionConfig connection = config.connection();
        if (connection == null || connection.url() == null || !MongoBackend.isSupported(connection.url())) {
            throw new ConfigurationException("Metadata loader '" + config.name() + "' (mongodb:) needs a connection with a "
                    + "MongoDB URI, e.g. mongodb://localhost:27017/app; found "
                    + (connection == null ? "none" : connection.maskedUrl()) + ".");
        }
        MongoBackend backend = MongoBackend.open(connection);
        try {
            String database = config.schema() != null ? config.schema() : backend.uriDatabase();
            if (database == null) {
                throw new ConfigurationException("Metadata loader '" + config.name() + "': the URI "
                        + connection.maskedUrl() + " names no database and the config gives none; add it to the URI, "
                        + "e.g. mongodb://" + backend.hosts() + "/app, or set the config's schema.");
            }
            MongoCollections.requireDatabase(database, "Database of metadata loader '" + config.name() + "'");
            requireCollection(database, config.table(), config.name());
            MongoMetadataLoader loader;
            try {
                loader = new MongoMetadataLoader(config.name(), backend, database, config.table());
            } catch (MongoException e) {
                throw wrap(config.name(), backend, database + "." + config.table(), "connect", e);
            }
            loader.prepare(config.autoMigrate());
            LOG.info("[{}] metadata in MongoDB collection {} at {} (transactions {}, change streams {})", config.name(),
                    loader.where, backend.hosts(), loader.transactions ? "yes" : "no", loader.changeStreams ? "yes" : "no");
            return loader;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    private static void requireCollection(String database, String collection, String loader) {
        boolean ok = collection != null && !collection.isEmpty() && collection.indexOf('$') < 0
                && collection.indexOf('\0') < 0 && !collection.startsWith("system.")
                && (database + "." + collection).getBytes(StandardCharsets.UTF_8).length <= 255;
        if (!ok) {
            throw new dev.migrator.api.InvalidIdentifierException("Collection of metadata loader '" + loader + "' '"
                    + collection + "' is not a MongoDB collection name: give a name without '$' or NUL that does not "
                    + "start with 'system.' and, with its database's name, has at most 255 bytes (e.g. "
                    + MetadataLoaderConfig.DEFAULT_TABLE + "). Nothing was read or written.");
        }
    }

    private void prepare(boolean autoMigrate) {
        MongoDatabase database = backend.client().getDatabase(databaseName);
        try {
            Document info = MongoCollections.info(database, collectionName);
            if (info != null && !"collection".equals(MongoCollections.type(info))) {
                throw mismatch(where + " is a " + MongoCollections.type(info) + ", not a collection. Give the loader "
                        + "another collection (config table), or drop the " + MongoCollections.type(info) + " yourself.");
            }
            if (autoMigrate) {
                if (info == null) {
                    try {
                        database.createCollection(collectionName);
                        LOG.info("[{}] created metadata collection {}", name, where);
                    } catch (MongoCommandException e) {
                        if (e.getErrorCode() != 48) { // NamespaceExists: another instance created it first
                            throw e;
                        }
                    }
                }
                createIndexes(database);
            } else if (info == null) {
                throw mismatch("The metadata collection " + where + " does not exist. Create it and its indexes: "
                        + "db.createCollection(\"" + collectionName + "\"); " + createIndexesCommand()
                        + " — or open the loader with autoMigrate.");
            }
            checkIdentityIndex();
        } catch (MongoException e) {
            throw wrap(name, backend, where, "prepare the metadata collection", e);
        }
    }

    private void createIndexes(MongoDatabase database) {
        Document command = new Document("createIndexes", collectionName).append("indexes", List.of(
                new Document("key", IDENTITY_KEY).append("name", IDENTITY_INDEX).append("unique", true),
                new Document("key", NAMESPACE_KEY).append("name", NAMESPACE_INDEX)));
        try {
            database.runCommand(command);
        } catch (MongoCommandException e) {
            if (INDEX_CONFLICT.contains(e.getErrorCode())) {
                throw mismatch("The metadata collection " + where + " has an index that conflicts with the ones the "
                        + "loader needs (" + e.getErrorMessage() + "). Nothing was dropped. Drop the conflicting index "
                        + "yourself, then run " + createIndexesCommand() + ".");
            }
            if (e.getErrorCode() == DUPLICATE_KEY) {
                throw mismatch("The metadata collection " + where + " holds several documents with the same type, name "
                        + "and namespace, so the unique index cannot be built (" + e.getErrorMessage() + "). Delete the "
                        + "duplicates, then run " + createIndexesCommand() + ".");
            }
            throw e;
        }
    }

    /**
     * Checks that a unique index on {@code {type, name, namespace}} exists. The key is compared as fields in order;
     * an index named {@value #IDENTITY_INDEX} with {@code unique: true} is accepted too, since some servers (the
     * in-process test server) do not list keys faithfully.
     */
    private void checkIdentityIndex() {
        boolean found = false;
        boolean unique = false;
        for (Document index : collection.listIndexes()) {
            Object key = index.get("key");
            boolean sameKey = key instanceof Document k && new ArrayList<>(k.keySet()).equals(List.of("type", "name", "namespace"));
            if (sameKey || IDENTITY_INDEX.equals(index.getString("name"))) {
                found = true;
                unique |= isTrue(index.get("unique"));
            }
        }
        if (!found) {
            throw mismatch("The metadata collection " + where + " has no unique index on {type: 1, name: 1, namespace: 1}, "
                    + "so two instances could save the same item twice. Nothing was changed. Run "
                    + createIndexesCommand() + " (or open the loader with autoMigrate).");
        }
        if (!unique) {
            throw mismatch("The metadata collection " + where + " has an index on {type: 1, name: 1, namespace: 1} that "
                    + "is not unique, so two instances could save the same item twice. Nothing was dropped. Drop that "
                    + "index yourself, then run " + createIndexesCommand() + ".");
        }
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || value instanceof Number n && n.intValue() != 0;
    }

    private String createIndexesCommand() {
        return "db.getSiblingDB(\"" + databaseName + "\").runCommand({createIndexes: \"" + collectionName
                + "\", indexes: [{key: {type: 1, name: 1, namespace: 1}, name: \"" + IDENTITY_INDEX + "\", unique: true}, "
                + "{key: {namespace: 1}, name: \"" + NAMESPACE_INDEX + "\"}]})";
    }

    private MetadataException mismatch(String message) {
        return new MetadataException(ErrorCode.METADATA_TABLE_MISMATCH, "Metadata loader '" + name + "': " + message);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String protocol() {
        return "mongodb:";
    }

    /** Reads, writes and lists; watches only on replica sets and sharded clusters, which have change streams. */
    @Override
    public MetadataCapabilities capabilities() {
        return new MetadataCapabilities(true, true, changeStreams, true);
    }

    @Override
    public Optional<MetadataItem> get(String type, String itemName, String namespace) {
        String key = MetadataItem.key(type, itemName, namespaceOf(namespace));
        Document doc;
        try {
            doc = collection.find(identity(type, itemName, namespace)).first();
        } catch (MongoException e) {
            throw wrap(name, backend, where, "read " + key, e);
        }
        if (doc == null) {
            return Optional.empty();
        }
        List<MetadataProblem> found = new ArrayList<>();
        MetadataItem item = item(doc, found);
        if (item == null) {
            throw new MetadataException(ErrorCode.METADATA_INVALID, "Metadata loader '" + name + "': the document of "
                    + key + " in " + where + " cannot be read: " + found.get(0).message(), found, null);
        }
        return Optional.of(item);
    }

    /** Sorted by type, namespace and name; documents that are not items are left out and reported by {@link #problems()}. */
    @Override
    public List<MetadataItem> list(MetadataQuery query) {
        List<Bson> filters = new ArrayList<>();
        if (query.type() != null) {
            filters.add(Filters.eq("type", query.type()));
        }
        if (query.namespace() != null) {
            filters.add(Filters.eq("namespace", query.namespace()));
        }
        if (query.scope() != null) {
            filters.add(Filters.eq("scope", scopeText(query.scope())));
        }
        List<MetadataItem> items = new ArrayList<>();
        List<MetadataProblem> found = new ArrayList<>();
        try {
            Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
            for (Document doc : collection.find(filter).sort(new Document("type", 1).append("namespace", 1).append("name", 1))) {
                MetadataItem item = item(doc, found);
                if (item != null && query.matches(item)) {
                    items.add(item);
                }
            }
        } catch (MongoException e) {
            throw wrap(name, backend, where, "list metadata", e);
        }
        problems = List.copyOf(found);
        return List.copyOf(items);
    }

    @Override
    public List<MetadataProblem> problems() {
        return problems;
    }

    /**
     * Creates or replaces the item's document ({@code updateOne} with upsert by type, name and namespace); a replaced
     * document keeps its {@code _id} and {@code createdAt}.
     *
     * @return the item with the body as it reads back, its checksum and the time saved
     * @throws MetadataException {@code METADATA_INVALID} when the body holds a number MongoDB cannot keep exactly,
     *     {@code METADATA_DUPLICATE} when another writer inserted the same item at the same moment twice over,
     *     {@code DATABASE_ERROR} when the server refuses
     */
    @Override
    public MetadataItem save(MetadataItem item) {
        Prepared p = prepare(item);
        try {
            try {
                collection.updateOne(p.filter, p.update, UPSERT);
            } catch (MongoException e) {
                if (!isDuplicate(e)) {
                    throw e;
                }
                // Two upserts of a new item can both miss the filter and insert; the loser's retry finds the winner's.
                collection.updateOne(p.filter, p.update, UPSERT);
            }
        } catch (MongoException e) {
            if (isDuplicate(e)) {
                throw new MetadataException(ErrorCode.METADATA_DUPLICATE, "Metadata loader '" + name + "': " + item.key()
                        + " was inserted into " + where + " by another writer at the same time, twice over; save it again.",
                        List.of(), e);
            }
            throw wrap(name, backend, where, "save " + item.key(), e);
        }
        return p.saved;
    }

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    /** An item's upsert, and the item as it will read back. */
    private record Prepared(Bson filter, Document update, MetadataItem saved) {}

    private Prepared prepare(MetadataItem item) {
        Map<String, Object> body = BodyValues.normalise(item.body(), item.key());
        String checksum = MetadataItem.checksumOf(body);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Date at = Date.from(now);
        Document update = new Document("$set", new Document("scope", scopeText(item.scope()))
                .append("body", BodyValues.toBson(body)).append("checksum", checksum).append("updatedAt", at))
                .append("$setOnInsert", new Document("_id", new ObjectId()).append("createdAt", at));
        return new Prepared(identity(item.type(), item.name(), item.namespace()), update,
                new MetadataItem(item.type(), item.name(), item.namespace(), item.scope(), body, checksum, Optional.of(now)));
    }

    private static boolean isDuplicate(MongoException e) {
        return e instanceof MongoServerException s && s.getCode() == DUPLICATE_KEY
                || e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * Saves all items in one transaction on replica sets and sharded clusters, so either all are saved or none. A
     * standalone server has no transactions: the items are saved one by one in order and the first failure stops the
     * rest, leaving the earlier ones saved.
     *
     * @throws MetadataException {@code METADATA_DUPLICATE} (before anything is written) when the list names the same
     *     item twice; otherwise as {@link #save}
     */
    @Override
    public List<MetadataItem> saveAll(List<MetadataItem> items) {
        Set<String> keys = new HashSet<>();
        for (MetadataItem item : items) {
            if (!keys.add(item.key())) {
                throw new MetadataException(ErrorCode.METADATA_DUPLICATE, "Metadata loader '" + name + "': the items to "
                        + "save name " + item.key() + " twice; nothing was saved. Save each item once.");
            }
        }
        if (!transactions || items.size() < 2) {
            return items.stream().map(this::save).toList();
        }
        List<Prepared> prepared = items.stream().map(this::prepare).toList(); // invalid bodies fail before any write
        try (ClientSession session = backend.client().startSession()) {
            // Driver exceptions pass through unwrapped so that withTransaction retries transient errors.
            session.withTransaction(() -> {
                for (Prepared p : prepared) {
                    collection.updateOne(session, p.filter, p.update, UPSERT);
                }
                return null;
            });
        } catch (MongoException e) {
            if (isDuplicate(e)) {
                throw new MetadataException(ErrorCode.METADATA_DUPLICATE, "Metadata loader '" + name + "': another writer "
                        + "inserted one of the " + items.size() + " items into " + where + " at the same time; none was "
                        + "saved. Save them again.", List.of(), e);
            }
            throw wrap(name, backend, where, "save " + items.size() + " items in one transaction (none was saved)", e);
        }
        return prepared.stream().map(Prepared::saved).toList();
    }

    @Override
    public boolean delete(String type, String itemName, String namespace) {
        try {
            return collection.deleteOne(identity(type, itemName, namespace)).getDeletedCount() > 0;
        } catch (MongoException e) {
            throw wrap(name, backend, where, "delete " + MetadataItem.key(type, itemName, namespaceOf(namespace)), e);
        }
    }

    /**
     * Watches the collection with a change stream (replica sets and sharded clusters only) on a daemon thread; the
     * listener hears every insert, update and delete, this loader's own included. A document deleted before the watch
     * began, or that never was an item, is not reported.
     *
     * @throws MetadataException {@code METADATA_NOT_WRITABLE} on a standalone server, which has no change streams
     */
    @Override
    public AutoCloseable watch(Consumer<MetadataChange> listener) {
        if (!changeStreams) {
            throw new MetadataException(ErrorCode.METADATA_NOT_WRITABLE, "Metadata loader '" + name + "' (mongodb:) cannot "
                    + "watch " + where + ": the MongoDB server at " + backend.hosts() + " is a standalone server, and change "
                    + "streams need a replica set or sharded cluster. Poll with list(), or run mongod as a replica set "
                    + "(mongod --replSet rs0, then rs.initiate()).");
        }
        Watch watch;
        try {
            watch = new Watch(listener);
        } catch (MongoException e) {
            throw wrap(name, backend, where, "start a change stream", e);
        }
        watches.add(watch);
        watch.thread.start();
        return watch;
    }

    /** Closes every watch and the client. */
    @Override
    public void close() {
        for (Watch w : watches) {
            w.close();
        }
        backend.close();
    }

    @Override
    public String toString() {
        return "MongoMetadataLoader[" + name + ", " + where + " at " + backend.hosts() + "]";
    }

    private final class Watch implements AutoCloseable {
        private final Consumer<MetadataChange> listener;
        private final Map<Object, String[]> keys = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean closed;
        private MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor;

        Watch(Consumer<MetadataChange> listener) {
            this.listener = listener;
            // Open the stream before reading the keys, so that no change falls between the two.
            this.cursor = open(null);
            try {
                for (Document d : collection.find().projection(new Document("type", 1).append("name", 1).append("namespace", 1))) {
                    remember(d);
                }
            } catch (RuntimeException e) {
                cursor.close();
                throw e;
            }
            this.thread = new Thread(this::run, "migrator-metadata-watch-" + name);
            thread.setDaemon(true);
        }

        private MongoChangeStreamCursor<ChangeStreamDocument<Document>> open(BsonDocument resumeToken) {
            var stream = collection.watch().fullDocument(FullDocument.UPDATE_LOOKUP).maxAwaitTime(500, TimeUnit.MILLISECONDS);
            if (resumeToken != null) {
                stream = stream.resumeAfter(resumeToken);
            }
            return stream.cursor();
        }

        private String[] remember(Document d) {
            if (d == null || !(d.get("type") instanceof String t) || !(d.get("name") instanceof String n)) {
                return null;
            }
            String[] key = {t, n, d.get("namespace") instanceof String ns ? ns : MetadataItem.DEFAULT_NAMESPACE};
            keys.put(d.get("_id"), key);
            return key;
        }

        private void run() {
            BsonDocument resume = null;
            while (!closed) {
                try {
                    ChangeStreamDocument<Document> event = cursor.tryNext();
                    if (event == null) {
                        continue;
                    }
                    resume = event.getResumeToken();
                    handle(event);
                } catch (MongoException e) {
                    if (closed) {
                        return;
                    }
                    LOG.warn("[{}] change stream on {} failed ({}); resuming in 1 s", name, where, e.getMessage());
                    try {
                        cursor.close();
                        Thread.sleep(1000);
                        cursor = open(resume);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (MongoException again) {
                        LOG.warn("[{}] cannot resume the change stream on {} ({}); retrying", name, where, again.getMessage());
                    } catch (IllegalStateException stopped) {
                        return; // the client was closed with the loader
                    }
                } catch (IllegalStateException stopped) {
                    return;
                }
            }
        }

        private void handle(ChangeStreamDocument<Document> event) {
            MetadataChange.Kind kind;
            String[] key;
            switch (event.getOperationType()) {
                case INSERT -> {
                    kind = MetadataChange.Kind.CREATED;
                    key = remember(event.getFullDocument());
                }
                case UPDATE, REPLACE -> {
                    kind = MetadataChange.Kind.UPDATED;
                    key = remember(event.getFullDocument());
                    if (key == null && event.getDocumentKey() != null) {
                        key = keys.get(id(event.getDocumentKey()));
                    }
                }
                case DELETE -> {
                    kind = MetadataChange.Kind.DELETED;
                    key = event.getDocumentKey() == null ? null : keys.remove(id(event.getDocumentKey()));
                }
                default -> {
                    return; // drop, rename, invalidate: the stream ends; the loader reports nothing
                }
            }
            if (key == null) {
                return;
            }
            try {
                listener.accept(new MetadataChange(kind, key[0], key[1], key[2], name));
            } catch (RuntimeException e) {
                LOG.warn("[{}] a metadata watch listener failed on {} {}: {}", name, kind, MetadataItem.key(key[0], key[1],
                        key[2]), e.toString());
            }
        }

        private Object id(BsonDocument documentKey) {
            BsonValue id = documentKey.get("_id");
            return id != null && id.isObjectId() ? id.asObjectId().getValue() : BodyValues.fromBson(id);
        }

        @Override
        public void close() {
            closed = true;
            watches.remove(this);
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                cursor.close();
            } catch (RuntimeException e) {
                LOG.debug("[{}] closing the change stream: {}", name, e.toString());
            }
        }
    }

    private MetadataItem item(Document doc, List<MetadataProblem> found) {
        Object id = doc.get("_id");
        String source = where + " _id " + id;
        Object type = doc.get("type");
        Object itemName = doc.get("name");
        Object namespace = doc.get("namespace");
        String key = type instanceof String t && itemName instanceof String n
                ? MetadataItem.key(t, n, namespace instanceof String ns ? ns : null) : null;
        if (key == null) {
            found.add(new MetadataProblem(name, source, null, "the document has no string type and name; give it both, "
                    + "or delete it"));
            return null;
        }
        Object body = doc.get("body");
        if (body != null && !(body instanceof Document)) {
            found.add(new MetadataProblem(name, source, key, "body is " + body.getClass().getSimpleName()
                    + ", not a document; store the definition as a sub-document"));
            return null;
        }
        MetadataScope scope;
        Object scopeValue = doc.get("scope");
        try {
            scope = scopeValue == null ? MetadataScope.SYSTEM : MetadataScope.valueOf(scopeValue.toString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            found.add(new MetadataProblem(name, source, key, "scope is '" + scopeValue + "'; use \"system\" or \"user\""));
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = body == null ? Map.of() : (Map<String, Object>) BodyValues.fromBson(body);
        String checksum = doc.get("checksum") instanceof String c ? c : MetadataItem.checksumOf(values);
        Optional<Instant> updatedAt = doc.get("updatedAt") instanceof Date d ? Optional.of(d.toInstant()) : Optional.empty();
        return new MetadataItem((String) type, (String) itemName, (String) namespace, scope, values, checksum, updatedAt);
    }

    private static Bson identity(String type, String itemName, String namespace) {
        return Filters.and(Filters.eq("type", type), Filters.eq("name", itemName), Filters.eq("namespace", namespaceOf(namespace)));
    }

    private static String namespaceOf(String namespace) {
        return namespace == null || namespace.isEmpty() ? MetadataItem.DEFAULT_NAMESPACE : namespace;
    }

    private static String scopeText(MetadataScope scope) {
        return scope.name().toLowerCase(Locale.ROOT);
    }

    private static MetadataException wrap(String loader, MongoBackend backend, String where, String action, MongoException e) {
        MigratorException translated = backend.translate(action + " in metadata collection " + where, e);
        return new MetadataException(ErrorCode.DATABASE_ERROR, "Metadata loader '" + loader + "': "
                + translated.getMessage() + " Check that the server is up and the loader's user may read and write "
                + where + ", then try again.", List.of(), e);
    }

    /** Body values between plain Java JSON values and what the driver stores; see the class comment. */
    static final class BodyValues {

        private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
        private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

        private BodyValues() {}

        /**
         * The body as the values it reads back as, which the checksum is computed on: maps as {@code LinkedHashMap}s,
         * iterables and arrays as lists, whole numbers as {@code Long} (or {@code BigDecimal} beyond a long),
         * {@code BigDecimal} as it is, other numbers as {@code Double}, anything else as its text.
         */
        @SuppressWarnings("unchecked")
        static Map<String, Object> normalise(Map<String, ?> body, String key) {
            return (Map<String, Object>) normaliseValue(body, key + " body");
        }

        private static Object normaliseValue(Object v, String where) {
            if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
                return v;
            }
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(String.valueOf(k), normaliseValue(x, where + "." + k)));
                return Collections.unmodifiableMap(out);
            }
            if (v instanceof Iterable<?> it) {
                List<Object> out = new ArrayList<>();
                int i = 0;
                for (Object x : it) {
                    out.add(normaliseValue(x, where + "[" + i++ + "]"));
                }
                return Collections.unmodifiableList(out);
            }
            if (v instanceof Object[] a) {
                return normaliseValue(List.of(a), where);
            }
            if (v instanceof Integer || v instanceof Short || v instanceof Byte
                    || v instanceof java.util.concurrent.atomic.AtomicInteger || v instanceof java.util.concurrent.atomic.AtomicLong) {
                return ((Number) v).longValue();
            }
            if (v instanceof Float f) {
                return Double.valueOf(f.toString()); // 1.1f as 1.1, not 1.100000023841858: the checksum reads toString()
            }
            if (v instanceof BigInteger b) {
                return b.bitLength() < 64 ? (Object) b.longValue() : decimal(new BigDecimal(b), where);
            }
            if (v instanceof BigDecimal d) {
                return decimal(d, where);
            }
            if (v instanceof Number n) {
                try {
                    return decimal(new BigDecimal(n.toString()), where);
                } catch (NumberFormatException e) {
                    return Double.valueOf(n.doubleValue());
                }
            }
            return v.toString();
        }

        private static BigDecimal decimal(BigDecimal d, String where) {
            try {
                new Decimal128(d);
            } catch (NumberFormatException e) {
                throw new MetadataException(ErrorCode.METADATA_INVALID, "Metadata " + where + " is " + d.toPlainString()
                        + ", which MongoDB's decimal128 cannot hold exactly (at most 34 significant digits, exponent -6176 "
                        + "to 6111); round it, or store it as a string.");
            }
            return d;
        }

        /** A normalised body as a document: {@code Long} as int64, {@code BigDecimal} as decimal128. */
        static Document toBson(Map<String, Object> body) {
            Document out = new Document();
            body.forEach((k, v) -> out.put(k, toBsonValue(v)));
            return out;
        }

        @SuppressWarnings("unchecked")
        private static Object toBsonValue(Object v) {
            if (v instanceof Map<?, ?> m) {
                return toBson((Map<String, Object>) m);
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(x -> out.add(toBsonValue(x)));
                return out;
            }
            if (v instanceof BigDecimal d) {
                return new Decimal128(d);
            }
            return v;
        }

        /** A stored value as a plain Java JSON value. */
        static Object fromBson(Object v) {
            if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
                return v;
            }
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(String.valueOf(k), fromBson(x)));
                return Collections.unmodifiableMap(out);
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(x -> out.add(fromBson(x)));
                return Collections.unmodifiableList(out);
            }
            if (v instanceof Integer i) {
                return i.longValue();
            }
            if (v instanceof Decimal128 d) {
                if (d.isNaN()) {
                    return Double.NaN;
                }
                if (d.isInfinite()) {
                    return d.isNegative() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                try {
                    return d.bigDecimalValue();
                } catch (ArithmeticException negativeZero) {
                    return BigDecimal.ZERO;
                }
            }
            if (v instanceof Date d) {
                return d.toInstant().toString();
            }
            if (v instanceof ObjectId id) {
                return id.toHexString();
            }
            if (v instanceof Binary b) {
                return Base64.getEncoder().encodeToString(b.getData());
            }
            return v.toString();
        }
    }
}

package dev.migrator.mongo.internal;

import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import com.mongodb.ErrorCategory;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
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
import dev.migrator.spi.StoredMetadata;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;
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
 * <p>Bodies keep their numbers exactly ({@link MongoBodyValues}), so that a body read back has the checksum it was
 * saved with. Read back, a body holds {@code LinkedHashMap}s, {@code ArrayList}s, {@code String}s, {@code Boolean}s,
 * {@code Long}s, {@code Double}s, {@code BigDecimal}s and {@code null}s. The collection and its indexes are
 * {@link MongoMetadataCollection}'s; a watch is a {@link MongoMetadataWatch}.
 *
 * <p>Owns the {@code MongoClient} it builds from the URI and closes it, with any watch, in {@link #close()}.
 */
public final class MongoMetadataLoader implements MetadataLoader {

    private static final Logger LOG = LoggerFactory.getLogger(MongoMetadataLoader.class);

    private final String name;
    private final MongoBackend backend;
    private final String where;
    private final MongoCollection<Document> collection;
    private final boolean transactions;
    private final boolean changeStreams;
    private final List<MongoMetadataWatch> watches = new CopyOnWriteArrayList<>();
    private volatile List<MetadataProblem> problems = List.of();

    private MongoMetadataLoader(String name, MongoBackend backend, String databaseName, String collectionName) {
        this.name = name;
        this.backend = backend;
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
            MongoMetadataCollection.requireCollection(database, config.table(), config.name());
            MongoMetadataLoader loader;
            try {
                loader = new MongoMetadataLoader(config.name(), backend, database, config.table());
            } catch (MongoException e) {
                throw wrap(config.name(), backend, database + "." + config.table(), "connect", e);
            }
            new MongoMetadataCollection(config.name(), backend, database, config.table(), loader.collection)
                    .prepare(config.autoMigrate());
            LOG.info("[{}] metadata in MongoDB collection {} at {} (transactions {}, change streams {})", config.name(),
                    loader.where, backend.hosts(), loader.transactions ? "yes" : "no", loader.changeStreams ? "yes" : "no");
            return loader;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
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
        Map<String, Object> body = MongoBodyValues.normalise(item.body(), item.key());
        String checksum = MetadataItem.checksumOf(body);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Date at = Date.from(now);
        Document update = new Document("$set", new Document("scope", scopeText(item.scope()))
                .append("body", MongoBodyValues.toBson(body)).append("checksum", checksum).append("updatedAt", at))
                .append("$setOnInsert", new Document("_id", new ObjectId()).append("createdAt", at));
        return new Prepared(identity(item.type(), item.name(), item.namespace()), update,
                new MetadataItem(item.type(), item.name(), item.namespace(), item.scope(), body, checksum, Optional.of(now)));
    }

    private static boolean isDuplicate(MongoException e) {
        return e instanceof MongoServerException s && s.getCode() == MongoMetadataCollection.DUPLICATE_KEY
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
        MongoMetadataWatch watch;
        try {
            watch = new MongoMetadataWatch(name, where, collection, listener, watches::remove);
        } catch (MongoException e) {
            throw wrap(name, backend, where, "start a change stream", e);
        }
        watches.add(watch);
        watch.start();
        return watch;
    }

    /** Closes every watch and the client. */
    @Override
    public void close() {
        for (MongoMetadataWatch w : watches) {
            w.close();
        }
        backend.close();
    }

    @Override
    public String toString() {
        return "MongoMetadataLoader[" + name + ", " + where + " at " + backend.hosts() + "]";
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
            scope = StoredMetadata.scope(scopeValue == null ? null : scopeValue.toString());
        } catch (IllegalArgumentException e) {
            found.add(new MetadataProblem(name, source, key, "scope is '" + scopeValue + "'; use \"system\" or \"user\""));
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = body == null ? Map.of() : (Map<String, Object>) MongoBodyValues.fromBson(body);
        String checksum = StoredMetadata.checksum(doc.get("checksum") instanceof String c ? c : null, values);
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

    static MetadataException wrap(String loader, MongoBackend backend, String where, String action, MongoException e) {
        MigratorException translated = backend.translate(action + " in metadata collection " + where, e);
        return new MetadataException(ErrorCode.DATABASE_ERROR, "Metadata loader '" + loader + "': "
                + translated.getMessage() + " Check that the server is up and the loader's user may read and write "
                + where + ", then try again.", List.of(), e);
    }
}

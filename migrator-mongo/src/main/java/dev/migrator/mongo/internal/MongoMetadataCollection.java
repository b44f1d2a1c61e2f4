package dev.migrator.mongo.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataLoaderConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mongodb:} metadata loader's collection and its indexes: {@code {type: 1, name: 1, namespace: 1}} unique,
 * {@code {namespace: 1}} to list a namespace. Created when missing with {@code autoMigrate}; an existing collection or
 * index is never dropped: what is wrong is reported with the command that fixes it.
 */
final class MongoMetadataCollection {

    private static final Logger LOG = LoggerFactory.getLogger(MongoMetadataCollection.class);

    /** The name of the unique index on an item's identity. */
    static final String IDENTITY_INDEX = "type_1_name_1_namespace_1";

    /** The name of the index on namespaces. */
    static final String NAMESPACE_INDEX = "namespace_1";

    /** MongoDB's code for a duplicate key. */
    static final int DUPLICATE_KEY = 11000;

    private static final Document IDENTITY_KEY = new Document("type", 1).append("name", 1).append("namespace", 1);
    private static final Document NAMESPACE_KEY = new Document("namespace", 1);

    /** MongoDB's codes for index specs that conflict with an existing index. */
    private static final Set<Integer> INDEX_CONFLICT = Set.of(85, 86);

    private final String name;
    private final MongoBackend backend;
    private final String databaseName;
    private final String collectionName;
    private final String where;
    private final MongoCollection<Document> collection;

    MongoMetadataCollection(String name, MongoBackend backend, String databaseName, String collectionName,
            MongoCollection<Document> collection) {
        this.name = name;
        this.backend = backend;
        this.databaseName = databaseName;
        this.collectionName = collectionName;
        this.where = databaseName + "." + collectionName;
        this.collection = collection;
    }

    static void requireCollection(String database, String collection, String loader) {
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

    /** Creates what is missing when {@code autoMigrate} is on, then checks the identity index. */
    void prepare(boolean autoMigrate) {
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
            throw MongoMetadataLoader.wrap(name, backend, where, "prepare the metadata collection", e);
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
}

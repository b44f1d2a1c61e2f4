package dev.migrator.mongo.internal;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/** What backups and restores share: a collection as a table of one document column, and how to list collections. */
final class MongoCollections {

    /** The one column of a collection: the whole document, a {@code Map} ({@link MongoDocumentCodec}). */
    static final List<ColumnInfo> COLUMNS = List.of(ColumnInfo.of("document", "document", ValueKind.DOCUMENT));

    /**
     * Canonical Extended JSON, a backup's text of a document: every BSON type keeps its type ({@code $numberInt} vs {@code $numberLong},
     * {@code $numberDecimal}, {@code $oid}, {@code $date}, {@code $binary} with its subtype...) and fields keep their order,
     * so a document read back from a restore gives the same text, which the content checksum compares.
     */
    static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    /** The suffix of the collection a restore loads into before it replaces the live one. */
    static final String STAGING_SUFFIX = ".__migrator_restore";

    private MongoCollections() {}

    /** Characters MongoDB refuses in database names (on any platform). */
    private static final String DATABASE_FORBIDDEN = "/\\. \"$*<>:|?\0";

    /**
     * Returns a database name from outside when MongoDB accepts it: 1 to 63 bytes, none of {@code / \\ . " $ * < > : | ?},
     * spaces or NUL.
     *
     * @param what what the name is, for the message, e.g. {@code "Database of connection 'mongo'"}
     * @throws InvalidIdentifierException naming the value and the rule otherwise
     */
    static String requireDatabase(String name, String what) {
        boolean ok = name != null && !name.isEmpty() && name.getBytes(StandardCharsets.UTF_8).length < 64;
        for (int i = 0; ok && i < name.length(); i++) {
            ok = DATABASE_FORBIDDEN.indexOf(name.charAt(i)) < 0;
        }
        if (!ok) {
            throw new InvalidIdentifierException(what + " '" + name + "' is not a MongoDB database name: use 1 to 63 bytes "
                    + "without / \\ . \" $ * < > : | ?, spaces or NUL (e.g. app_dev). Nothing was read or written.");
        }
        return name;
    }

    /**
     * Returns a collection name from outside when a data migration may use it: not empty, no {@code $} or NUL, not a
     * {@code system.} collection, and at most 255 bytes with its database's name.
     *
     * @throws InvalidIdentifierException naming the value and the rule otherwise
     */
    static String requireCollection(String database, String name, String what) {
        boolean ok = name != null && !name.isEmpty() && name.indexOf('$') < 0 && name.indexOf('\0') < 0
                && !name.startsWith("system.")
                && (database + "." + name).getBytes(StandardCharsets.UTF_8).length <= 255;
        if (!ok) {
            throw new InvalidIdentifierException(what + " '" + name + "' is not a collection a data migration can use: give "
                    + "a name without '$' or NUL that does not start with 'system.' and, with its database's name, has at "
                    + "most 255 bytes (e.g. users or app.users). Nothing was read or written.");
        }
        return name;
    }

    /**
     * The {@code listCollections} entry of a data migration's source or target collection, or {@code null} when it does
     * not exist; the names are checked first.
     *
     * @param role {@code source} or {@code target}, for messages
     * @throws InvalidIdentifierException for a name MongoDB or a data migration cannot use
     */
    static Document dataCollection(MongoBackend backend, String database, String collection, String role) {
        String capital = Character.toUpperCase(role.charAt(0)) + role.substring(1);
        requireDatabase(database, capital + " database of connection '" + backend.name() + "'");
        requireCollection(database, collection, capital + " collection of connection '" + backend.name() + "'");
        try {
            return info(backend.client().getDatabase(database), collection);
        } catch (MongoException e) {
            throw backend.translate("describe the " + role + " collection " + database + "." + collection, e);
        }
    }

    static TableInfo table(String database, String collection) {
        return new TableInfo(database, collection, COLUMNS, List.of("_id"));
    }

    static String staging(String collection) {
        return collection + STAGING_SUFFIX;
    }

    /** Collections that belong to MongoDB or to a restore in progress, never to users' data. */
    static boolean internal(String name) {
        return name.startsWith("system.") || name.endsWith(STAGING_SUFFIX);
    }

    /** The {@code listCollections} entry of a collection or view, or {@code null} when there is none. */
    static Document info(MongoDatabase database, String name) {
        // The name is checked here too: the in-process test server ignores listCollections' filter.
        for (Document info : database.listCollections().filter(new Document("name", name))) {
            if (name.equals(info.getString("name"))) {
                return info;
            }
        }
        return null;
    }

    /** {@code collection}, {@code view} or {@code timeseries}; servers that do not say are taken to mean collection. */
    static String type(Document info) {
        Object type = info.get("type");
        return type == null ? "collection" : type.toString();
    }

    /**
     * Why a collection or view cannot be backed up or restored, or {@code null} when it can.
     *
     * @param info its {@code listCollections} entry, or {@code null} when it does not exist
     */
    static String unsupported(String database, String name, Document info) {
        String where = database + "." + name;
        if (name.startsWith("system.")) {
            return where + " is a system collection of MongoDB's own, which backups leave out";
        }
        if (name.endsWith(STAGING_SUFFIX)) {
            return where + " is the copy an unfinished restore loads into, which backups leave out";
        }
        if (info == null) {
            return null;
        }
        String type = type(info);
        if (type.equals("view")) {
            Object on = info.get("options") instanceof Document o ? o.get("viewOn") : null;
            return where + " is a view" + (on == null ? "" : " on " + on) + ", not a collection; back up the collections it reads";
        }
        if (!type.equals("collection")) {
            return where + " is a " + type + " collection, which backups do not support yet; use mongodump for it";
        }
        return null;
    }
}

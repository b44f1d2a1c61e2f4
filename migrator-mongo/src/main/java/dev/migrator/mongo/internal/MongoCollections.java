package dev.migrator.mongo.internal;

import com.mongodb.client.MongoDatabase;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.util.List;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/** What backups and restores share: a collection as a table of one document column, and how to list collections. */
final class MongoCollections {

    /** The one column of a collection: the whole document as canonical Extended JSON. */
    static final List<ColumnInfo> COLUMNS = List.of(ColumnInfo.of("document", "document", ValueKind.DOCUMENT));

    /**
     * Canonical Extended JSON: every BSON type keeps its type ({@code $numberInt} vs {@code $numberLong},
     * {@code $numberDecimal}, {@code $oid}, {@code $date}, {@code $binary} with its subtype...) and fields keep their order,
     * so a document read back from a restore gives the same text, which the content checksum compares.
     */
    static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    /** The suffix of the collection a restore loads into before it replaces the live one. */
    static final String STAGING_SUFFIX = ".__migrator_restore";

    private MongoCollections() {}

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

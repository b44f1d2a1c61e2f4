package dev.migrator.mongo.internal;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import dev.migrator.api.ConfigurationException;
import dev.migrator.spi.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Key fields of a data migration's writes into MongoDB: the query finding documents by key, the {@code updateOne}
 * model of an upsert, and the check of the key fields' names. Values are converted as {@link MongoDocuments} says, so a
 * key written is a key found.
 */
final class MongoKeyFields {

    private MongoKeyFields() {}

    /** {@code {k: {$in: [...]}}} for one key field, {@code {$or: [{k1: v1, k2: v2}, ...]}} for several. */
    static Document keyQuery(TableInfo table, List<String> keyColumns, List<Object[]> keys) {
        if (keyColumns.size() == 1) {
            List<Object> values = new ArrayList<>(keys.size());
            for (Object[] key : keys) {
                values.add(MongoDocuments.keyValue(key[0], "A key of " + table.qualifiedName()));
            }
            return new Document(keyColumns.get(0), new Document("$in", values));
        }
        List<Document> tuples = new ArrayList<>(keys.size());
        for (Object[] key : keys) {
            if (key.length != keyColumns.size()) {
                throw new IllegalArgumentException("A key of " + table.qualifiedName() + " has " + key.length
                        + " values for the " + keyColumns.size() + " key fields " + keyColumns);
            }
            Document tuple = new Document();
            for (int i = 0; i < key.length; i++) {
                tuple.append(keyColumns.get(i), MongoDocuments.keyValue(key[i], "A key of " + table.qualifiedName()
                        + ", field " + keyColumns.get(i)));
            }
            tuples.add(tuple);
        }
        return new Document("$or", tuples);
    }

    /**
     * {@code updateOne({keys}, {$set: the other fields}, upsert)} for one record; {@code _id}, when not a key field, only
     * in {@code $setOnInsert}.
     */
    static UpdateOneModel<Document> upsertModel(Document doc, List<String> keyColumns, Set<String> keys, String where,
            UpdateOptions upsert) {
        Document filter = new Document();
        for (String key : keyColumns) {
            if (!containsPath(doc, key)) {
                throw MongoDocuments.invalid(where + " has no key field '" + key + "'; every record of an upsert "
                        + "carries its key " + keyColumns + ".", null);
            }
            filter.append(key, valueAt(doc, key));
        }
        Document set = new Document();
        Document onInsert = new Document();
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            if (keys.contains(e.getKey())) {
                continue;
            }
            (e.getKey().equals("_id") ? onInsert : set).append(e.getKey(), e.getValue());
        }
        Document update = new Document();
        if (!set.isEmpty()) {
            update.append("$set", set);
        }
        if (!onInsert.isEmpty() || set.isEmpty()) {
            // A record of key fields only still creates its document: the filter's equalities make it.
            if (onInsert.isEmpty()) {
                onInsert.putAll(filter);
            }
            update.append("$setOnInsert", onInsert);
        }
        return new UpdateOneModel<>(filter, update, upsert);
    }

    private static boolean containsPath(Document doc, String path) {
        Object at = doc;
        for (String part : path.split("\\.", -1)) {
            if (!(at instanceof Document d) || !d.containsKey(part)) {
                return false;
            }
            at = d.get(part);
        }
        return true;
    }

    private static Object valueAt(Document doc, String path) {
        Object at = doc;
        for (String part : path.split("\\.", -1)) {
            at = ((Document) at).get(part);
        }
        return at;
    }

    static void requireKeys(TableInfo table, List<String> keyColumns) {
        if (keyColumns == null || keyColumns.isEmpty()) {
            throw new IllegalArgumentException("Writing " + table.qualifiedName() + " by key needs the key fields, e.g. [_id]");
        }
        for (String key : keyColumns) {
            if (key == null || key.isEmpty() || key.startsWith("$")) {
                throw new ConfigurationException("Key field '" + key + "' of " + table.qualifiedName() + " is not a field "
                        + "name: give a name such as _id or email (nested: address.zip), not starting with '$'.");
            }
        }
    }
}

package dev.migrator.mongo.internal;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import dev.migrator.api.ConfigurationException;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.json.JsonParseException;

/**
 * Reads a data migration's source collection as a stream of {@link Document}s decoded as a backup decodes them
 * ({@link MongoDocumentCodec}: the driver's types inside, {@code ObjectId}, {@code Date}, {@code Decimal128},
 * {@code Binary}, nested {@code Document}s and {@code List}s, nothing lost), with a
 * cursor of batches of {@value MongoSnapshotSession#BATCH_SIZE}; a collection is never held in memory.
 *
 * <p>Rows are read in ascending order of the {@code orderBy} fields (normally {@code _id}, which every collection
 * indexes) and resume strictly after a position: {@code {_id: {$gt: after}}}, or for several fields the {@code $or} of
 * tuples {@code (a > x) or (a = x and b > y)}. MongoDB's {@code $gt} compares only values of one BSON type bracket
 * (numbers, strings, ObjectIds, dates...), so a collection whose {@code _id}s mix types resumes correctly only within
 * the type of the position; one type of {@code _id} per collection, as almost every application has, is safe.
 *
 * <p>Another order than {@code _id} should have an index; without one the server sorts the whole result first (on
 * disk where needed, {@code allowDiskUse}) before the first document arrives.
 *
 * <p>Reads run outside any session: consecutive reads see the collection as it is at each cursor's batches, which is
 * what a resumable migration of a live collection needs. Views can be read like collections. The client belongs to
 * the backend; {@link #close()} only ends this session. Not thread-safe.
 */
final class MongoDataReadSession implements DataReadSession {

    private final MongoBackend backend;

    MongoDataReadSession(MongoBackend backend) {
        this.backend = backend;
    }

    /**
     * The collection (or view), or {@code null} when it does not exist.
     *
     * @throws dev.migrator.api.InvalidIdentifierException for a name MongoDB or a data migration cannot use
     */
    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        Document info = MongoCollections.dataCollection(backend, schema, table, "source");
        return info == null ? Optional.empty() : Optional.of(MongoCollections.table(schema, table));
    }

    /** {@code countDocuments} of the filter: the exact number, never empty. */
    @Override
    public OptionalLong count(TableInfo table, String filter) {
        Document query = filter(table, filter);
        try {
            return OptionalLong.of(collection(table).countDocuments(query));
        } catch (MongoException e) {
            throw backend.translate("count the documents of " + table.qualifiedName() + " matching " + query.toJson(), e);
        }
    }

    @Override
    public long read(TableInfo table, String filter, List<String> orderBy, Object[] after, RowSink sink) {
        if (orderBy == null || orderBy.isEmpty()) {
            throw new IllegalArgumentException("read(" + table.qualifiedName() + ") needs the fields to order by, e.g. [_id]");
        }
        if (after != null && after.length != orderBy.size()) {
            throw new IllegalArgumentException("read(" + table.qualifiedName() + ") got " + after.length + " position values "
                    + "for the " + orderBy.size() + " fields " + orderBy);
        }
        Document query = filter(table, filter);
        if (after != null) {
            Document resume = after(orderBy, after, table);
            query = query.isEmpty() ? resume : new Document("$and", List.of(query, resume));
        }
        Document sort = new Document();
        for (String field : orderBy) {
            sort.append(field, 1);
        }
        FindIterable<RawBsonDocument> find = MongoDocumentCodec.raw(collection(table)).find(query).sort(sort)
                .batchSize(MongoSnapshotSession.BATCH_SIZE);
        if (!orderBy.equals(List.of("_id"))) {
            // Another order than _id may have no index: let the server sort on disk rather than fail at 100 MB.
            find = find.allowDiskUse(true);
        }
        Document shown = query;
        return MongoDocumentCodec.read(find, sink, (rows, e) -> backend.translate("read " + table.qualifiedName()
                + " (after " + rows + " documents of this read; query " + shown.toJson() + ", sorted by " + orderBy + ")", e));
    }

    /** {@code (f1 > v1) or (f1 = v1 and f2 > v2) or ...}, as one condition when there is one field. */
    private static Document after(List<String> orderBy, Object[] after, TableInfo table) {
        List<Object> values = new ArrayList<>(after.length);
        for (int i = 0; i < after.length; i++) {
            values.add(MongoDocuments.keyValue(after[i], "The position of " + table.qualifiedName() + ", field " + orderBy.get(i)));
        }
        List<Document> tuples = new ArrayList<>();
        for (int i = 0; i < orderBy.size(); i++) {
            Document tuple = new Document();
            for (int j = 0; j < i; j++) {
                tuple.append(orderBy.get(j), values.get(j));
            }
            tuple.append(orderBy.get(i), new Document("$gt", values.get(i)));
            tuples.add(tuple);
        }
        return tuples.size() == 1 ? tuples.get(0) : new Document("$or", tuples);
    }

    private Document filter(TableInfo table, String filter) {
        if (filter == null || filter.isBlank()) {
            return new Document();
        }
        try {
            return Document.parse(filter);
        } catch (JsonParseException | org.bson.BsonInvalidOperationException e) {
            throw new ConfigurationException("The filter of the source " + table.qualifiedName() + " of connection '"
                    + backend.name() + "' is not an Extended JSON document: " + e.getMessage() + ". Give a query document "
                    + "such as {\"status\": \"active\", \"createdAt\": {\"$gte\": {\"$date\": \"2024-01-01T00:00:00Z\"}}}.", e);
        }
    }

    private MongoCollection<Document> collection(TableInfo table) {
        return backend.client().getDatabase(table.schema()).getCollection(table.name());
    }

    /** Nothing to release: cursors close with each read, and the client belongs to the backend. */
    @Override
    public void close() {}
}

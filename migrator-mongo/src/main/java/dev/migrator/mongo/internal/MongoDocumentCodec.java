package dev.migrator.mongo.internal;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import dev.migrator.spi.DocumentCodec;
import dev.migrator.spi.RowSink;
import java.util.Map;
import java.util.function.BiFunction;
import org.bson.BsonInvalidOperationException;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.codecs.Codec;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.json.JsonParseException;

/**
 * The one way documents cross between MongoDB and the engine, for backups, restores and data migrations alike: every
 * read takes the stored bytes ({@link RawBsonDocument}) and decodes them with {@link #CODEC}, every write encodes with
 * it, and a backup's text is canonical Extended JSON ({@link MongoCollections#JSON}) of the same decoding. Documents are
 * never decoded by a collection's own codecs: the driver applies the URI's {@code uuidRepresentation} to those, and
 * {@code javaLegacy} would turn a subtype 3 binary into a {@code java.util.UUID}.
 *
 * <p>The decoding is lossless: each BSON type becomes a Java value that encodes back to the same type and bytes —
 * int32 an {@code Integer} and int64 a {@code Long}, {@code Decimal128}, {@code Date} (BSON dates are milliseconds),
 * {@code Binary} with its subtype (subtypes 3 and 4 stay {@code Binary} whatever the URI's {@code uuidRepresentation}
 * says, so a legacy UUID is never rewritten in another byte order), {@code BsonRegularExpression},
 * {@code BsonTimestamp}, {@code BsonUndefined}, {@code MinKey}/{@code MaxKey}, {@code Symbol}, {@code Code},
 * {@code CodeWithScope}, {@code BsonDbPointer}, nested {@code Document}s and {@code List}s, field order kept. One
 * limit: BSON allows a field name twice in a document, a {@code Map} keeps the last value.
 */
final class MongoDocumentCodec implements DocumentCodec {

    /** The driver's default codecs with no UUID representation, so that binary UUIDs are read as they are stored. */
    static final CodecRegistry REGISTRY = CodecRegistries.withUuidRepresentation(
            MongoClientSettings.getDefaultCodecRegistry(), UuidRepresentation.UNSPECIFIED);

    static final Codec<Document> CODEC = REGISTRY.get(Document.class);

    static final MongoDocumentCodec INSTANCE = new MongoDocumentCodec();

    private MongoDocumentCodec() {}

    /** A collection read and written as stored bytes, which {@link #read} and {@link #encode} turn into documents. */
    static MongoCollection<RawBsonDocument> raw(MongoCollection<?> collection) {
        return collection.withDocumentClass(RawBsonDocument.class);
    }

    /** A document from its stored bytes. */
    static Document decode(RawBsonDocument stored) {
        return stored.decode(CODEC);
    }

    /**
     * Streams the documents of a find to the sink, one row of one document each, through the cursor's batches.
     *
     * @param failed the exception for a failure of the database after so many documents
     * @return the documents read
     */
    static long read(FindIterable<RawBsonDocument> find, RowSink sink,
            BiFunction<Long, MongoException, RuntimeException> failed) {
        long rows = 0;
        try (MongoCursor<RawBsonDocument> cursor = find.iterator()) {
            while (cursor.hasNext()) {
                sink.accept(new Object[] {decode(cursor.next())});
                rows++;
            }
            return rows;
        } catch (MongoException e) {
            throw failed.apply(rows, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // A sink's checked exception: RowSink's contract is to rethrow it, wrapped.
            throw new IllegalStateException("Reading stopped after " + rows + " documents: " + e.getMessage(), e);
        }
    }

    /** A document as the BSON bytes a write sends. */
    static RawBsonDocument encode(Document document) {
        return new RawBsonDocument(document, CODEC);
    }

    /**
     * Canonical Extended JSON of the document: for a document read from MongoDB, the same text as the driver writes
     * from the stored bytes, so that backups taken before and after documents became maps have the same bytes.
     */
    @Override
    public String toJson(Map<String, Object> document) {
        Document doc = document instanceof Document d ? d : MongoDocuments.toDocument(document, "A document");
        try {
            return doc.toJson(MongoCollections.JSON, CODEC);
        } catch (CodecConfigurationException e) {
            throw new IllegalArgumentException("A document holds a value MongoDB cannot store: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Object> fromJson(String json) {
        try {
            return Document.parse(json, CODEC);
        } catch (JsonParseException | BsonInvalidOperationException e) {
            throw new IllegalArgumentException("not an Extended JSON document: " + e.getMessage(), e);
        }
    }
}

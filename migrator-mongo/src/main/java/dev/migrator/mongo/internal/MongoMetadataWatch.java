package dev.migrator.mongo.internal;

import com.mongodb.MongoException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import dev.migrator.api.MetadataChange;
import dev.migrator.api.MetadataItem;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch on the metadata collection: a change stream read on a daemon thread, resumed after a failure from the last
 * event seen. A delete event carries only the {@code _id}, so the watch remembers each document's identity to report
 * which item went.
 */
final class MongoMetadataWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MongoMetadataWatch.class);

    /** An item's identity as the watch reports it. */
    private record Identity(String type, String name, String namespace) {}

    private final String name;
    private final String where;
    private final MongoCollection<Document> collection;
    private final Consumer<MetadataChange> listener;
    private final Consumer<MongoMetadataWatch> onClose;
    private final Map<Object, Identity> keys = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor;

    /**
     * Opens the stream; {@link #start()} starts reading it.
     *
     * @param name the loader's name, for messages and the thread's name
     * @param where {@code database.collection}, for messages
     * @param onClose told when the watch is closed
     */
    MongoMetadataWatch(String name, String where, MongoCollection<Document> collection, Consumer<MetadataChange> listener,
            Consumer<MongoMetadataWatch> onClose) {
        this.name = name;
        this.where = where;
        this.collection = collection;
        this.listener = listener;
        this.onClose = onClose;
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

    /** Starts reading the stream. */
    void start() {
        thread.start();
    }

    private MongoChangeStreamCursor<ChangeStreamDocument<Document>> open(BsonDocument resumeToken) {
        var stream = collection.watch().fullDocument(FullDocument.UPDATE_LOOKUP).maxAwaitTime(500, TimeUnit.MILLISECONDS);
        if (resumeToken != null) {
            stream = stream.resumeAfter(resumeToken);
        }
        return stream.cursor();
    }

    private Identity remember(Document d) {
        if (d == null || !(d.get("type") instanceof String t) || !(d.get("name") instanceof String n)) {
            return null;
        }
        Identity key = new Identity(t, n, d.get("namespace") instanceof String ns ? ns : MetadataItem.DEFAULT_NAMESPACE);
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
        Identity key;
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
            listener.accept(new MetadataChange(kind, key.type(), key.name(), key.namespace(), name));
        } catch (RuntimeException e) {
            LOG.warn("[{}] a metadata watch listener failed on {} {}: {}", name, kind, MetadataItem.key(key.type(), key.name(),
                    key.namespace()), e.toString());
        }
    }

    private Object id(BsonDocument documentKey) {
        BsonValue id = documentKey.get("_id");
        return id != null && id.isObjectId() ? id.asObjectId().getValue() : MongoBodyValues.fromBson(id);
    }

    @Override
    public void close() {
        closed = true;
        onClose.accept(this);
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

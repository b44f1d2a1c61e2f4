package dev.migrator.mongo.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * The checkpoint store of data migrations on MongoDB: one document per migration ({@code _id} its name, {@code state}
 * the engine's JSON text) in {@value #CHECKPOINTS} of the target database, written in the batch's transaction when
 * there is one so that a batch and its checkpoint commit together.
 */
final class MongoCheckpoints {

    static final String CHECKPOINTS = "migrator_data_checkpoints";
    private static final int NAMESPACE_EXISTS = 48;

    private final MongoBackend backend;

    MongoCheckpoints(MongoBackend backend) {
        this.backend = backend;
    }

    /** Creates the collection when missing; safe when another instance creates it at the same time. */
    void prepare(String schema) {
        MongoCollections.requireDatabase(schema, "Checkpoint database of connection '" + backend.name() + "'");
        var database = backend.client().getDatabase(schema);
        try {
            if (MongoCollections.info(database, CHECKPOINTS) == null) {
                database.createCollection(CHECKPOINTS);
            }
        } catch (MongoCommandException e) {
            if (e.getErrorCode() != NAMESPACE_EXISTS && !String.valueOf(e.getErrorMessage()).contains("already exists")) {
                throw backend.translate("create the checkpoint collection " + schema + "." + CHECKPOINTS, e);
            }
            // another instance created it between the look and the create
        } catch (MongoException e) {
            throw backend.translate("create the checkpoint collection " + schema + "." + CHECKPOINTS, e);
        }
    }

    /** The migration's state, read inside {@code transaction} when one is given. */
    Optional<String> load(String schema, String migration, Optional<ClientSession> transaction) {
        MongoCollection<Document> c = checkpoints(schema, migration);
        try {
            Document filter = new Document("_id", migration);
            Document found = transaction.map(t -> c.find(t, filter)).orElseGet(() -> c.find(filter)).first();
            return found == null ? Optional.empty() : Optional.ofNullable(found.getString("state"));
        } catch (MongoException e) {
            throw backend.translate("read the checkpoint of data migration '" + migration + "' from " + schema + "."
                    + CHECKPOINTS, e);
        }
    }

    /** Replaces the migration's checkpoint document, inside {@code transaction} when one is given. */
    void save(String schema, String migration, String state, Optional<ClientSession> transaction) {
        MongoCollection<Document> c = checkpoints(schema, migration);
        Document filter = new Document("_id", migration);
        Document doc = new Document("_id", migration).append("state", state).append("updatedAt", new Date());
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        try {
            if (transaction.isPresent()) {
                c.replaceOne(transaction.get(), filter, doc, upsert);
            } else {
                c.replaceOne(filter, doc, upsert);
            }
        } catch (MongoException e) {
            throw backend.translate("save the checkpoint of data migration '" + migration + "' in " + schema + "."
                    + CHECKPOINTS, e);
        }
    }

    private MongoCollection<Document> checkpoints(String schema, String migration) {
        MongoCollections.requireDatabase(schema, "Checkpoint database of connection '" + backend.name() + "'");
        if (migration == null || migration.isEmpty()) {
            throw new IllegalArgumentException("A checkpoint needs the data migration's name");
        }
        return backend.client().getDatabase(schema).getCollection(CHECKPOINTS);
    }
}

package dev.migrator.examples;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.bson.Document;

/**
 * An application whose data lives in MongoDB and that brings its database up to date at start-up, as
 * {@link StartupExample} does for PostgreSQL: JSON command scripts from {@code src/main/resources/db/mongo} (a
 * collection with a unique index, seed documents) and one Java migration registered in code, each with its down.
 *
 * <p>Which server: {@code MIGRATOR_MONGO_URI} (e.g. {@code mongodb://localhost:27017/app}; it must name a database),
 * else an in-process server that speaks MongoDB's wire protocol ({@code de.bwaldvogel:mongo-java-server}), started
 * for this run. That server has no transactions, so scripts run as on a standalone {@code mongod}: a failed script is
 * recorded as failed and the next start refuses to go on until {@code repair()}. On a replica set each script and its
 * history entry commit together.
 */
public final class MongoExample {

    private MongoExample() {}

    public static void main(String[] args) {
        String uri = System.getenv("MIGRATOR_MONGO_URI");
        MongoServer embedded = null;
        if (uri == null || uri.isBlank()) {
            System.out.println("No MIGRATOR_MONGO_URI set: starting an in-process MongoDB wire-protocol server ...");
            embedded = new MongoServer(new MemoryBackend());
            InetSocketAddress address = embedded.bind();
            uri = "mongodb://127.0.0.1:" + address.getPort() + "/app";
        }
        try {
            System.out.println("Database: " + ConnectionConfig.mask(uri.strip()));
            startApplication(uri.strip());
            System.out.println();
            System.out.println("Starting the application a second time against the same database ...");
            startApplication(uri.strip());
        } finally {
            if (embedded != null) {
                embedded.shutdownNow();
            }
        }
    }

    /** What an application's start-up does: build the manager, migrate, report, and go on to serve. */
    static MigrateResult startApplication(String uri) {
        try (MigrationManager manager = manager(uri)) {
            MigrateResult result = manager.migrate();
            StartupExample.printResult(result);
            StartupExample.printStatus(manager.status());
            return result;
        }
    }

    /** The manager: one MongoDB connection, scripts from the class path and one in code. */
    static MigrationManager manager(String uri) {
        // tag::manager[]
        return MigrationManager.builder()
                .connection("app", uri, null, null)
                .locations("classpath:db/mongo")
                .script(Script.builder("3", "normalise_emails")
                        .up(ctx -> {
                            // A Java migration gets the target's database; inside a transaction (replica sets) it
                            // would pass ctx.unwrap(ClientSession.class) to every call.
                            MongoCollection<Document> users = ctx.unwrap(MongoDatabase.class).getCollection("users");
                            for (Document user : users.find(Filters.exists("emailNormalized", false))) {
                                users.updateOne(Filters.eq("_id", user.get("_id")),
                                        Updates.set("emailNormalized", user.getString("email").toLowerCase(Locale.ROOT)));
                            }
                        })
                        .down(ctx -> ctx.unwrap(MongoDatabase.class).getCollection("users")
                                .updateMany(Filters.exists("emailNormalized"), Updates.unset("emailNormalized")))
                        .build())
                .build();
        // end::manager[]
    }
}

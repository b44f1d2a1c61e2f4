package dev.migrator.mongo.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

/**
 * A freshly created, uniquely named database on the resolved MongoDB server; {@link #close()} drops it.
 *
 * @param server where it lives
 * @param name the database name
 */
public record TestMongo(MongoServers.Server server, String name) implements AutoCloseable {

    /** A URI to this database, e.g. {@code mongodb://127.0.0.1:40123/t_ab12cd}. */
    public String uri() {
        return server.uriOf(name);
    }

    /** A URI to another database on the same server (the database is not created or dropped by this object). */
    public String uriOf(String database) {
        return server.uriOf(database);
    }

    /** A shared client of the server, for assertions; do not close it. */
    public MongoClient client() {
        return server.client();
    }

    /** This database through the shared client. */
    public MongoDatabase database() {
        return server.client().getDatabase(name);
    }

    /** Whether the server supports multi-document transactions (a replica set or sharded cluster). */
    public boolean transactions() {
        return server.transactions();
    }

    /** Where the server came from: environment, local service, Testcontainers or in-process. */
    public String origin() {
        return server.origin();
    }

    /** Drops the database and every database whose name starts with this one's followed by '_' (tenants). */
    @Override
    public void close() {
        for (String db : server.client().listDatabaseNames()) {
            if (db.equals(name) || db.startsWith(name + "_")) {
                server.client().getDatabase(db).drop();
            }
        }
    }
}

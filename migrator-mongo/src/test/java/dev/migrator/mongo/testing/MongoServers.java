package dev.migrator.mongo.testing;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.migrator.jdbc.testing.Ci;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh, uniquely named MongoDB databases for tests, always reached through the official driver over a socket.
 *
 * <p>The server is resolved once per JVM, in order:
 *
 * <ol>
 *   <li>{@code MIGRATOR_TEST_MONGO_URI}, a real {@code mongod} or cluster (its database part is ignored);
 *   <li>the local service at 127.0.0.1:27017 when something listens there;
 *   <li>Testcontainers ({@code mongo:7}, a single-node replica set, so with transactions) when Docker is available;
 *   <li>an in-process server that speaks the wire protocol ({@code de.bwaldvogel:mongo-java-server}). It has no
 *       transactions, no {@code hello}, no {@code collMod}, and ignores TTL and non-unique indexes; tests of those
 *       features say so and run only on a real server.
 * </ol>
 *
 * <p>An explicit URI that cannot be reached fails the test (an {@link AssertionError}) rather than falling back.
 */
public final class MongoServers {

    private static final Logger LOG = LoggerFactory.getLogger(MongoServers.class);

    private static Server server;

    private MongoServers() {}

    /** A fresh database (created on first write, dropped by {@link TestMongo#close()}). */
    public static synchronized TestMongo create() {
        if (server == null) {
            server = resolve();
        }
        String name = "t_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        return new TestMongo(server, name);
    }

    /**
     * A new in-process server of its own whose clock is {@code clock}, for tests of server time; the caller closes
     * it with {@link Server#close()}.
     */
    public static Server inProcess(Clock clock) {
        MongoServer mongo = new MongoServer(new MemoryBackend(clock));
        InetSocketAddress address = mongo.bind();
        return new Server("mongodb://127.0.0.1:" + address.getPort(), "in-process mongo-java-server (clock " + clock + ")", mongo);
    }

    private static Server resolve() {
        List<String> tried = new ArrayList<>();
        String env = System.getenv("MIGRATOR_TEST_MONGO_URI");
        if (env != null && !env.isBlank()) {
            Server s = new Server(env.trim(), "MIGRATOR_TEST_MONGO_URI", null);
            String problem = s.probe();
            if (problem != null) {
                throw new AssertionError("MIGRATOR_TEST_MONGO_URI " + String.join(",", new ConnectionString(env.trim()).getHosts())
                        + " cannot be reached (" + problem + "). Fix or unset it.");
            }
            return s;
        }
        tried.add("MIGRATOR_TEST_MONGO_URI (not set)");
        if (listening("127.0.0.1", 27017)) {
            Server local = new Server("mongodb://127.0.0.1:27017", "local service", null);
            String problem = local.probe();
            if (problem == null) {
                return local;
            }
            tried.add("local service 127.0.0.1:27017 (" + problem + ")");
        } else {
            tried.add("local service 127.0.0.1:27017 (nothing listens)");
        }
        try {
            if (ContainerMongo.dockerAvailable()) {
                return new Server(ContainerMongo.start(), "Testcontainers mongo:7 replica set", null);
            }
            tried.add("Testcontainers (Docker is not available)");
        } catch (Exception | LinkageError e) {
            tried.add("Testcontainers (" + e + ")");
        }
        try {
            MongoServer mongo = new MongoServer(new MemoryBackend());
            InetSocketAddress address = mongo.bind();
            Server s = new Server("mongodb://127.0.0.1:" + address.getPort(), "in-process mongo-java-server", mongo);
            Runtime.getRuntime().addShutdownHook(new Thread(mongo::shutdownNow));
            LOG.info("MongoDB tests use {} ({})", s.origin(), String.join("; ", tried));
            return s;
        } catch (RuntimeException | LinkageError e) {
            tried.add("in-process mongo-java-server (" + e + ")");
        }
        String message = "No MongoDB server for the tests; tried: " + String.join("; ", tried)
                + ". Set MIGRATOR_TEST_MONGO_URI to a running mongod.";
        if (Ci.isOn()) {
            throw new AssertionError(message);
        }
        throw new TestAbortedException(message);
    }

    private static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** One resolved server and a shared client for assertions. */
    public static final class Server {
        private final ConnectionString base;
        private final String origin;
        private final MongoServer inProcess;
        private MongoClient client;
        private Boolean transactions;

        Server(String uri, String origin, MongoServer inProcess) {
            this.base = new ConnectionString(uri);
            this.origin = origin;
            this.inProcess = inProcess;
        }

        String probe() {
            try {
                client().getDatabase("admin").runCommand(new Document("ping", 1));
                return null;
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }

        /** The URI of a database on this server, keeping the base URI's credentials and options. */
        public String uriOf(String database) {
            String text = base.getConnectionString();
            int scheme = text.indexOf("://") + 3;
            int query = text.indexOf('?');
            int slash = text.indexOf('/', scheme);
            String head = slash >= 0 && (query < 0 || slash < query) ? text.substring(0, slash) : query >= 0 ? text.substring(0, query) : text;
            String options = query >= 0 ? text.substring(query) : "";
            return head + "/" + database + options;
        }

        public synchronized MongoClient client() {
            if (client == null) {
                client = MongoClients.create(MongoClientSettings.builder()
                        .applyConnectionString(base)
                        .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                        .build());
            }
            return client;
        }

        /** Whether the server is a replica set or sharded cluster (so has transactions). */
        public synchronized boolean transactions() {
            if (transactions == null) {
                Document reply;
                try {
                    reply = client().getDatabase("admin").runCommand(new Document("hello", 1));
                } catch (RuntimeException e) {
                    reply = client().getDatabase("admin").runCommand(new Document("isMaster", 1));
                }
                transactions = reply.get("setName") != null || "isdbgrid".equals(reply.get("msg"));
            }
            return transactions;
        }

        public String origin() {
            return origin;
        }

        /** Whether this is the in-process server (no transactions, no collMod, no TTL). */
        public boolean inProcess() {
            return inProcess != null || origin.toLowerCase(Locale.ROOT).contains("in-process");
        }

        /** Closes the client and, for a server of its own, the server. */
        public synchronized void close() {
            if (client != null) {
                client.close();
                client = null;
            }
            if (inProcess != null) {
                inProcess.shutdownNow();
            }
        }
    }
}

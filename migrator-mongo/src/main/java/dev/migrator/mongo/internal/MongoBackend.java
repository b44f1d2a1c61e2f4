package dev.migrator.mongo.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ConnectionFailedException;
import dev.migrator.api.DatabaseException;
import dev.migrator.api.MigratorException;
import dev.migrator.spi.Backend;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.DocumentCodec;
import dev.migrator.spi.LoadSession;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptSyntax;
import dev.migrator.spi.SnapshotSession;
import dev.migrator.spi.TargetSession;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MongoDB connection: a lazily built {@link MongoClient}, what the server can do (found once with {@code hello},
 * or {@code isMaster} where {@code hello} is unknown), and the server's clock for lease locks.
 */
public final class MongoBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(MongoBackend.class);

    /** Default {@code lockLease}. */
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    /** MongoDB's error code for a command the server does not know. */
    static final int COMMAND_NOT_FOUND = 59;

    private final ConnectionConfig config;
    private final ConnectionString uri;
    private final Duration lease;
    private final Object clientLock = new Object();
    private final AtomicBoolean warnedNoSnapshot = new AtomicBoolean();
    private MongoClient client;
    private volatile Topology topology;
    private volatile boolean closed;

    /**
     * What the server is and can do.
     *
     * @param snapshotReads whether reads outside transactions can use {@code readConcern: snapshot} (replica sets and
     *     sharded clusters from MongoDB 5.0, wire version 13)
     */
    record Topology(String helloCommand, String kind, boolean transactions, boolean snapshotReads, String version) {}

    private MongoBackend(ConnectionConfig config, ConnectionString uri, Duration lease) {
        this.config = config;
        this.uri = uri;
        this.lease = lease;
    }

    /** Whether the URL is a MongoDB URI. */
    public static boolean isSupported(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("mongodb://") || lower.startsWith("mongodb+srv://");
    }

    /** Checks the URI and options; connects on first use. */
    public static MongoBackend open(ConnectionConfig config) {
        ConnectionString uri;
        try {
            uri = new ConnectionString(config.url());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Connection '" + config.name() + "': the MongoDB URI "
                    + ConnectionConfig.mask(config.url()) + " is invalid (" + maskedMessage(e, config) + "). Use the form "
                    + "mongodb://host:27017/database or mongodb+srv://cluster.example.com/database.", e);
        }
        for (String key : config.properties().keySet()) {
            if (!key.equals("lockLease")) {
                throw new ConfigurationException("Connection '" + config.name() + "': unknown property '" + key
                        + "' for MongoDB; the one property is lockLease (e.g. PT30S). Driver options go in the URI, "
                        + "e.g. ?replicaSet=rs0&authSource=admin.");
            }
        }
        return new MongoBackend(config, uri, leaseOf(config));
    }

    private static Duration leaseOf(ConnectionConfig config) {
        String text = config.properties().get("lockLease");
        if (text == null) {
            return DEFAULT_LEASE;
        }
        Duration value;
        try {
            value = text.matches("\\d{1,7}") ? Duration.ofSeconds(Long.parseLong(text)) : Duration.parse(text);
        } catch (DateTimeParseException e) {
            value = null;
        }
        if (value == null || value.compareTo(Duration.ofSeconds(2)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigurationException("Connection '" + config.name() + "': lockLease is '" + text
                    + "'; allowed: PT2S to PT1H (ISO-8601, e.g. PT30S) or whole seconds (e.g. 30).");
        }
        return value;
    }

    private static String maskedMessage(Exception e, ConnectionConfig config) {
        String message = String.valueOf(e.getMessage());
        if (config.url() != null) {
            message = message.replace(config.url(), ConnectionConfig.mask(config.url()));
        }
        if (config.password() != null && !config.password().isEmpty()) {
            message = message.replace(config.password(), "****");
        }
        String uriPassword = passwordOf(config.url());
        return uriPassword == null ? message : message.replace(uriPassword, "****");
    }

    private static String passwordOf(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@', url.indexOf('/', scheme + 3) < 0 ? url.length() : url.indexOf('/', scheme + 3));
        if (scheme < 0 || at < 0) {
            return null;
        }
        String info = url.substring(scheme + 3, at);
        int colon = info.indexOf(':');
        return colon < 0 || colon == info.length() - 1 ? null : info.substring(colon + 1);
    }

    /** The connection's name. */
    public String name() {
        return config.name();
    }

    /** The hosts, for messages. */
    String hosts() {
        return String.join(",", uri.getHosts());
    }

    /** The lease of this connection's locks. */
    Duration lease() {
        return lease;
    }

    /** The client, built on first use. */
    MongoClient client() {
        synchronized (clientLock) {
            if (closed) {
                throw new IllegalStateException("The MongoDB connection '" + config.name() + "' is closed with its manager; "
                        + "build a new manager.");
            }
            if (client == null) {
                long timeoutMs = config.connectTimeout().toMillis();
                MongoClientSettings.Builder settings = MongoClientSettings.builder()
                        .applyConnectionString(uri)
                        .applicationName("migrator")
                        .applyToClusterSettings(b -> b.serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS))
                        .applyToSocketSettings(b -> b.connectTimeout((int) Math.min(timeoutMs, Integer.MAX_VALUE), TimeUnit.MILLISECONDS));
                if (config.user() != null && uri.getCredential() == null) {
                    String source = uri.getDatabase() != null ? uri.getDatabase() : "admin";
                    char[] password = config.password() == null ? new char[0] : config.password().toCharArray();
                    settings.credential(MongoCredential.createCredential(config.user(), source, password));
                }
                client = MongoClients.create(settings.build());
            }
            return client;
        }
    }

    /** What the server is and can do, asked once. */
    Topology topology() {
        Topology t = topology;
        if (t == null) {
            t = detect();
            topology = t;
            LOG.info("[{}] MongoDB {} at {}: {}, transactions {}", config.name(), t.version(), hosts(), t.kind(),
                    t.transactions() ? "supported" : "not supported (a failed script is recorded as failed, as on MySQL)");
        }
        return t;
    }

    private Topology detect() {
        String command = "hello";
        Document reply;
        try {
            reply = admin(new Document("hello", 1), "ask the server what it is");
        } catch (MigratorException e) {
            if (!(e.getCause() instanceof MongoCommandException mce) || !isCommandNotFound(mce)) {
                throw e;
            }
            command = "isMaster"; // servers before 4.4.2 and some wire-protocol servers know only the legacy name
            reply = admin(new Document("isMaster", 1), "ask the server what it is");
        }
        String version = "unknown version";
        try {
            Document build = admin(new Document("buildInfo", 1), "read the server version");
            version = String.valueOf(build.get("version"));
        } catch (MigratorException e) {
            LOG.debug("[{}] buildInfo failed: {}", config.name(), e.getMessage());
        }
        boolean replicaSet = reply.get("setName") != null;
        boolean mongos = "isdbgrid".equals(reply.get("msg"));
        boolean sessions = reply.get("logicalSessionTimeoutMinutes") != null;
        int wire = reply.get("maxWireVersion") instanceof Number n ? n.intValue() : 0;
        // Transactions: replica sets from 4.0 (wire 7), sharded clusters from 4.2 (wire 8).
        boolean transactions = sessions && ((replicaSet && wire >= 7) || (mongos && wire >= 8));
        boolean snapshotReads = sessions && (replicaSet || mongos) && wire >= 13;
        String kind = replicaSet ? "replica set " + reply.get("setName") : mongos ? "sharded cluster" : "standalone server";
        return new Topology(command, kind, transactions, snapshotReads, version);
    }

    static boolean isCommandNotFound(MongoCommandException e) {
        String message = String.valueOf(e.getErrorMessage()).toLowerCase(Locale.ROOT);
        return e.getErrorCode() == COMMAND_NOT_FOUND || message.contains("no such command") || message.contains("no such cmd");
    }

    /** The server's current time, so that lease expiry never depends on clients' clocks agreeing. */
    Instant serverTime() {
        Document reply = admin(new Document(topology().helloCommand(), 1), "read the server's clock");
        Object localTime = reply.get("localTime");
        if (localTime instanceof Date date) {
            return date.toInstant();
        }
        throw new DatabaseException("The MongoDB server at " + hosts() + " did not report its clock (localTime) in "
                + topology().helloCommand() + "; lease locks need it. Use MongoDB 3.6 or newer.");
    }

    private Document admin(Document command, String action) {
        try {
            return client().getDatabase("admin").runCommand(command);
        } catch (MongoException e) {
            throw translate(action, e);
        }
    }

    /** A driver failure as an API exception: unreachable servers name hosts and timeout, never the password. */
    MigratorException translate(String action, MongoException e) {
        if (e instanceof MongoTimeoutException) {
            return new ConnectionFailedException("Cannot " + action + ": no MongoDB server of connection '" + config.name()
                    + "' answered at " + hosts() + " within " + config.connectTimeout().toMillis() + " ms. Check that "
                    + "mongod runs there and the URI " + ConnectionConfig.mask(config.url()) + " is right.", e);
        }
        if (e instanceof MongoSecurityException) {
            return new ConnectionFailedException("Cannot " + action + ": MongoDB at " + hosts() + " refused the credentials of "
                    + "connection '" + config.name() + "'. Check the user, password and authSource.", e);
        }
        String code = e instanceof MongoCommandException mce ? " (code " + mce.getErrorCode() + " " + mce.getErrorCodeName() + ")" : "";
        return new DatabaseException("Cannot " + action + " on MongoDB '" + config.name() + "' at " + hosts() + ": "
                + maskedMessage(e, config) + code + ".", e);
    }

    @Override
    public String product() {
        return "mongodb";
    }

    /** True on replica sets and sharded clusters, where a script and its history entry commit together. */
    @Override
    public boolean transactionalDdl() {
        return topology().transactions();
    }

    @Override
    public String defaultSchema() {
        String database = uri.getDatabase();
        if (database == null || database.isEmpty()) {
            throw new ConfigurationException("Connection '" + config.name() + "' names no database: add it to the URI, "
                    + "e.g. mongodb://" + hosts() + "/app, or give every target of this connection a database.");
        }
        return database;
    }

    @Override
    public Iterator<ParsedStatement> parse(Reader script, String source) {
        return MongoCommands.parse(script, source).iterator();
    }

    @Override
    public ScriptSyntax scriptSyntax() {
        return MongoScriptSyntax.INSTANCE;
    }

    @Override
    public TargetSession openSession(String schema, String historyTable) {
        return new MongoTargetSession(this, schema, historyTable);
    }

    /**
     * A read view of collections for backups and comparisons: snapshot reads at one cluster time on replica sets and
     * sharded clusters of MongoDB 5.0 or newer; elsewhere collections are read one after another (and a WARN says so,
     * once per connection).
     */
    @Override
    public Optional<SnapshotSession> openSnapshot() {
        return Optional.of(MongoSnapshotSession.open(this));
    }

    /** A restore into staging collections that replace the live ones only at commit; see {@link MongoLoadSession}. */
    @Override
    public Optional<LoadSession> openLoad() {
        return Optional.of(new MongoLoadSession(this));
    }

    /** Reads source collections of data migrations as documents in {@code _id} order; see {@link MongoDataReadSession}. */
    @Override
    public Optional<DataReadSession> openDataReader() {
        return Optional.of(new MongoDataReadSession(this));
    }

    /**
     * Writes data migrations' documents with {@code insertMany} and {@code bulkWrite} upserts, each batch and its
     * checkpoint in one transaction on replica sets and sharded clusters; see {@link MongoDataWriteSession}.
     */
    @Override
    public Optional<DataWriteSession> openDataWriter() {
        return Optional.of(new MongoDataWriteSession(this));
    }

    /** Whether the server has change streams: replica sets and sharded clusters, never a standalone server. */
    boolean changeStreams() {
        return !topology().kind().startsWith("standalone");
    }

    /** The URI's database, or {@code null} when it names none. */
    String uriDatabase() {
        String database = uri.getDatabase();
        return database == null || database.isEmpty() ? null : database;
    }

    /** True once per connection: whether to WARN that a backup is not one point in time. */
    boolean firstWarningWithoutSnapshot() {
        return warnedNoSnapshot.compareAndSet(false, true);
    }

    /** {@code ObjectId}, the default type of {@code _id}, from its hex text. */
    @Override
    public Optional<Object> keyValue(String type, String text) {
        return type.equals(ObjectId.class.getName()) ? Optional.of(new ObjectId(text)) : Optional.empty();
    }

    /** Canonical Extended JSON, read and written losslessly ({@link MongoDocumentCodec}). */
    @Override
    public Optional<DocumentCodec> documents() {
        return Optional.of(MongoDocumentCodec.INSTANCE);
    }

    /** MongoDB holds collections. */
    @Override
    public String tableWord() {
        return "collection";
    }

    @Override
    public Optional<String> serverVersion() {
        try {
            String version = topology().version();
            return "unknown version".equals(version) ? Optional.empty() : Optional.of(version);
        } catch (MigratorException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        synchronized (clientLock) {
            closed = true;
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }
}

package dev.migrator.etcd.internal;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ConnectionFailedException;
import dev.migrator.api.DatabaseException;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.api.MigratorException;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptSyntax;
import dev.migrator.spi.TargetSession;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.io.Reader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * One etcd connection: the endpoints and key prefix of an {@code etcd://} or {@code etcds://} URL, the transaction
 * limits scripts are checked against, and a lazily built jetcd {@link Client}.
 */
public final class EtcdBackend implements Backend {

    /** The schema of a target that names none. */
    static final String DEFAULT_SCHEMA = "default";

    /** etcd's default {@code --max-txn-ops}. */
    static final int DEFAULT_MAX_TXN_OPS = 128;

    /** etcd's default {@code --max-request-bytes} (1.5 MiB). */
    static final int DEFAULT_MAX_REQUEST_BYTES = 1_572_864;

    static final Duration DEFAULT_LOCK_TTL = Duration.ofSeconds(10);

    private static final Set<String> PROPERTIES = Set.of("lockTtl", "maxTxnOps", "maxRequestBytes");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    private final ConnectionConfig config;
    private final List<String> endpoints;
    private final String prefix;
    private final String user;
    private final String password;
    private final Limits limits;
    private final Duration lockTtl;
    private final Object clientLock = new Object();
    private Client client;
    private boolean closed;

    /**
     * The server's limits on one transaction, as configured on the connection (etcd does not report its own).
     *
     * @param maxTxnOps {@code --max-txn-ops}: operations, and comparisons, per transaction
     * @param maxRequestBytes {@code --max-request-bytes}: bytes of one request
     */
    record Limits(int maxTxnOps, int maxRequestBytes) {
        String describe() {
            return "etcd's limits per transaction: --max-txn-ops " + maxTxnOps + " and --max-request-bytes " + maxRequestBytes;
        }
    }

    private EtcdBackend(ConnectionConfig config, List<String> endpoints, String prefix, String user, String password,
            Limits limits, Duration lockTtl) {
        this.config = config;
        this.endpoints = endpoints;
        this.prefix = prefix;
        this.user = user;
        this.password = password;
        this.limits = limits;
        this.lockTtl = lockTtl;
    }

    /** Whether the URL is an etcd URL. */
    public static boolean isSupported(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("etcd://") || lower.startsWith("etcds://");
    }

    /** Checks the URL and properties; connects on first use. */
    public static EtcdBackend open(ConnectionConfig config) {
        String url = config.url();
        boolean tls = url.toLowerCase(Locale.ROOT).startsWith("etcds://");
        String rest = url.substring(url.indexOf("://") + 3);
        int query = rest.indexOf('?');
        if (query >= 0) {
            throw invalidUrl(config, "it has query parameters; etcd connections take properties instead (lockTtl, "
                    + "maxTxnOps, maxRequestBytes)");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String user = config.user();
        String password = config.password();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = info.indexOf(':');
            if (user == null) {
                user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
                password = colon < 0 ? password : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
            }
        }
        List<String> endpoints = new ArrayList<>();
        for (String host : authority.split(",", -1)) {
            if (!HOST_PORT.matcher(host).matches()) {
                throw invalidUrl(config, "'" + host + "' is not a host or host:port");
            }
            boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
            endpoints.add((tls ? "https://" : "http://") + host + (hasPort ? "" : ":2379"));
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String prefix = path.isEmpty() ? "" : "/" + path;
        if (!path.isEmpty()) {
            try {
                EtcdKeys.checkRelative(path, "the URL's prefix");
            } catch (IllegalArgumentException e) {
                throw invalidUrl(config, e.getMessage());
            }
        }
        for (String key : config.properties().keySet()) {
            if (!PROPERTIES.contains(key)) {
                throw new ConfigurationException("Connection '" + config.name() + "': unknown property '" + key
                        + "' for etcd; the properties are lockTtl (seconds, default 10), maxTxnOps (default 128) and "
                        + "maxRequestBytes (default 1572864).");
            }
        }
        Limits limits = new Limits(intProperty(config, "maxTxnOps", DEFAULT_MAX_TXN_OPS, 2, 1_000_000),
                intProperty(config, "maxRequestBytes", DEFAULT_MAX_REQUEST_BYTES, 4096, Integer.MAX_VALUE));
        Duration ttl = Duration.ofSeconds(intProperty(config, "lockTtl", (int) DEFAULT_LOCK_TTL.toSeconds(), 2, 3600));
        return new EtcdBackend(config, List.copyOf(endpoints), prefix, user, password, limits, ttl);
    }

    private static ConfigurationException invalidUrl(ConnectionConfig config, String why) {
        return new ConfigurationException("Connection '" + config.name() + "': the etcd URL " + config.maskedUrl()
                + " is invalid (" + why + "). Use the form etcd://host:2379[,host2:2379]/prefix, or etcds:// for TLS.");
    }

    private static int intProperty(ConnectionConfig config, String name, int fallback, int min, int max) {
        String text = config.properties().get(name);
        if (text == null) {
            return fallback;
        }
        long value = -1;
        if (text.matches("\\d{1,10}")) {
            value = Long.parseLong(text);
        }
        if (value < min || value > max) {
            throw new ConfigurationException("Connection '" + config.name() + "': " + name + " is '" + text
                    + "'; allowed: whole numbers from " + min + " to " + max + ".");
        }
        return (int) value;
    }

    /** The connection's name. */
    String name() {
        return config.name();
    }

    /** The endpoints, for messages. */
    String hosts() {
        return String.join(",", endpoints);
    }

    Limits limits() {
        return limits;
    }

    Duration lockTtl() {
        return lockTtl;
    }

    Duration connectTimeout() {
        return config.connectTimeout();
    }

    /** The key prefix of a target's schema: {@code /{prefix}/{schema}/}. */
    String schemaRoot(String schema) {
        return prefix + "/" + schema + "/";
    }

    /** The client, built on first use. */
    Client client() {
        synchronized (clientLock) {
            if (closed) {
                throw new IllegalStateException("The etcd connection '" + config.name() + "' is closed with its manager; "
                        + "build a new manager.");
            }
            if (client == null) {
                checkReachable();
                ClientBuilder builder = Client.builder()
                        .endpoints(endpoints.toArray(String[]::new))
                        .connectTimeout(config.connectTimeout())
                        .retryMaxDuration(config.connectTimeout());
                if (endpoints.get(0).startsWith("https://")) {
                    // etcds://: TLS, the server's certificate checked against the JVM's default trust store.
                    try {
                        builder.sslContext(tls -> {});
                    } catch (javax.net.ssl.SSLException e) {
                        throw new ConfigurationException("Connection '" + config.name() + "': cannot set up TLS for "
                                + config.maskedUrl() + " (" + e.getMessage() + ").", e);
                    }
                }
                if (user != null && !user.isEmpty()) {
                    builder.user(ByteSequence.from(user, StandardCharsets.UTF_8))
                            .password(ByteSequence.from(password == null ? "" : password, StandardCharsets.UTF_8));
                }
                client = builder.build();
            }
            return client;
        }
    }

    /**
     * Fails fast when no endpoint accepts a TCP connection within the connection timeout: jetcd itself retries an
     * unreachable server until a call's deadline, which must be generous for a busy server.
     */
    private void checkReachable() {
        List<String> problems = new ArrayList<>();
        for (String endpoint : endpoints) {
            java.net.URI uri = java.net.URI.create(endpoint);
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()),
                        (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
                return;
            } catch (java.io.IOException | RuntimeException e) {
                problems.add(uri.getHost() + ":" + uri.getPort() + " (" + e.getMessage() + ")");
            }
        }
        throw new ConnectionFailedException("Cannot connect to etcd '" + config.name() + "': no endpoint accepted a "
                + "connection within " + config.connectTimeout().toMillis() + " ms: " + String.join(", ", problems)
                + ". Check that etcd runs there and the URL " + config.maskedUrl() + " is right.");
    }

    /**
     * Waits for a call of the client, bounded by the connection timeout, with its failure as an API exception that
     * names the action and the endpoints.
     */
    <T> T call(CompletableFuture<T> future, String action) {
        try {
            return future.get(requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new MigrationInterruptedException("Interrupted while waiting to " + action + " on etcd '" + config.name()
                    + "'.", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unreachable(action, e);
        } catch (ExecutionException e) {
            throw translate(action, e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * How long one call may take: three connection timeouts and at least 30 s, so that a first call that also loads the
     * client's classes in a busy JVM is not cut short; an unreachable server fails sooner, when the client is built.
     */
    Duration requestTimeout() {
        Duration three = config.connectTimeout().multipliedBy(3);
        return three.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : three;
    }

    /** No answer within the request timeout. */
    ConnectionFailedException unreachable(String action, TimeoutException e) {
        return new ConnectionFailedException("Cannot " + action + ": no etcd server of connection '" + config.name()
                + "' answered at " + hosts() + " within " + requestTimeout().toMillis() + " ms. Check that etcd "
                + "runs there and the URL " + config.maskedUrl() + " is right.", e);
    }

    /** A client failure as an API exception, never with the password. */
    MigratorException translate(String action, Throwable e) {
        String message = masked(String.valueOf(e.getMessage()));
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("unavailable") || lower.contains("connection refused") || lower.contains("deadline")) {
            return new ConnectionFailedException("Cannot " + action + ": etcd '" + config.name() + "' at " + hosts()
                    + " is unreachable (" + message + "). Check that etcd runs there and the URL " + config.maskedUrl()
                    + " is right.", e);
        }
        if (lower.contains("authentication") || lower.contains("permission denied")) {
            return new ConnectionFailedException("Cannot " + action + ": etcd at " + hosts() + " refused the credentials of "
                    + "connection '" + config.name() + "' (" + message + "). Check the user and password.", e);
        }
        return new DatabaseException("Cannot " + action + " on etcd '" + config.name() + "' at " + hosts() + ": " + message
                + ".", e);
    }

    private String masked(String message) {
        return password == null || password.isEmpty() ? message : message.replace(password, "****");
    }

    @Override
    public String product() {
        return "etcd";
    }

    /** A script's operations and its history entry commit in one etcd transaction. */
    @Override
    public boolean transactionalDdl() {
        return true;
    }

    /** Keys live under a prefix per schema; a target that names none uses {@code default}. */
    @Override
    public String defaultSchema() {
        return DEFAULT_SCHEMA;
    }

    /** Keys, collections of keys: a "table" in the engine's messages is a key prefix. */
    @Override
    public String tableWord() {
        return "key prefix";
    }

    @Override
    public Iterator<ParsedStatement> parse(Reader script, String source) {
        return EtcdScripts.parse(script, source, limits).iterator();
    }

    @Override
    public ScriptSyntax scriptSyntax() {
        return EtcdScriptSyntax.INSTANCE;
    }

    @Override
    public TargetSession openSession(String schema, String historyTable) {
        return new EtcdTargetSession(this, schema, historyTable);
    }

    /** Key prefixes read at one revision; see {@link EtcdSnapshotSession}. */
    @Override
    public Optional<dev.migrator.spi.SnapshotSession> openSnapshot() {
        return Optional.of(new EtcdSnapshotSession(this));
    }

    /** Key prefixes emptied and put back in transactions within etcd's limits; see {@link EtcdLoadSession}. */
    @Override
    public Optional<dev.migrator.spi.LoadSession> openLoad() {
        return Optional.of(new EtcdLoadSession(this));
    }

    /** Reads source prefixes of data migrations at one revision; see {@link EtcdDataReadSession}. */
    @Override
    public Optional<dev.migrator.spi.DataReadSession> openDataReader() {
        return Optional.of(new EtcdDataReadSession(this));
    }

    /** Writes data migrations' records in transactions within etcd's limits; see {@link EtcdDataWriteSession}. */
    @Override
    public Optional<dev.migrator.spi.DataWriteSession> openDataWriter() {
        return Optional.of(new EtcdDataWriteSession(this));
    }

    @Override
    public Optional<String> serverVersion() {
        try {
            return Optional.of(call(client().getMaintenanceClient().statusMember(endpoints.get(0)), "read the server version")
                    .getVersion());
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

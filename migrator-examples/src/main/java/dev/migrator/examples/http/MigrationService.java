package dev.migrator.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.DryRunResult;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.ExecutedScript;
import dev.migrator.api.LockTimeoutException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MigratorException;
import dev.migrator.api.PlannedScript;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.StatusReport;
import dev.migrator.api.Target;
import dev.migrator.api.TargetResult;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A central migration service: a small HTTP server (the JDK's {@link HttpServer}) that runs migrate, dry run, status
 * and backup on named connections and schemas for its clients — deployment pipelines, an operator's script, a tenant
 * provisioning job.
 *
 * <pre>
 * GET  /api/v1/health                                    no authentication
 * POST /api/v1/migrate  {"connection": "core", "schema": "tenant_1", "dryRun": false, "targetVersion": null}
 * GET  /api/v1/status?connection=core&amp;schema=tenant_1
 * POST /api/v1/backup   {"connection": "core", "schema": "tenant_1", "tables": ["users"], "label": "before_v5"}
 * </pre>
 *
 * <p>Every endpoint but health needs {@code Authorization: Bearer <token>}, the token compared in constant time. One
 * run (migrate, dry run or backup) per target at a time: a second request for a busy target gets 409 at once rather
 * than queueing, and the library's database lock keeps other instances of the service out as well. Responses and log
 * lines never hold a password or the token; URLs are shown masked.
 *
 * <p>The service owns the {@link MigrationManager} it builds from its configuration and closes it in {@link #close()}.
 */
public final class MigrationService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);

    private static final String API = "/api/v1";
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]{1,40}");
    private static final Set<String> BACKENDS = Set.of("postgresql", "mysql", "mariadb", "mongodb");
    private static final int MAX_TABLES = 1000;
    private static final Set<String> MIGRATE_FIELDS =
            Set.of("backend", "connection", "schema", "environment", "dryRun", "targetVersion");
    private static final Set<String> BACKUP_FIELDS =
            Set.of("backend", "connection", "schema", "environment", "tables", "label");
    private static final Set<String> STATUS_PARAMETERS = Set.of("backend", "connection", "schema", "environment");

    private final ServiceConfig config;
    private final MigrationManager manager;
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] tokenHash;
    private final List<String> secrets;
    /** The targets with a run in progress, and what runs; a target is busy while it is in here. */
    private final ConcurrentHashMap<String, String> running = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();

    private MigrationService(ServiceConfig config, MigrationManager manager, HttpServer server,
            ExecutorService executor) {
        this.config = config;
        this.manager = manager;
        this.server = server;
        this.executor = executor;
        this.tokenHash = sha256(config.token());
        List<String> known = new ArrayList<>();
        known.add(config.token());
        config.connections().values().stream().map(ServiceConfig.Connection::password)
                .filter(p -> p != null && p.length() >= 3).forEach(known::add);
        this.secrets = List.copyOf(known);
    }

    /**
     * Builds the manager for the configured connections, binds the port and starts serving. Connections to the
     * databases open on first use.
     *
     * @throws IOException when the port cannot be bound
     * @throws MigratorException when the manager cannot be built (e.g. no backend for a URL)
     */
    public static MigrationService start(ServiceConfig config) throws IOException {
        MigrationManager.Builder builder = MigrationManager.builder()
                .backupDirectory(config.backupDirectory())
                .lockTimeout(config.lockTimeout());
        for (ServiceConfig.Connection c : config.connections().values()) {
            builder.connection(c.name(), c.url(), c.user(), c.password());
            Target scripts = Target.of(c.name(), c.schemaPattern());
            builder.locations(scripts, c.locations().toArray(String[]::new));
            c.environments().forEach(builder::environments);
        }
        MigrationManager manager = builder.build();
        ExecutorService executor = null;
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
            executor = Executors.newFixedThreadPool(config.threads(), threads());
            server.setExecutor(executor);
            MigrationService service = new MigrationService(config, manager, server, executor);
            server.createContext("/", service::handle);
            server.start();
            LOG.info("Migration service listening on {} with {} thread(s); connections: {}", service.uri(),
                    config.threads(), describeConnections(config));
            return service;
        } catch (IOException | RuntimeException e) {
            if (executor != null) {
                executor.shutdownNow();
            }
            manager.close();
            throw e;
        }
    }

    /** The port the server is bound to (the chosen one when the configuration said 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The API's base URI, e.g. {@code http://127.0.0.1:8080/api/v1}. */
    public URI uri() {
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        return URI.create("http://" + host + ":" + port() + API);
    }

    /** As {@link #stop(Duration)} with 30 seconds' grace. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    /**
     * Stops accepting requests, lets running ones finish for up to {@code grace}, then interrupts what is left and
     * closes the manager (its pools). A run cut off by the grace ends as the library leaves an interrupted run: the
     * script in progress rolled back on PostgreSQL, and the database lock released with the connection. Safe to call
     * twice.
     */
    public void stop(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        LOG.info("Migration service on port {} stopping; waiting up to {} s for {} request(s) in progress", port(),
                grace.toSeconds(), inFlight.get());
        // New requests now get 503. Wait for the ones in progress ourselves: JDK 17's HttpServer.stop(delay) waits the
        // whole delay even when nothing is running.
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        executor.shutdown();
        try {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (!executor.awaitTermination(left, TimeUnit.MILLISECONDS)) {
                LOG.warn("Requests still running after {} s; interrupting them", grace.toSeconds());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            manager.close();
        }
        LOG.info("Migration service stopped");
    }

    // ---------------------------------------------------------------- dispatch

    private void handle(HttpExchange exchange) {
        inFlight.incrementAndGet();
        try {
            answer(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void answer(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Response response;
        try {
            if (closed.get()) {
                throw new HttpError(Response.error(503, "STOPPING", "The service is stopping; retry on another "
                        + "instance or after it has restarted.").withHeader("Retry-After", "5"));
            }
            response = route(exchange, method, path);
        } catch (HttpError e) {
            response = e.response;
        } catch (LockTimeoutException e) {
            LOG.warn("{} {}: {}", method, path, scrub(e.getMessage()));
            response = busy(null, "LOCK_TIMEOUT", scrub(e.getMessage())
                    + " Another instance holds the target's database lock; retry when its run has finished.");
        } catch (MigratorException e) {
            int status = statusOf(e.code());
            if (status >= 500) {
                LOG.error("{} {} failed with {}: {}", method, path, e.code(), scrub(e.getMessage()));
            } else {
                LOG.warn("{} {} refused with {}: {}", method, path, e.code(), scrub(e.getMessage()));
            }
            response = Response.error(status, e.code().name(), scrub(e.getMessage()));
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            // The stack trace goes to the log only; the client gets a reference to find it by.
            LOG.error("{} {} failed unexpectedly (reference {}): {}", method, path, reference, scrub(e.toString()), e);
            response = Response.error(500, "INTERNAL_ERROR",
                    "The request failed inside the service; the log has the details under reference " + reference + ".");
        }
        int status = send(exchange, response);
        LOG.info("{} {} {} -> {} in {} ms", exchange.getRemoteAddress().getAddress().getHostAddress(), method, path,
                status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private Response route(HttpExchange exchange, String method, String path) throws HttpError {
        switch (path) {
            case API + "/health" -> {
                requireMethod(method, "GET");
                return Response.ok(Json.object("status", "ok"));
            }
            case API + "/migrate" -> {
                requireMethod(method, "POST");
                authenticate(exchange);
                return migrate(readObject(exchange));
            }
            case API + "/status" -> {
                requireMethod(method, "GET");
                authenticate(exchange);
                return status(query(exchange));
            }
            case API + "/backup" -> {
                requireMethod(method, "POST");
                authenticate(exchange);
                return backup(readObject(exchange));
            }
            default -> throw new HttpError(Response.error(404, "NOT_FOUND", "No endpoint " + path
                    + ". Endpoints: GET " + API + "/health, POST " + API + "/migrate, GET " + API
                    + "/status, POST " + API + "/backup."));
        }
    }

    // ---------------------------------------------------------------- endpoints

    private Response migrate(Map<String, Object> body) throws HttpError {
        Fields f = new Fields(body, MIGRATE_FIELDS, "body");
        String environment = f.string("environment");
        Target target = resolve(f.string("backend"), f.string("connection"), f.string("schema"), environment);
        boolean dryRun = f.bool("dryRun", false);
        String targetVersion = f.version("targetVersion");
        MigrateOptions.Builder options = MigrateOptions.builder().target(target);
        if (targetVersion != null) {
            options.to(targetVersion); // a malformed version throws INVALID_VERSION → 400
        }
        String operation = dryRun ? "dry run" : "migrate";
        try (Hold ignored = hold(target, operation)) {
            LOG.info("{}: {} requested{}", target, operation, targetVersion == null ? "" : " up to " + targetVersion);
            if (dryRun) {
                DryRunResult plan = manager.dryRun(options.build());
                return Response.ok(dryRunBody(target, environment, plan));
            }
            MigrateResult result = manager.migrate(options.build());
            return Response.ok(migrateBody(target, environment, result));
        } catch (LockTimeoutException e) {
            throw lockTimeout(target, e);
        }
    }

    private Response status(Map<String, String> query) throws HttpError {
        for (String name : query.keySet()) {
            if (!STATUS_PARAMETERS.contains(name)) {
                throw badRequest("UNKNOWN_PARAMETER", "Unknown query parameter '" + name + "'. Known: "
                        + sorted(STATUS_PARAMETERS) + ".");
            }
        }
        Target target = resolve(query.get("backend"), query.get("connection"), query.get("schema"),
                query.get("environment"));
        StatusReport report = manager.status(target);
        List<Object> scripts = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        String resolved = target.toString();
        for (ScriptStatus s : report.scripts()) {
            resolved = s.target().toString();
            counts.merge(s.state().name(), 1, Integer::sum);
            scripts.add(statusEntry(s));
        }
        return Response.ok(Json.object(
                "target", resolved,
                "connection", target.connection(),
                "scripts", scripts,
                "counts", counts,
                "upToDate", report.inState(ScriptState.PENDING).isEmpty()
                        && report.inState(ScriptState.OUT_OF_ORDER).isEmpty()
                        && report.inState(ScriptState.FAILED).isEmpty()));
    }

    private Response backup(Map<String, Object> body) throws HttpError {
        Fields f = new Fields(body, BACKUP_FIELDS, "body");
        Target target = resolve(f.string("backend"), f.string("connection"), f.string("schema"),
                f.string("environment"));
        List<String> tables = f.strings("tables");
        if (tables.size() > MAX_TABLES) {
            throw badRequest("INVALID_FIELD", "\"tables\" names " + tables.size() + " tables; at most " + MAX_TABLES
                    + " per request (or none for every table of the schema).");
        }
        String label = f.string("label");
        if (label == null) {
            label = "http";
        } else if (!LABEL.matcher(label).matches()) {
            throw badRequest("INVALID_FIELD", "\"label\" is '" + clip(label) + "'; use 1 to 40 letters, digits or '_', "
                    + "e.g. before_v42.");
        }
        // Table names are checked by BackupRequest (INVALID_IDENTIFIER → 400) before anything is read.
        BackupRequest request = BackupRequest.builder().target(target).tables(tables).label(label).build();
        try (Hold ignored = hold(target, "backup")) {
            LOG.info("{}: backup requested ({}, label {})", target,
                    tables.isEmpty() ? "every table" : tables.size() + " table(s)", label);
            BackupManifest m = manager.backup(request);
            List<Object> tableEntries = new ArrayList<>();
            for (BackupManifest.Table t : m.tables()) {
                tableEntries.add(Json.object("name", t.name(), "rows", t.rowCount(), "bytes", t.bytes()));
            }
            BackupManifest.Source source = m.source();
            return Response.ok(Json.object(
                    "id", m.id(),
                    "label", m.label(),
                    "target", target.toString(),
                    "createdAt", m.createdAt().toString(),
                    "source", source == null ? null : Json.object(
                            "connection", source.connection(),
                            "product", source.product(),
                            "serverVersion", source.serverVersion(),
                            "url", scrub(ConnectionConfig.mask(source.url()))),
                    "consistency", m.consistency(),
                    "compression", m.compression().name(),
                    "encrypted", m.encryption() != null,
                    "tables", tableEntries,
                    "rows", m.rowCount(),
                    "bytes", m.byteSize(),
                    "durationMs", m.duration() == null ? null : m.duration().toMillis()));
        } catch (LockTimeoutException e) {
            throw lockTimeout(target, e);
        }
    }

    private Map<String, Object> migrateBody(Target target, String environment, MigrateResult result) {
        List<Object> applied = new ArrayList<>();
        for (ExecutedScript s : result.applied()) {
            applied.add(Json.object("version", s.version().toString(), "name", s.name(), "statements", s.statements(),
                    "ms", s.duration().toMillis()));
        }
        TargetResult one = result.targets().isEmpty() ? null : result.targets().get(0);
        Target resolved = one == null ? target : one.target();
        return Json.object(
                "target", resolved.toString(),
                "connection", resolved.connection(),
                "schema", resolved.schema(),
                "environment", environment,
                "dryRun", false,
                "applied", applied,
                "currentVersion", one == null ? null : one.currentVersion().map(Object::toString).orElse(null),
                "durationMs", result.duration().toMillis());
    }

    private Map<String, Object> dryRunBody(Target target, String environment, DryRunResult plan) {
        List<Object> planned = new ArrayList<>();
        Target resolved = target;
        for (PlannedScript s : plan.plan()) {
            resolved = s.target();
            planned.add(Json.object("version", s.version().toString(), "name", s.name(), "transactional",
                    s.transactional(), "statements", s.statements().size()));
        }
        if (!plan.executedAndRolledBack().isEmpty()) {
            resolved = plan.executedAndRolledBack().get(0);
        }
        return Json.object(
                "target", resolved.toString(),
                "connection", resolved.connection(),
                "schema", resolved.schema(),
                "environment", environment,
                "dryRun", true,
                "planned", planned,
                "executedAndRolledBack", !plan.executedAndRolledBack().isEmpty(),
                "notExecuted", plan.notExecuted().stream().map(this::scrub).toList());
    }

    private static Map<String, Object> statusEntry(ScriptStatus s) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("version", s.version().toString());
        entry.put("name", s.name());
        entry.put("state", s.state().name());
        if (s instanceof ScriptStatus.Applied a) {
            entry.put("appliedAt", a.appliedAt().toString());
            entry.put("ms", a.duration().toMillis());
            entry.put("installedBy", a.installedBy());
        } else if (s instanceof ScriptStatus.Baseline b) {
            entry.put("appliedAt", b.appliedAt().toString());
        } else if (s instanceof ScriptStatus.Failed failed) {
            entry.put("failedAt", failed.failedAt().toString());
            entry.put("statementsCompleted", failed.statementsCompleted());
        } else if (s instanceof ScriptStatus.Missing m) {
            entry.put("appliedAt", m.appliedAt().toString());
        } else if (s instanceof ScriptStatus.ChecksumChanged c) {
            entry.put("appliedAt", c.appliedAt().toString());
            entry.put("recordedChecksum", c.recordedChecksum());
            entry.put("localChecksum", c.localChecksum());
        }
        return entry;
    }

    // ---------------------------------------------------------------- targets and locks

    /**
     * The target a request names: a known connection, the backend it expects (optional), and a schema given directly
     * or through the connection's {@code {environment}} pattern. Everything is checked here, so that a bad name is a
     * 400 and never reaches the database.
     */
    private Target resolve(String backend, String connectionName, String schema, String environment) throws HttpError {
        if (connectionName == null) {
            throw badRequest("MISSING_FIELD", "\"connection\" is missing. Known connections: "
                    + config.connections().keySet() + ".");
        }
        ServiceConfig.Connection c = config.connections().get(connectionName);
        if (c == null) {
            throw new HttpError(Response.error(404, "UNKNOWN_CONNECTION", "Unknown connection '" + clip(connectionName)
                    + "'. Known connections: " + config.connections().keySet() + ".",
                    "knownConnections", List.copyOf(config.connections().keySet())));
        }
        if (backend != null) {
            String wanted = backend.toLowerCase(Locale.ROOT);
            if (!BACKENDS.contains(wanted)) {
                throw badRequest("UNSUPPORTED_BACKEND", "Backend '" + clip(backend) + "' is not supported; use one of "
                        + sorted(BACKENDS) + ".");
            }
            String actual = c.backend();
            if (wanted.equals("mariadb")) {
                wanted = "mysql";
            }
            if (!wanted.equals(actual)) {
                throw badRequest("UNSUPPORTED_BACKEND", "Connection '" + c.name() + "' is "
                        + (actual == null ? "of another kind" : actual) + ", not " + backend.toLowerCase(Locale.ROOT)
                        + ". Leave \"backend\" out or send \"" + actual + "\".");
            }
        }
        if (environment != null) {
            if (!ServiceConfig.isEnvironmentId(environment)) {
                throw badRequest("INVALID_ENVIRONMENT", "Environment '" + clip(environment)
                        + "' is invalid: use 1 to 30 lower-case letters, digits or '_', e.g. staging.");
            }
            if (!c.environments().isEmpty() && !c.environments().contains(environment)) {
                throw badRequest("INVALID_ENVIRONMENT", "Environment '" + environment + "' is not one of connection '"
                        + c.name() + "': " + c.environments() + ".");
            }
        }
        if (schema != null && !SCHEMA.matcher(schema).matches()) {
            throw badRequest("INVALID_SCHEMA", "Schema '" + clip(schema) + "' is not a plain name: use letters, "
                    + "digits and '_' (not starting with a digit, at most 63), e.g. tenant_1.");
        }
        String pattern = c.schemaPattern();
        if (pattern != null) {
            if (environment != null) {
                String derived = pattern.replace(Target.ENVIRONMENT_PLACEHOLDER, environment);
                if (schema != null && !schema.equals(derived)) {
                    throw badRequest("INVALID_SCHEMA", "Connection '" + c.name() + "' maps environment '" + environment
                            + "' to schema " + derived + ", not " + schema + ". Send either \"environment\" or a "
                            + "matching \"schema\".");
                }
                if (!SCHEMA.matcher(derived).matches()) {
                    throw badRequest("INVALID_SCHEMA", "Environment '" + environment + "' makes schema '" + clip(derived)
                            + "' from pattern " + pattern + ", which is longer than 63 characters.");
                }
                schema = derived;
            } else if (schema == null || !patternRegex(pattern).matcher(schema).matches()) {
                throw badRequest("MISSING_FIELD", "Connection '" + c.name() + "' has schema pattern " + pattern
                        + ": send \"environment\" (e.g. \"staging\"), or a \"schema\" matching the pattern.");
            }
        }
        return Target.of(c.name(), schema);
    }

    private static Pattern patternRegex(String pattern) {
        String[] parts = pattern.split(Pattern.quote(Target.ENVIRONMENT_PLACEHOLDER), -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("[a-z0-9_]{1,30}");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    /** A target held by one run of this service; closing it frees the target. */
    private interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the target for one run without waiting (a try-lock), or answers 409. The library's database lock still
     * guards the target against other processes; this one turns a second request in this process into an immediate
     * 409 instead of a thread blocked for the lock timeout.
     */
    private Hold hold(Target target, String operation) throws HttpError {
        String key = target.connection() + "/" + (target.schema() == null ? "" : target.schema());
        String other = running.putIfAbsent(key, operation);
        if (other != null) {
            LOG.info("{}: {} refused, a {} is running", target, operation, other);
            throw new HttpError(busy(target, "TARGET_BUSY", "Target " + target + " is busy: a " + other
                    + " is running on it. Retry when it has finished."));
        }
        return () -> running.remove(key, operation);
    }

    /** The library waited the lock timeout for another process's run on the target: busy too. */
    private HttpError lockTimeout(Target target, LockTimeoutException e) {
        LOG.info("{}: {}", target, scrub(e.getMessage()));
        return new HttpError(busy(target, "LOCK_TIMEOUT", "Target " + target + " is busy: another instance holds its "
                + "database lock (waited " + config.lockTimeout().toMillis() + " ms). Retry when its run has finished. "
                + scrub(e.getMessage())));
    }

    private static Response busy(Target target, String code, String message) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (target != null) {
            extra.put("target", target.toString());
        }
        extra.put("retry", true);
        Response r = Response.error(409, code, message, extra);
        return r.withHeader("Retry-After", "5");
    }

    private static int statusOf(ErrorCode code) {
        return switch (code) {
            case LOCK_TIMEOUT -> 409;
            case INVALID_IDENTIFIER, INVALID_VERSION -> 400;
            case ENGINE_NOT_FOUND, BACKEND_NOT_FOUND, CONNECTION_FAILED, DATABASE_ERROR, INTERRUPTED, BACKUP_FAILED -> 500;
            default -> 422;
        };
    }

    // ---------------------------------------------------------------- HTTP plumbing

    private static void requireMethod(String method, String allowed) throws HttpError {
        if (!method.equals(allowed)) {
            throw new HttpError(Response.error(405, "METHOD_NOT_ALLOWED", "Use " + allowed + " for this endpoint.")
                    .withHeader("Allow", allowed));
        }
    }

    private void authenticate(HttpExchange exchange) throws HttpError {
        List<String> values = exchange.getRequestHeaders().get("Authorization");
        if (values == null || values.isEmpty()) {
            throw unauthorized("Authentication required: send Authorization: Bearer <token> (the service's "
                    + "MIGRATOR_HTTP_TOKEN).", null);
        }
        String value = values.size() == 1 ? values.get(0) : "";
        boolean bearer = value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7);
        // Hash both sides to 32 bytes first, so the comparison takes the same time whatever the presented length.
        byte[] presented = sha256(bearer ? value.substring(7).strip() : "");
        if (!MessageDigest.isEqual(presented, tokenHash) || !bearer) {
            throw unauthorized("The bearer token is wrong or malformed; send Authorization: Bearer <token>.",
                    "invalid_token");
        }
    }

    private static HttpError unauthorized(String message, String error) {
        String challenge = "Bearer realm=\"migrator\"" + (error == null ? "" : ", error=\"" + error + "\"");
        return new HttpError(Response.error(401, "UNAUTHORIZED", message).withHeader("WWW-Authenticate", challenge));
    }

    private Map<String, Object> readObject(HttpExchange exchange) throws HttpError {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(Response.error(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json, "
                    + "not " + clip(contentType) + "."));
        }
        int limit = config.maxBodyBytes();
        byte[] bytes;
        // Read at most one byte past the limit: a larger body is refused without being held in memory.
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(limit + 1);
        } catch (IOException e) {
            throw badRequest("UNREADABLE_BODY", "The request body could not be read: " + e.getMessage());
        }
        if (bytes.length > limit) {
            throw new HttpError(Response.error(413, "BODY_TOO_LARGE", "The request body is larger than " + limit
                    + " bytes; requests here are small JSON objects."));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw badRequest("MALFORMED_JSON", "The request body is not UTF-8 text.");
        }
        if (text.isBlank()) {
            throw badRequest("MALFORMED_JSON", "The request body is empty; send a JSON object, e.g. "
                    + "{\"connection\": \"core\", \"schema\": \"tenant_1\"}.");
        }
        Object value;
        try {
            value = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new HttpError(Response.error(400, "MALFORMED_JSON", e.getMessage(),
                    Json.object("line", e.line(), "column", e.column(), "offset", e.offset())));
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw badRequest("MALFORMED_JSON", "The request body must be a JSON object, e.g. "
                    + "{\"connection\": \"core\", \"schema\": \"tenant_1\"}.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }

    private static Map<String, String> query(HttpExchange exchange) throws HttpError {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw badRequest("INVALID_PARAMETER", "The query string has a malformed %-escape.");
            }
            if (out.put(name, value.isEmpty() ? null : value) != null) {
                throw badRequest("INVALID_PARAMETER", "Query parameter '" + clip(name) + "' is given twice.");
            }
        }
        return out;
    }

    private static int send(HttpExchange exchange, Response response) {
        byte[] bytes = (Json.write(response.body) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", "application/json; charset=utf-8");
            headers.set("Cache-Control", "no-store");
            headers.set("X-Content-Type-Options", "nosniff");
            response.headers.forEach(headers::set);
            exchange.sendResponseHeaders(response.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            LOG.debug("Could not send the response ({}): {}", response.status, e.toString());
        } finally {
            exchange.close();
        }
        return response.status;
    }

    /** Masks URLs and removes every configured secret from text headed for a client or the log. */
    private String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = ConnectionConfig.mask(text);
        for (String secret : secrets) {
            out = out.replace(secret, "****");
        }
        return out;
    }

    /** Echoes at most 64 characters of a client's value in a message. */
    private static String clip(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    private static HttpError badRequest(String code, String message) {
        return new HttpError(Response.error(400, code, message));
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "migrator-http-" + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        };
    }

    private static String describeConnections(ServiceConfig config) {
        List<String> parts = new ArrayList<>();
        config.connections().values().forEach(c -> parts.add(c.name() + " (" + c.backend() + ", " + c.maskedUrl()
                + (c.schemaPattern() == null ? "" : ", schema " + c.schemaPattern()) + ")"));
        return String.join(", ", parts);
    }

    /** An answer: status, JSON body, extra headers. */
    private record Response(int status, Map<String, Object> body, Map<String, String> headers) {
        static Response ok(Map<String, Object> body) {
            return new Response(200, body, Map.of());
        }

        static Response error(int status, String code, String message) {
            return error(status, code, message, Map.of());
        }

        static Response error(int status, String code, String message, Object... extra) {
            return error(status, code, message, Json.object(extra));
        }

        static Response error(int status, String code, String message, Map<String, Object> extra) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", code);
            body.put("message", message);
            body.putAll(extra);
            body.put("status", status);
            return new Response(status, body, Map.of());
        }

        Response withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Response(status, body, all);
        }
    }

    /** Ends a request early with a prepared answer. */
    private static final class HttpError extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Response response;

        HttpError(Response response) {
            super(String.valueOf(response.body.get("message")), null, false, false);
            this.response = response;
        }
    }

    /** Typed access to a request's fields; unknown fields and wrong types are a 400 naming the field. */
    private static final class Fields {
        private final Map<String, Object> values;

        Fields(Map<String, Object> values, Set<String> known, String where) throws HttpError {
            this.values = values;
            Set<String> unknown = new HashSet<>(values.keySet());
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                String first = unknown.stream().sorted().findFirst().orElseThrow();
                throw badRequest("UNKNOWN_FIELD", "Unknown field \"" + clip(first) + "\" in the " + where + ". Known: "
                        + sorted(known) + ".");
            }
        }

        String string(String name) throws HttpError {
            Object v = values.get(name);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw badRequest("INVALID_FIELD", "\"" + name + "\" must be a string.");
            }
            return s.isEmpty() ? null : s;
        }

        boolean bool(String name, boolean fallback) throws HttpError {
            Object v = values.get(name);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Boolean b)) {
                throw badRequest("INVALID_FIELD", "\"" + name + "\" must be true or false.");
            }
            return b;
        }

        /** A version as a string ("1.2") or a whole number (5); {@code null} when absent. */
        String version(String name) throws HttpError {
            Object v = values.get(name);
            if (v == null) {
                return null;
            }
            if (v instanceof String s) {
                return s.isBlank() ? null : s;
            }
            if (v instanceof java.math.BigDecimal d && d.signum() >= 0 && d.stripTrailingZeros().scale() <= 0) {
                return d.toBigInteger().toString();
            }
            throw badRequest("INVALID_FIELD", "\"" + name + "\" must be a version string such as \"1.2\" or null.");
        }

        List<String> strings(String name) throws HttpError {
            Object v = values.get(name);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> list)) {
                throw badRequest("INVALID_FIELD", "\"" + name + "\" must be an array of strings.");
            }
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw badRequest("INVALID_FIELD", "\"" + name + "\" must be an array of strings.");
                }
                out.add(s);
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- main

    /**
     * Starts the service and serves until the JVM is stopped (Ctrl-C stops it gracefully).
     *
     * <p>Configuration: a properties file (the first argument, or {@code MIGRATOR_HTTP_CONFIG}; see
     * {@link ServiceConfig}); else one connection {@code core} from {@code MIGRATOR_URL} ({@code MIGRATOR_USER},
     * {@code MIGRATOR_PASSWORD}) with the example scripts in {@code classpath:db/migration}; else that connection on an
     * embedded PostgreSQL started for this run. {@code MIGRATOR_HTTP_TOKEN} must hold the bearer token (16 characters
     * or more); {@code MIGRATOR_HTTP_PORT} (default 8080, 0 for any), {@code MIGRATOR_HTTP_HOST} (default 127.0.0.1)
     * and {@code MIGRATOR_HTTP_BACKUP_DIR} (default {@code backups}) apply without a file.
     */
    public static void main(String[] args) throws Exception {
        Function<String, String> env = MigrationService::env;
        String file = args.length > 0 ? args[0] : env.apply("MIGRATOR_HTTP_CONFIG");
        EmbeddedPostgres embedded = null;
        ServiceConfig config;
        try {
            if (file != null) {
                config = ServiceConfig.fromFile(Path.of(file), env);
            } else {
                if (env.apply(ServiceConfig.DEFAULT_TOKEN_ENV) == null) {
                    System.err.println("Set " + ServiceConfig.DEFAULT_TOKEN_ENV + " to the bearer token clients will "
                            + "send (at least " + ServiceConfig.MIN_TOKEN_LENGTH + " characters), e.g.\n  export "
                            + ServiceConfig.DEFAULT_TOKEN_ENV + "=$(openssl rand -hex 24)");
                    System.exit(2);
                }
                Properties p = new Properties();
                p.setProperty("host", envOr(env, "MIGRATOR_HTTP_HOST", "127.0.0.1"));
                p.setProperty("port", envOr(env, "MIGRATOR_HTTP_PORT", "8080"));
                p.setProperty("backupDirectory", envOr(env, "MIGRATOR_HTTP_BACKUP_DIR", "backups"));
                p.setProperty("connection.core.locations", "classpath:db/migration");
                if (env.apply("MIGRATOR_URL") != null) {
                    p.setProperty("connection.core.urlEnv", "MIGRATOR_URL");
                    if (env.apply("MIGRATOR_USER") != null) {
                        p.setProperty("connection.core.userEnv", "MIGRATOR_USER");
                    }
                    if (env.apply("MIGRATOR_PASSWORD") != null) {
                        p.setProperty("connection.core.passwordEnv", "MIGRATOR_PASSWORD");
                    }
                } else {
                    System.out.println("No MIGRATOR_HTTP_CONFIG or MIGRATOR_URL set: starting an embedded PostgreSQL ...");
                    embedded = EmbeddedPostgres.builder().start();
                    p.setProperty("connection.core.url", embedded.getJdbcUrl("postgres", "postgres"));
                    p.setProperty("connection.core.user", "postgres");
                }
                config = ServiceConfig.fromProperties(p, env);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            if (embedded != null) {
                embedded.close();
            }
            System.exit(2);
            return;
        }
        MigrationService service;
        try {
            service = start(config);
        } catch (IOException | RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        EmbeddedPostgres database = embedded;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.stop(Duration.ofSeconds(30));
                if (database != null) {
                    database.close();
                }
            } catch (IOException e) {
                LOG.warn("Could not stop the embedded PostgreSQL: {}", e.toString());
            } finally {
                stopped.countDown();
            }
        }, "migrator-http-shutdown"));
        System.out.println("Migration service: " + service.uri() + " (connections " + config.connections().keySet()
                + "; Ctrl-C stops it)");
        System.out.println("  curl " + service.uri() + "/health");
        System.out.println("  curl -H \"Authorization: Bearer $" + ServiceConfig.DEFAULT_TOKEN_ENV + "\" '"
                + service.uri() + "/status?connection=core'");
        System.out.println("  curl -H \"Authorization: Bearer $" + ServiceConfig.DEFAULT_TOKEN_ENV + "\" -H "
                + "'Content-Type: application/json' -d '{\"connection\": \"core\", \"schema\": \"tenant_1\"}' "
                + service.uri() + "/migrate");
        // Serve until the JVM is told to stop; a main that returned would end the program under mvn exec:java.
        stopped.await();
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String envOr(Function<String, String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null ? fallback : value;
    }
}

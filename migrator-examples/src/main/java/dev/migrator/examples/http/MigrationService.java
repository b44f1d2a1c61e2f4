package dev.migrator.examples.http;

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
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A central migration service: a small HTTP server (Jetty 12) that runs migrate, dry run, status and backup on named
 * connections and schemas for its clients — deployment pipelines, an operator's script, a tenant provisioning job.
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
 * <p>Slow or stalled clients cost no worker: Jetty reads headers and bodies without holding a thread, and only a
 * request that has arrived whole is handed to one of the {@code threads} workers. A client has
 * {@link ServiceConfig#clientTimeout()} to send its headers (else the connection is closed), as long again for its body
 * (else 408), and as long to take each part of the answer (else the connection is closed). A body larger than
 * {@code maxBodyBytes} is a 413, refused from its {@code Content-Length} before it is read when it has one.
 *
 * <p>The service owns the {@link MigrationManager} it builds from its configuration and closes it in {@link #close()}.
 */
public final class MigrationService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);

    private static final String API = "/api/v1";
    /** Requests that may wait for a worker; past this, 503 at once rather than an ever longer queue. */
    private static final int QUEUE_PER_THREAD = 16;
    /** Jetty's own threads (acceptor, selector, reading and writing); the endpoints run on the workers. */
    private static final int IO_THREADS = 8;

    private final ServiceConfig config;
    private final MigrationManager manager;
    private final RequestParser parser;
    private final Server server;
    private final ServerConnector connector;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final SlowClientGuard guard;
    private final byte[] tokenHash;
    private final List<String> secrets;
    /** The targets with a run in progress, and what runs; a target is busy while it is in here. */
    private final ConcurrentHashMap<String, String> running = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Requests between their headers' arrival and their answer's last byte (or the connection's end). */
    private final AtomicInteger inFlight = new AtomicInteger();

    private MigrationService(ServiceConfig config, MigrationManager manager) {
        this.config = config;
        this.manager = manager;
        this.parser = new RequestParser(config);
        this.tokenHash = sha256(config.token());
        List<String> known = new ArrayList<>();
        known.add(config.token());
        config.connections().values().stream().map(ServiceConfig.Connection::password)
                .filter(p -> p != null && p.length() >= 3).forEach(known::add);
        this.secrets = List.copyOf(known);
        this.workers = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.threads() * QUEUE_PER_THREAD), threads("migrator-http-", false));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("migrator-http-timer-", true));
        this.guard = new SlowClientGuard(config.clientTimeout(), timer);

        QueuedThreadPool io = new QueuedThreadPool(IO_THREADS, 2);
        io.setName("migrator-http-io");
        io.setReservedThreads(0);
        this.server = new Server(io);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setAcceptQueueSize(64);
        // A connection that sends or takes nothing for this long is closed, also while a write waits on the client.
        connector.setIdleTimeout(config.clientTimeout().toMillis());
        connector.addEventListener(guard);
        server.addConnector(connector);
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
        MigrationService service = new MigrationService(config, manager);
        try {
            service.listen();
        } catch (IOException | RuntimeException e) {
            service.abort();
            throw e;
        }
        LOG.info("Migration service listening on {} with {} thread(s), client timeout {} ms, bodies up to {} bytes; "
                + "connections: {}", service.uri(), config.threads(), config.clientTimeout().toMillis(),
                config.maxBodyBytes(), describeConnections(config));
        return service;
    }

    private void listen() throws IOException {
        server.setHandler(new Dispatch());
        server.setErrorHandler(new JsonErrors());
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("The HTTP server did not start: " + e, e);
        }
    }

    /** Undoes a start that failed half-way. */
    private void abort() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Stopping the half-started HTTP server: {}", e.toString());
        }
        workers.shutdownNow();
        timer.shutdownNow();
        manager.close();
    }

    /** The port the server is bound to (the chosen one when the configuration said 0). */
    public int port() {
        return connector.getLocalPort();
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
        int port = port();
        LOG.info("Migration service on port {} stopping; waiting up to {} s for {} request(s) in progress", port,
                grace.toSeconds(), inFlight.get());
        // New requests now get 503; the ones in progress have until the deadline.
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server on port {}: {}", port, e.toString());
        }
        workers.shutdown();
        try {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (!workers.awaitTermination(left, TimeUnit.MILLISECONDS)) {
                LOG.warn("Requests still running after {} s; interrupting them", grace.toSeconds());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            timer.shutdownNow();
            manager.close();
        }
        LOG.info("Migration service stopped");
    }

    // ---------------------------------------------------------------- endpoints

    private ApiResponse migrate(RequestParser.MigrateCall call) throws HttpError {
        Target target = call.target();
        String environment = call.environment();
        boolean dryRun = call.dryRun();
        String targetVersion = call.targetVersion();
        MigrateOptions.Builder options = MigrateOptions.builder().target(target);
        if (targetVersion != null) {
            options.to(targetVersion); // a malformed version throws INVALID_VERSION → 400
        }
        String operation = dryRun ? "dry run" : "migrate";
        try (Hold ignored = hold(target, operation)) {
            LOG.info("{}: {} requested{}", target, operation, targetVersion == null ? "" : " up to " + targetVersion);
            if (dryRun) {
                DryRunResult plan = manager.dryRun(options.build());
                return ApiResponse.ok(dryRunBody(target, environment, plan));
            }
            MigrateResult result = manager.migrate(options.build());
            return ApiResponse.ok(migrateBody(target, environment, result));
        } catch (LockTimeoutException e) {
            throw lockTimeout(target, e);
        }
    }

    private ApiResponse status(Target target) {
        StatusReport report = manager.status(target);
        List<Object> scripts = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        String resolved = target.toString();
        for (ScriptStatus s : report.scripts()) {
            resolved = s.target().toString();
            counts.merge(s.state().name(), 1, Integer::sum);
            scripts.add(statusEntry(s));
        }
        return ApiResponse.ok(Json.object(
                "target", resolved,
                "connection", target.connection(),
                "scripts", scripts,
                "counts", counts,
                "upToDate", report.inState(ScriptState.PENDING).isEmpty()
                        && report.inState(ScriptState.OUT_OF_ORDER).isEmpty()
                        && report.inState(ScriptState.FAILED).isEmpty()));
    }

    private ApiResponse backup(RequestParser.BackupCall call) throws HttpError {
        Target target = call.target();
        List<String> tables = call.tables();
        String label = call.label();
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
            return ApiResponse.ok(Json.object(
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

    private static ApiResponse busy(Target target, String code, String message) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (target != null) {
            extra.put("target", target.toString());
        }
        extra.put("retry", true);
        ApiResponse r = ApiResponse.error(409, code, message, extra);
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

    /**
     * Jetty calls this on one of its I/O threads once a request's headers have arrived. It never blocks there: the
     * checks that need only the headers answer at once, a body is read as it arrives, and the endpoint runs on a
     * worker when the request is whole.
     */
    private final class Dispatch extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Exchange exchange = new Exchange(request, response, callback);
            try {
                accept(exchange);
            } catch (HttpError e) {
                exchange.answer(e.response());
            } catch (RuntimeException e) {
                exchange.answer(unexpected(exchange, e));
            }
            return true;
        }
    }

    private void accept(Exchange exchange) throws HttpError {
        if (closed.get()) {
            throw new HttpError(ApiResponse.error(503, "STOPPING", "The service is stopping; retry on another "
                    + "instance or after it has restarted.").withHeader("Retry-After", "5"));
        }
        switch (exchange.path) {
            case API + "/health" -> {
                requireMethod(exchange, "GET");
                exchange.answer(ApiResponse.ok(Json.object("status", "ok")));
            }
            case API + "/migrate" -> {
                requireMethod(exchange, "POST");
                authenticate(exchange);
                readBody(exchange, body -> work(exchange, () -> migrate(parser.migrate(body))));
            }
            case API + "/status" -> {
                requireMethod(exchange, "GET");
                authenticate(exchange);
                String query = exchange.request.getHttpURI().getQuery();
                work(exchange, () -> status(parser.status(query)));
            }
            case API + "/backup" -> {
                requireMethod(exchange, "POST");
                authenticate(exchange);
                readBody(exchange, body -> work(exchange, () -> backup(parser.backup(body))));
            }
            default -> throw new HttpError(ApiResponse.error(404, "NOT_FOUND", "No endpoint "
                    + RequestParser.clip(exchange.path) + ". Endpoints: GET " + API + "/health, POST " + API
                    + "/migrate, GET " + API + "/status, POST " + API + "/backup."));
        }
    }

    /** An endpoint's work, run on a worker. */
    @FunctionalInterface
    private interface Work {
        ApiResponse run() throws HttpError;
    }

    /** Hands the work to a worker, or answers 503 when every worker is busy and the queue is full. */
    private void work(Exchange exchange, Work work) {
        try {
            workers.execute(() -> exchange.answer(outcome(exchange, work)));
        } catch (RejectedExecutionException e) {
            exchange.answer(ApiResponse.error(503, "BUSY", "All " + config.threads() + " workers are busy and "
                    + workers.getQueue().size() + " requests wait; retry in a few seconds.")
                    .withHeader("Retry-After", "5"));
        }
    }

    private ApiResponse outcome(Exchange exchange, Work work) {
        try {
            return work.run();
        } catch (HttpError e) {
            return e.response();
        } catch (LockTimeoutException e) {
            LOG.warn("{} {}: {}", exchange.method, exchange.loggedPath(), scrub(e.getMessage()));
            return busy(null, "LOCK_TIMEOUT", scrub(e.getMessage())
                    + " Another instance holds the target's database lock; retry when its run has finished.");
        } catch (MigratorException e) {
            int status = statusOf(e.code());
            if (status >= 500) {
                LOG.error("{} {} failed with {}: {}", exchange.method, exchange.loggedPath(), e.code(),
                        scrub(e.getMessage()));
            } else {
                LOG.warn("{} {} refused with {}: {}", exchange.method, exchange.loggedPath(), e.code(),
                        scrub(e.getMessage()));
            }
            return ApiResponse.error(status, e.code().name(), scrub(e.getMessage()));
        } catch (RuntimeException e) {
            return unexpected(exchange, e);
        }
    }

    private ApiResponse unexpected(Exchange exchange, RuntimeException e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        // The stack trace goes to the log only; the client gets a reference to find it by.
        LOG.error("{} {} failed unexpectedly (reference {}): {}", exchange.method, exchange.loggedPath(), reference,
                scrub(e.toString()), e);
        return ApiResponse.error(500, "INTERNAL_ERROR",
                "The request failed inside the service; the log has the details under reference " + reference + ".");
    }

    private static void requireMethod(Exchange exchange, String allowed) throws HttpError {
        if (!exchange.method.equals(allowed)) {
            throw new HttpError(ApiResponse.error(405, "METHOD_NOT_ALLOWED", "Use " + allowed + " for this endpoint.")
                    .withHeader("Allow", allowed));
        }
    }

    private void authenticate(Exchange exchange) throws HttpError {
        List<String> values = exchange.request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
        if (values.isEmpty()) {
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
        return new HttpError(ApiResponse.error(401, "UNAUTHORIZED", message).withHeader("WWW-Authenticate", challenge));
    }

    /** What to do with a body once it has arrived whole. */
    @FunctionalInterface
    private interface BodyConsumer {
        void accept(byte[] body);
    }

    /**
     * Reads the body as it arrives, without holding a thread, then passes it on. A declared length over the limit is
     * refused before anything is read; a body that grows past it, or has not arrived within the client timeout, ends
     * the request (413, 408) and the connection.
     */
    private void readBody(Exchange exchange, BodyConsumer then) throws HttpError {
        String contentType = exchange.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(ApiResponse.error(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json, "
                    + "not " + RequestParser.clip(contentType) + "."));
        }
        if (exchange.request.getLength() > config.maxBodyBytes()) {
            throw new HttpError(tooLarge());
        }
        new BodyReader(exchange, then).run();
    }

    private ApiResponse tooLarge() {
        return ApiResponse.error(413, "BODY_TOO_LARGE", "The request body is larger than " + config.maxBodyBytes()
                + " bytes; requests here are small JSON objects.").withHeader("Connection", "close");
    }

    /** Jetty's read-and-demand loop over one request's body; exactly one of complete, 413, 408 or 400 happens. */
    private final class BodyReader implements Runnable {
        private final Exchange exchange;
        private final BodyConsumer then;
        private final AtomicBoolean settled = new AtomicBoolean();
        private final ScheduledFuture<?> deadline;
        private byte[] bytes = new byte[1024];
        private int size;

        BodyReader(Exchange exchange, BodyConsumer then) {
            this.exchange = exchange;
            this.then = then;
            long timeout = config.clientTimeout().toMillis();
            this.deadline = timer.schedule(() -> settle(timedOut()), timeout, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            while (!settled.get()) {
                Content.Chunk chunk = exchange.request.read();
                if (chunk == null) {
                    exchange.request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    Throwable failure = chunk.getFailure();
                    settle(failure instanceof TimeoutException ? timedOut() : ApiResponse.error(400, "UNREADABLE_BODY",
                            "The request body could not be read: " + RequestParser.clip(String.valueOf(failure))));
                    return;
                }
                ByteBuffer buffer = chunk.getByteBuffer();
                int n = buffer.remaining();
                if (n > config.maxBodyBytes() - size) {
                    chunk.release();
                    settle(tooLarge());
                    return;
                }
                if (size + n > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.min(config.maxBodyBytes(),
                            Math.max(size + n, bytes.length * 2)));
                }
                buffer.get(bytes, size, n);
                size += n;
                boolean last = chunk.isLast();
                chunk.release();
                if (last && settled.compareAndSet(false, true)) {
                    deadline.cancel(false);
                    then.accept(Arrays.copyOf(bytes, size));
                    return;
                }
            }
        }

        private ApiResponse timedOut() {
            return ApiResponse.error(408, "REQUEST_TIMEOUT", "The request's body did not arrive within "
                    + config.clientTimeout().toMillis() + " ms (" + size + " bytes came); send the whole body at once.")
                    .withHeader("Connection", "close");
        }

        private void settle(ApiResponse refusal) {
            if (settled.compareAndSet(false, true)) {
                deadline.cancel(false);
                exchange.answer(refusal);
            }
        }
    }

    /** One request from its headers' arrival to its answer's last byte. */
    private final class Exchange {
        final Request request;
        final Response response;
        final Callback callback;
        final String method;
        final String path;
        final long started = System.nanoTime();
        final Connection connection;
        final AtomicBoolean answered = new AtomicBoolean();

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.method = request.getMethod();
            String raw = request.getHttpURI().getPath();
            this.path = raw == null ? "" : raw;
            this.connection = request.getConnectionMetaData().getConnection();
            inFlight.incrementAndGet();
            guard.handling(connection);
        }

        String loggedPath() {
            return RequestParser.clip(path);
        }

        /** Writes the answer once (a later one — a 408 racing the body's last byte — is dropped). */
        void answer(ApiResponse answer) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            // Jetty writes without blocking; a client that takes nothing for the client timeout fails the write.
            write(response, answer, Callback.from(() -> {
                finish(answer.status(), null);
                callback.succeeded();
            }, failure -> {
                finish(answer.status(), failure);
                callback.failed(failure);
            }));
        }

        private void finish(int status, Throwable failure) {
            inFlight.decrementAndGet();
            guard.answered(connection);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            String remote = Request.getRemoteAddr(request);
            if (failure == null) {
                LOG.info("{} {} {} -> {} in {} ms", remote, method, loggedPath(), status, ms);
            } else {
                LOG.info("{} {} {} -> {} in {} ms, not delivered: {}", remote, method, loggedPath(), status, ms,
                        RequestParser.clip(failure.toString()));
            }
        }
    }

    /** Writes an answer as the whole response: status, JSON body, headers; {@code done} when written or failed. */
    private static void write(Response response, ApiResponse answer, Callback done) {
        byte[] bytes = (Json.write(answer.body()) + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        answer.headers().forEach((name, value) -> headers.put(new HttpField(name, value)));
        headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), done);
    }

    /**
     * Jetty's own refusals, made before the service sees a request — a malformed request line (400), headers over
     * 8 KiB (431) — in the service's JSON shape rather than an HTML page.
     */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) {
            String reason = HttpStatus.getMessage(code);
            String detail = message == null || message.equals(reason) ? "" : " (" + RequestParser.clip(message) + ")";
            LOG.info("{} refused by the HTTP layer: {} {}{}", Request.getRemoteAddr(request), code, reason, detail);
            ApiResponse answer = ApiResponse.error(code, "HTTP_" + code, reason + detail + ": the request was refused "
                    + "before it was read. Send an HTTP/1.1 request with at most 8 KiB of request line and headers.");
            MigrationService.write(response, answer, callback);
        }
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

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static ThreadFactory threads(String prefix, boolean daemon) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(daemon);
            return t;
        };
    }

    private static String describeConnections(ServiceConfig config) {
        List<String> parts = new ArrayList<>();
        config.connections().values().forEach(c -> parts.add(c.name() + " (" + c.backend() + ", " + c.maskedUrl()
                + (c.schemaPattern() == null ? "" : ", schema " + c.schemaPattern()) + ")"));
        return String.join(", ", parts);
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

package dev.migrator.examples.http;

import dev.migrator.api.LockTimeoutException;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MigratorException;
import dev.migrator.api.Target;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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
    private final BearerToken token;
    private final Secrets secrets;
    private final Endpoints endpoints;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Requests between their headers' arrival and their answer's last byte (or the connection's end). */
    private final AtomicInteger inFlight = new AtomicInteger();

    private MigrationService(ServiceConfig config, MigrationManager manager) {
        this.config = config;
        this.manager = manager;
        this.parser = new RequestParser(config);
        this.token = new BearerToken(config.token());
        this.secrets = new Secrets(config);
        this.endpoints = new Endpoints(config, manager, secrets);
        this.workers = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.threads() * QUEUE_PER_THREAD), threads("migrator-http-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("migrator-http-timer-"));
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

    // ---------------------------------------------------------------- HTTP plumbing

    /**
     * Jetty calls this on one of its I/O threads once a request's headers have arrived. It never blocks there: the
     * checks that need only the headers answer at once, a body is read as it arrives, and the endpoint runs on a
     * worker when the request is whole.
     */
    private final class Dispatch extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Exchange exchange = new Exchange(request, response, callback, inFlight, guard);
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
                token.check(exchange);
                BodyReader.read(exchange, config, timer,
                        body -> work(exchange, () -> endpoints.migrate(parser.migrate(body))));
            }
            case API + "/status" -> {
                requireMethod(exchange, "GET");
                token.check(exchange);
                String query = exchange.request.getHttpURI().getQuery();
                work(exchange, () -> endpoints.status(parser.status(query)));
            }
            case API + "/backup" -> {
                requireMethod(exchange, "POST");
                token.check(exchange);
                BodyReader.read(exchange, config, timer,
                        body -> work(exchange, () -> endpoints.backup(parser.backup(body))));
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
            LOG.warn("{} {}: {}", exchange.method, exchange.loggedPath(), secrets.scrub(e.getMessage()));
            return Endpoints.busy(null, "LOCK_TIMEOUT", secrets.scrub(e.getMessage())
                    + " Another instance holds the target's database lock; retry when its run has finished.");
        } catch (MigratorException e) {
            int status = Endpoints.statusOf(e.code());
            if (status >= 500) {
                LOG.error("{} {} failed with {}: {}", exchange.method, exchange.loggedPath(), e.code(),
                        secrets.scrub(e.getMessage()));
            } else {
                LOG.warn("{} {} refused with {}: {}", exchange.method, exchange.loggedPath(), e.code(),
                        secrets.scrub(e.getMessage()));
            }
            return ApiResponse.error(status, e.code().name(), secrets.scrub(e.getMessage()));
        } catch (RuntimeException e) {
            return unexpected(exchange, e);
        }
    }

    private ApiResponse unexpected(Exchange exchange, RuntimeException e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        // The stack trace goes to the log only; the client gets a reference to find it by.
        LOG.error("{} {} failed unexpectedly (reference {}): {}", exchange.method, exchange.loggedPath(), reference,
                secrets.scrub(e.toString()), e);
        return ApiResponse.error(500, "INTERNAL_ERROR",
                "The request failed inside the service; the log has the details under reference " + reference + ".");
    }

    private static void requireMethod(Exchange exchange, String allowed) throws HttpError {
        if (!exchange.method.equals(allowed)) {
            throw new HttpError(ApiResponse.error(405, "METHOD_NOT_ALLOWED", "Use " + allowed + " for this endpoint.")
                    .withHeader("Allow", allowed));
        }
    }

    /** Non-daemon threads, whichever thread creates them (a new thread would inherit its creator's flag). */
    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        };
    }

    private static ThreadFactory daemonThreads(String prefix) {
        ThreadFactory threads = threads(prefix);
        return r -> {
            Thread t = threads.newThread(r);
            t.setDaemon(true);
            return t;
        };
    }

    private static String describeConnections(ServiceConfig config) {
        List<String> parts = new ArrayList<>();
        config.connections().values().forEach(c -> parts.add(c.name() + " (" + c.backend() + ", " + c.maskedUrl()
                + (c.schemaPattern() == null ? "" : ", schema " + c.schemaPattern()) + ")"));
        return String.join(", ", parts);
    }

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
        ServiceLauncher.run(args);
    }
}

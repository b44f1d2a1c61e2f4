package dev.migrator.examples.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One request from its headers' arrival to its answer's last byte. */
final class Exchange {

    /** The service's logger: its log lines are the service's, whichever class writes them. */
    private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);

    final Request request;
    final Response response;
    final Callback callback;
    final String method;
    final String path;
    final long started = System.nanoTime();
    final Connection connection;
    final AtomicBoolean answered = new AtomicBoolean();

    private final AtomicInteger inFlight;
    private final SlowClientGuard guard;

    /** Counts the request in {@code inFlight} and with the {@code guard} until its answer is written. */
    Exchange(Request request, Response response, Callback callback, AtomicInteger inFlight, SlowClientGuard guard) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.method = request.getMethod();
        String raw = request.getHttpURI().getPath();
        this.path = raw == null ? "" : raw;
        this.connection = request.getConnectionMetaData().getConnection();
        this.inFlight = inFlight;
        this.guard = guard;
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

    /** Writes an answer as the whole response: status, JSON body, headers; {@code done} when written or failed. */
    static void write(Response response, ApiResponse answer, Callback done) {
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
}

package dev.migrator.examples.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/** Jetty's read-and-demand loop over one request's body; exactly one of complete, 413, 408 or 400 happens. */
final class BodyReader implements Runnable {
    private final Exchange exchange;
    private final Consumer<byte[]> then;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final ScheduledFuture<?> deadline;
    private byte[] bytes = new byte[1024];
    private int size;

    private final ServiceConfig config;

    private BodyReader(Exchange exchange, ServiceConfig config, ScheduledExecutorService timer, Consumer<byte[]> then) {
        this.exchange = exchange;
        this.config = config;
        this.then = then;
        long timeout = config.clientTimeout().toMillis();
        this.deadline = timer.schedule(() -> settle(timedOut()), timeout, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the body as it arrives, without holding a thread, then passes it on. A declared length over the limit is
     * refused before anything is read; a body that grows past it, or has not arrived within the client timeout, ends
     * the request (413, 408) and the connection.
     */
    static void read(Exchange exchange, ServiceConfig config, ScheduledExecutorService timer, Consumer<byte[]> then)
            throws HttpError {
        String contentType = exchange.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(ApiResponse.error(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json, "
                    + "not " + RequestParser.clip(contentType) + "."));
        }
        if (exchange.request.getLength() > config.maxBodyBytes()) {
            throw new HttpError(tooLarge(config));
        }
        new BodyReader(exchange, config, timer, then).run();
    }

    private static ApiResponse tooLarge(ServiceConfig config) {
        return ApiResponse.error(413, "BODY_TOO_LARGE", "The request body is larger than " + config.maxBodyBytes()
                + " bytes; requests here are small JSON objects.").withHeader("Connection", "close");
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
                settle(tooLarge(config));
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

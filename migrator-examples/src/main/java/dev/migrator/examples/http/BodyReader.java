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

/**
 * Jetty's read-and-demand loop over one request's body; exactly one of complete, 413, 408 or 400 happens.
 *
 * <p>A body over the limit is read to its end and thrown away (up to {@link #DISCARD_LIMIT} bytes) before the 413 is
 * written: a server that answers and closes while the client is still sending leaves unread bytes in its socket,
 * and closing such a socket resets the connection, which can destroy the answer on its way to the client (it then
 * sees "no response" instead of the 413). HTTP servers call this a lingering close. The 413 is written without
 * waiting further when the client sends nothing for {@link #DISCARD_QUIET_MILLIS}, when more than
 * {@link #DISCARD_LIMIT} bytes came, or when it sent {@code Expect: 100-continue} (its body is then never read).
 */
final class BodyReader implements Runnable {

    /** The most a body over the limit is read (and discarded) for before the 413 is written and the connection closed. */
    static final long DISCARD_LIMIT = 4L * 1024 * 1024;

    /** How long a client over the limit may pause sending before its 413 is written anyway. */
    static final long DISCARD_QUIET_MILLIS = 1_000;

    private final Exchange exchange;
    private final Consumer<byte[]> then;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final ScheduledFuture<?> deadline;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> quiet;
    private byte[] bytes = new byte[1024];
    private int size;
    /** Bytes read past the limit and thrown away; positive once the body is known to be too large. */
    private long discarded;

    private final ServiceConfig config;

    private BodyReader(Exchange exchange, ServiceConfig config, ScheduledExecutorService timer, Consumer<byte[]> then) {
        this.exchange = exchange;
        this.config = config;
        this.then = then;
        this.timer = timer;
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
        long declared = exchange.request.getLength();
        if (declared > config.maxBodyBytes() && (declared > DISCARD_LIMIT || expectsContinue(exchange))) {
            throw new HttpError(tooLarge(config));
        }
        new BodyReader(exchange, config, timer, then).run();
    }

    private static boolean expectsContinue(Exchange exchange) {
        String expect = exchange.request.getHeaders().get(HttpHeader.EXPECT);
        return expect != null && expect.equalsIgnoreCase("100-continue");
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
            if (discarded > 0 || n > config.maxBodyBytes() - size) {
                discarded += n;
                boolean last = chunk.isLast();
                chunk.release();
                if (last || discarded > DISCARD_LIMIT) {
                    settle(tooLarge(config));
                    return;
                }
                restartQuietTimer();
                continue;
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

    private synchronized void restartQuietTimer() {
        if (quiet != null) {
            quiet.cancel(false);
        }
        quiet = timer.schedule(() -> settle(tooLarge(config)), DISCARD_QUIET_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void cancelQuietTimer() {
        if (quiet != null) {
            quiet.cancel(false);
        }
    }

    private ApiResponse timedOut() {
        if (discarded > 0) {
            return tooLarge(config);
        }
        return ApiResponse.error(408, "REQUEST_TIMEOUT", "The request's body did not arrive within "
                + config.clientTimeout().toMillis() + " ms (" + size + " bytes came); send the whole body at once.")
                .withHeader("Connection", "close");
    }

    private void settle(ApiResponse refusal) {
        if (settled.compareAndSet(false, true)) {
            deadline.cancel(false);
            cancelQuietTimer();
            exchange.answer(refusal);
        }
    }
}

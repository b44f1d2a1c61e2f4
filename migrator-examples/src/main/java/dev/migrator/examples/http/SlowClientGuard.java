package dev.migrator.examples.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection on which no request has been handled for longer than the client timeout. Jetty's idle timeout
 * alone does not bound a client that sends its headers one byte at a time: every byte restarts it, and 8 KiB of
 * headers at a byte a second would hold the connection for hours. A request being handled is never cut here (its body
 * has a deadline of its own, and a migration may rightly run for minutes); the clock starts again when its answer has
 * been written.
 */
final class SlowClientGuard implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);

    private final long timeoutNanos;
    private final Map<Connection, Watch> open = new ConcurrentHashMap<>();

    /** One connection: whether a request is being handled on it, and since when it has waited for one. */
    private static final class Watch {
        volatile boolean handling;
        volatile long since = System.nanoTime();
    }

    /** Looks at every open connection four times per {@code timeout}: a slow one is cut within 1.25 × timeout. */
    SlowClientGuard(Duration timeout, ScheduledExecutorService timer) {
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(25, timeout.toMillis() / 4);
        timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, new Watch());
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /** A request's headers have arrived on {@code connection}: it is no longer waiting for one. */
    void handling(Connection connection) {
        Watch w = open.get(connection);
        if (w != null) {
            w.handling = true;
        }
    }

    /** The answer on {@code connection} has been written: the next request has the client timeout to arrive. */
    void answered(Connection connection) {
        Watch w = open.get(connection);
        if (w != null) {
            w.since = System.nanoTime();
            w.handling = false;
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        open.forEach((connection, w) -> {
            if (!w.handling && now - w.since > timeoutNanos) {
                LOG.debug("Closing {}: no complete request within {} ms",
                        connection.getEndPoint().getRemoteSocketAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
                open.remove(connection);
                connection.getEndPoint().close();
            }
        });
    }
}

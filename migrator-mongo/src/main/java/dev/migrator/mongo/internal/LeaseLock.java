package dev.migrator.mongo.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.migrator.api.DatabaseException;
import dev.migrator.spi.TargetLock;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A target's lock on MongoDB: one lease document ({@code owner}, {@code acquired_at}, {@code expires_at}) in the
 * collection {@code <history>_lock} of the target database.
 *
 * <ul>
 *   <li>Taken by inserting the document, or by taking over a document whose lease has expired. Expiry is judged by
 *       the server's clock only (read with {@code hello}), so clients whose clocks disagree cannot steal a live lease.
 *   <li>Renewed by a background thread every third of the lease while the run is alive, so a long command never
 *       loses it; a crashed run's lease expires after at most one lease.
 *   <li>{@link #isHeld()} answers locally: the lease is held while the last confirmed renewal is younger than the
 *       lease less a safety margin, measured from before the renewal was sent, on this process's monotonic clock.
 *       It is cheap enough to ask before every command.
 *   <li>{@link #forceRelease()} deletes the document whoever holds it.
 * </ul>
 */
final class LeaseLock implements TargetLock {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLock.class);

    private static final String OWNER_PREFIX = ownerPrefix();

    private final MongoBackend backend;
    private final MongoCollection<Document> collection;
    private final String key;
    private final String where;
    private final long leaseNanos;
    private final long validNanos;
    private final String owner = OWNER_PREFIX + "/" + UUID.randomUUID();
    private ScheduledExecutorService renewer;
    private volatile boolean held;
    private volatile boolean lost;
    private volatile long confirmedAt;
    private volatile String lastHolder;

    LeaseLock(MongoBackend backend, MongoCollection<Document> collection, String key, String where) {
        this.backend = backend;
        this.collection = collection;
        this.key = key;
        this.where = where;
        this.leaseNanos = backend.lease().toNanos();
        // Margin for clock-rate drift between this process and the server: a tenth of the lease, at least 500 ms.
        this.validNanos = leaseNanos - Math.max(leaseNanos / 10, Duration.ofMillis(500).toNanos());
    }

    private static String ownerPrefix() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid() + " (" + ManagementFactory.getRuntimeMXBean().getName() + ")";
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        if (held) {
            throw new IllegalStateException("The lease " + describe() + " is already held by this session.");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        while (true) {
            if (attemptInterruptibly()) {
                startRenewing();
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left))));
            pause = Math.min(pause * 2, 1000);
        }
    }

    /**
     * One attempt, with an interrupt kept an interrupt: the driver reports one that lands inside its call as a
     * {@code MongoInterruptedException}, which would otherwise reach the caller as a database error, where
     * {@code TargetLock.tryAcquire} promises an {@link InterruptedException}.
     */
    private boolean attemptInterruptibly() throws InterruptedException {
        try {
            return attempt();
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof MongoInterruptedException || c instanceof InterruptedException) {
                    // Thrown as Thread.sleep throws it: the flag cleared, the interrupt now in the exception.
                    Thread.interrupted();
                    InterruptedException interrupted = new InterruptedException(
                            "Interrupted while taking the lock " + describe() + ".");
                    interrupted.initCause(e);
                    throw interrupted;
                }
            }
            throw e;
        }
    }

    private boolean attempt() {
        long sent = System.nanoTime();
        Instant now = backend.serverTime();
        Date expires = Date.from(now.plusNanos(leaseNanos));
        try {
            collection.insertOne(new Document("_id", key)
                    .append("owner", owner)
                    .append("acquired_at", Date.from(now))
                    .append("expires_at", expires)
                    .append("lease_ms", leaseNanos / 1_000_000));
            confirmed(sent);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw backend.translate("take the lock " + describe(), e);
            }
        } catch (MongoException e) {
            throw backend.translate("take the lock " + describe(), e);
        }
        try {
            Document previous = collection.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", key), Filters.lt("expires_at", Date.from(now))),
                    Updates.combine(Updates.set("owner", owner), Updates.set("acquired_at", Date.from(now)),
                            Updates.set("expires_at", expires), Updates.set("lease_ms", leaseNanos / 1_000_000)));
            if (previous != null) {
                confirmed(sent);
                LOG.warn("{}: took over the lock {}: the lease of {} expired at {} (server time {}); that run had crashed "
                        + "or lost its connection.", where, key, previous.get("owner"), dateOf(previous, "expires_at"), now);
                return true;
            }
            Document current = collection.find(Filters.eq("_id", key)).first();
            lastHolder = current == null ? null : current.get("owner") + " since " + dateOf(current, "acquired_at")
                    + ", lease until " + dateOf(current, "expires_at");
            return false;
        } catch (MongoException e) {
            throw backend.translate("take the lock " + describe(), e);
        }
    }

    private static Object dateOf(Document d, String field) {
        return d.get(field) instanceof Date date ? date.toInstant() : d.get(field);
    }

    private void confirmed(long sentNanos) {
        confirmedAt = sentNanos;
        held = true;
        lost = false;
    }

    private void startRenewing() {
        long period = Math.max(leaseNanos / 3, Duration.ofMillis(200).toNanos());
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "migrator-lease-" + key);
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.NANOSECONDS);
    }

    private void renew() {
        if (!held || lost) {
            return;
        }
        try {
            long sent = System.nanoTime();
            Instant now = backend.serverTime();
            UpdateResult r = collection.updateOne(Filters.and(Filters.eq("_id", key), Filters.eq("owner", owner)),
                    Updates.set("expires_at", Date.from(now.plusNanos(leaseNanos))));
            if (r.getMatchedCount() == 1) {
                confirmedAt = sent;
            } else {
                lost = true;
                LOG.error("{}: the lock {} is no longer ours: it was force-unlocked or taken over after our lease expired. "
                        + "The run stops before its next command.", where, key);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: could not renew the lease {} ({}); retrying. It stays valid for {} ms after the last renewal.",
                    where, key, e.getMessage(), TimeUnit.NANOSECONDS.toMillis(validNanos));
        }
    }

    @Override
    public boolean isHeld() {
        return held && !lost && System.nanoTime() - confirmedAt < validNanos;
    }

    /**
     * Fails when this session took the lease and no longer holds it; called before every command. Commands run
     * without the lock (a dry run's proof transaction) are not checked.
     *
     * @throws DatabaseException naming the lock and what to do
     */
    void checkBeforeCommand(String before) {
        if (held && !isHeld()) {
            throw new DatabaseException("Lost the lock " + describe() + " before " + before + ": "
                    + (lost ? "another run took it over or it was force-unlocked" : "its lease could not be renewed in time")
                    + ". Nothing more was run; check the history with status() and run migrate again.");
        }
    }

    @Override
    public void release() {
        stopRenewing();
        if (!held) {
            return;
        }
        held = false;
        try {
            collection.deleteOne(Filters.and(Filters.eq("_id", key), Filters.eq("owner", owner)));
        } catch (RuntimeException e) {
            LOG.warn("{}: could not delete the lease {} ({}); it expires by itself within {} ms.", where, key, e.getMessage(),
                    TimeUnit.NANOSECONDS.toMillis(leaseNanos));
        }
    }

    /** Deletes the lease document whoever holds it. */
    @Override
    public boolean forceRelease() {
        try {
            Document removed = collection.findOneAndDelete(Filters.eq("_id", key));
            if (removed != null) {
                LOG.warn("{}: force-unlocked {}, held by {} since {}", where, key, removed.get("owner"), dateOf(removed, "acquired_at"));
            }
            return removed != null;
        } catch (MongoException e) {
            throw backend.translate("force-unlock " + describe(), e);
        }
    }

    private void stopRenewing() {
        if (renewer != null) {
            renewer.shutdownNow();
            renewer = null;
        }
    }

    @Override
    public String describe() {
        String holder = lastHolder;
        return "lease " + collection.getNamespace() + " {_id: \"" + key + "\"} (lease " + backend.lease().toSeconds() + " s"
                + (holder == null || held ? "" : "; held by " + holder) + ")";
    }
}

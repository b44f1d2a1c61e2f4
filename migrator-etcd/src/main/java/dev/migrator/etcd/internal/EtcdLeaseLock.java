package dev.migrator.etcd.internal;

import dev.migrator.api.DatabaseException;
import dev.migrator.spi.TargetLock;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A target's lock on etcd, the etcd way: a key bound to a lease.
 *
 * <ul>
 *   <li>Taken by a transaction that creates the key only if it does not exist ({@code createRevision == 0}), attached
 *       to a lease granted for {@code lockTtl}. Nothing depends on clocks: the server ends the lease, and deletes the
 *       key with it, when no keep-alive arrived for a whole TTL, which happens when the holder dies.
 *   <li>Kept alive every third of the TTL by a background thread while the run is alive.
 *   <li>Every transaction of the run compares the key's creation revision with the one this lock created ({@link
 *       #guard()}), so a run that lost its lease can write nothing.
 *   <li>{@link #isHeld()} answers locally: held while the last confirmed keep-alive, measured from when it was sent, is
 *       younger than the TTL less a margin.
 *   <li>{@link #forceRelease()} deletes the key and revokes its lease, whoever holds it.
 * </ul>
 */
final class EtcdLeaseLock implements TargetLock {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdLeaseLock.class);

    /** The lock's key and the creation revision the holder's transactions compare it with. */
    record Guard(String key, long createRevision, EtcdLeaseLock lock) {
        boolean stillHeld() {
            return lock.stillOwned();
        }
    }

    private final EtcdBackend backend;
    private final String key;
    private final String where;
    private final long ttlSeconds;
    private final long validNanos;
    private final String owner;
    private ScheduledExecutorService renewer;
    private volatile long lease;
    private volatile long createRevision;
    private volatile boolean held;
    private volatile boolean lost;
    private volatile long confirmedAt;

    EtcdLeaseLock(EtcdBackend backend, String key, String where) {
        this.backend = backend;
        this.key = key;
        this.where = where;
        this.ttlSeconds = backend.lockTtl().toSeconds();
        long ttlNanos = backend.lockTtl().toNanos();
        this.validNanos = ttlNanos - Math.max(ttlNanos / 10, Duration.ofMillis(500).toNanos());
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        this.owner = host + ":" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        if (held) {
            throw new IllegalStateException("The lock " + describe() + " is already held by this session.");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long granted = grant();
        long grantedAt = System.nanoTime();
        boolean done = false;
        try {
            long pause = 10;
            String holder = null;
            while (true) {
                // A lease lives one TTL without keep-alives: a waiter renews its own before it could lapse, and takes
                // a new one when it lapsed all the same (a long pause of this process).
                if (System.nanoTime() - grantedAt > TimeUnit.SECONDS.toNanos(ttlSeconds) / 3) {
                    long sent = System.nanoTime();
                    if (keepAlive(granted)) {
                        grantedAt = sent;
                    } else {
                        granted = grant();
                        grantedAt = sent;
                    }
                }
                long sent = System.nanoTime();
                String value = "{\"owner\": \"" + owner + "\", \"acquired_at\": \"" + Instant.now() + "\", \"ttl_s\": "
                        + ttlSeconds + "}";
                TxnResponse response = interruptibly(backend.client().getKVClient().txn()
                        .If(new Cmp(EtcdKeys.bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                        .Then(Op.put(EtcdKeys.bytes(key), EtcdKeys.bytes(value), PutOption.builder().withLeaseId(granted).build()))
                        .Else(Op.get(EtcdKeys.bytes(key), GetOption.DEFAULT))
                        .commit(), "take the lock");
                if (response.isSucceeded()) {
                    lease = granted;
                    createRevision = response.getHeader().getRevision();
                    // The lease was confirmed alive when it was last granted or renewed, and the put would have
                    // failed on a lapsed one.
                    confirmedAt = Math.min(grantedAt, sent);
                    lost = false;
                    held = true;
                    done = true;
                    startRenewing();
                    return true;
                }
                if (!response.getGetResponses().isEmpty() && !response.getGetResponses().get(0).getKvs().isEmpty()) {
                    holder = EtcdKeys.text(response.getGetResponses().get(0).getKvs().get(0).getValue());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.debug("{}: the lock {} is held by {}", where, key, holder);
                    return false;
                }
                // Wait with reads, which etcd answers without a raft write: a failed transaction would cost a write
                // (and a disk sync) on every poll of every waiter, and slow down the holder's own transactions.
                while (true) {
                    Thread.sleep(Math.max(1, Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left))));
                    pause = Math.min(pause * 2, 50); // a read is cheap: hand the lock over quickly
                    left = deadline - System.nanoTime();
                    if (left <= 0 || interruptibly(backend.client().getKVClient().get(EtcdKeys.bytes(key),
                            GetOption.builder().withCountOnly(true).build()), "read the lock").getCount() == 0) {
                        break;
                    }
                    if (System.nanoTime() - grantedAt > TimeUnit.SECONDS.toNanos(ttlSeconds) / 3) {
                        break; // renew this waiter's lease first
                    }
                }
                if (left <= 0) {
                    return false;
                }
            }
        } finally {
            if (!done) {
                backend.client().getLeaseClient().revoke(granted); // not awaited: it expires by itself anyway
            }
        }
    }

    private long grant() throws InterruptedException {
        return interruptibly(backend.client().getLeaseClient().grant(ttlSeconds), "grant the lease of the lock").getID();
    }

    /** Renews a lease once; false when it is gone. */
    private boolean keepAlive(long id) throws InterruptedException {
        try {
            return interruptibly(backend.client().getLeaseClient().keepAliveOnce(id), "renew the lease of the lock").getTTL() > 0;
        } catch (dev.migrator.api.DatabaseException e) {
            if (String.valueOf(e.getMessage()).contains("lease not found")) {
                return false;
            }
            throw e;
        }
    }

    /** Waits for a call, an interrupt kept an {@link InterruptedException} as {@code tryAcquire} promises. */
    private <T> T interruptibly(CompletableFuture<T> future, String action) throws InterruptedException {
        try {
            return future.get(backend.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw backend.unreachable(action + " " + describe(), e);
        } catch (ExecutionException e) {
            throw backend.translate(action + " " + describe(), e.getCause() == null ? e : e.getCause());
        }
    }

    private void startRenewing() {
        long period = Math.max(TimeUnit.SECONDS.toNanos(ttlSeconds) / 3, Duration.ofMillis(200).toNanos());
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "migrator-etcd-lease-" + key);
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.NANOSECONDS);
    }

    private void renew() {
        if (!held || lost) {
            return;
        }
        long sent = System.nanoTime();
        try {
            LeaseKeepAliveResponse response = backend.client().getLeaseClient().keepAliveOnce(lease)
                    .get(TimeUnit.SECONDS.toMillis(ttlSeconds), TimeUnit.MILLISECONDS);
            if (response.getTTL() > 0) {
                confirmedAt = sent;
            } else {
                lost = true;
                LOG.error("{}: the lease of the lock {} has expired; the run stops before its next operation.", where, key);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String message = String.valueOf(e.getMessage());
            if (message.toLowerCase(java.util.Locale.ROOT).contains("lease not found")) {
                lost = true;
                LOG.error("{}: the lease of the lock {} is gone (expired or force-unlocked); the run stops before its next "
                        + "operation.", where, key);
            } else {
                LOG.warn("{}: could not renew the lease of the lock {} ({}); retrying. It stays valid for {} ms after the "
                        + "last renewal.", where, key, message, TimeUnit.NANOSECONDS.toMillis(validNanos));
            }
        }
    }

    @Override
    public boolean isHeld() {
        return held && !lost && System.nanoTime() - confirmedAt < validNanos;
    }

    /** What this session's transactions compare the lock with; {@code null} when it does not hold it. */
    Guard guard() {
        return held ? new Guard(key, createRevision, this) : null;
    }

    /** Whether the lock's key is still the one this lock created (asked after a failed transaction). */
    boolean stillOwned() {
        GetResponse response = backend.call(backend.client().getKVClient().get(EtcdKeys.bytes(key)), "read the lock");
        return !response.getKvs().isEmpty() && response.getKvs().get(0).getCreateRevision() == createRevision;
    }

    /**
     * Fails when this session took the lock and no longer holds it; called before every operation.
     *
     * @throws DatabaseException naming the lock and what to do
     */
    void checkBeforeCommand(String before) {
        if (held && !isHeld()) {
            throw new DatabaseException("Lost the lock " + describe() + " before " + before + ": "
                    + (lost ? "its lease expired or it was force-unlocked" : "its lease could not be kept alive in time")
                    + ". Nothing more was run; check the history with status() and run migrate again.");
        }
    }

    @Override
    public void release() {
        if (renewer != null) {
            renewer.shutdownNow();
            renewer = null;
        }
        if (!held) {
            return;
        }
        held = false;
        try {
            // Revoking the lease deletes the key with it.
            backend.call(backend.client().getLeaseClient().revoke(lease), "release the lock " + describe());
        } catch (RuntimeException e) {
            LOG.warn("{}: could not revoke the lease of the lock {} ({}); it expires by itself within {} s.", where, key,
                    e.getMessage(), ttlSeconds);
        }
    }

    /** Deletes the lock's key and revokes its lease, whoever holds it. */
    @Override
    public boolean forceRelease() {
        GetResponse response = backend.call(backend.client().getKVClient().get(EtcdKeys.bytes(key)), "read the lock " + describe());
        if (response.getKvs().isEmpty()) {
            return false;
        }
        KeyValue kv = response.getKvs().get(0);
        backend.call(backend.client().getKVClient().delete(EtcdKeys.bytes(key)), "force-unlock " + describe());
        if (kv.getLease() != 0) {
            try {
                backend.call(backend.client().getLeaseClient().revoke(kv.getLease()), "revoke the lock's lease");
            } catch (RuntimeException e) {
                LOG.debug("{}: the lock's lease was gone already ({})", where, e.getMessage());
            }
        }
        LOG.warn("{}: force-unlocked {}, held by {}", where, key, EtcdKeys.text(kv.getValue()));
        return true;
    }

    @Override
    public String describe() {
        return "etcd lease lock " + key;
    }
}

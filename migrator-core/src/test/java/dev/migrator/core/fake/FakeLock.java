package dev.migrator.core.fake;

import dev.migrator.spi.TargetLock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A target's lock: one permit per schema and history table in the database, held by one session at a time whatever
 * thread it runs on, and freed when that session closes (as a native lock is freed with its connection). Waiting is
 * real: {@link #tryAcquire} blocks up to its timeout.
 */
final class FakeLock implements TargetLock {

    private final FakeDatabase db;
    private final String key;
    private Semaphore permit;
    private boolean held;
    /** The database's lock epoch when this lock was taken. */
    private int epoch;

    FakeLock(FakeDatabase db, String schema, String historyTable) {
        this.db = db;
        this.key = schema + "." + historyTable;
    }

    @Override
    public synchronized boolean tryAcquire(Duration timeout) throws InterruptedException {
        if (isHeld()) {
            return true;
        }
        held = false;
        epoch = db.lockEpoch();
        permit = db.lock(key);
        held = timeout.isZero() ? permit.tryAcquire() : permit.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return held;
    }

    @Override
    public synchronized boolean isHeld() {
        return held && epoch == db.lockEpoch();
    }

    @Override
    public synchronized void release() {
        if (held) {
            held = false;
            permit.release();
        }
    }

    @Override
    public String describe() {
        return "fake lock " + db.name() + "/" + key;
    }
}

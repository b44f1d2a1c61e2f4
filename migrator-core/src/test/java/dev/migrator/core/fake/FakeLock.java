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

    private final Semaphore permit;
    private final String key;
    private boolean held;

    FakeLock(FakeDatabase db, String schema, String historyTable) {
        this.key = db.name() + "/" + schema + "." + historyTable;
        this.permit = db.lock(schema + "." + historyTable);
    }

    @Override
    public synchronized boolean tryAcquire(Duration timeout) throws InterruptedException {
        if (held) {
            return true;
        }
        held = timeout.isZero() ? permit.tryAcquire() : permit.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return held;
    }

    @Override
    public synchronized boolean isHeld() {
        return held;
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
        return "fake lock " + key;
    }
}

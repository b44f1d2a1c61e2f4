package dev.migrator.core.internal.schema;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * The engine's rule for statements that time out waiting for a lock: how long each may wait, how many times one runs
 * in all, and the pause before the next attempt (exponential from {@link #FIRST_BACKOFF}, capped, with jitter so that
 * two instances blocked by the same session do not come back in step).
 *
 * @param timeout each statement's lock wait; zero leaves the session's own setting (and retries nothing)
 * @param attempts how many times a statement runs in all; 1 fails at the first time-out
 * @param maxBackoff the longest pause
 */
record LockRetryRule(Duration timeout, int attempts, Duration maxBackoff) {

    /** The pause after a statement's first time-out, doubled after each further one. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    /** Whether statements are limited at all. */
    boolean enabled() {
        return !timeout.isZero();
    }

    /**
     * The pause after the {@code attempt}-th time-out of a statement: {@code min(maxBackoff, 500 ms * 2^(attempt-1))}
     * less a random part of up to half of it.
     *
     * @param random given the bound (exclusive, at least 1), a value from 0 below it
     */
    Duration backoff(int attempt, LongUnaryOperator random) {
        long cap = maxBackoff.toNanos();
        long full = FIRST_BACKOFF.toNanos();
        for (int i = 1; i < attempt && full < cap; i++) {
            full *= 2;
        }
        full = Math.min(full, cap);
        return Duration.ofNanos(full - random.applyAsLong(full / 2 + 1));
    }
}

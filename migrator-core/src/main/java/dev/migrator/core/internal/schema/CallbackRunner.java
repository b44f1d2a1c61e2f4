package dev.migrator.core.internal.schema;

import dev.migrator.api.CallbackEvent;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.spi.TargetSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a target's callbacks of one event through the script executor (placeholders, statement splitting and failure
 * messages are a script's), either inside the transaction the caller has open or in one of their own. Callbacks write
 * no history. One instance per command run; not thread-safe.
 */
final class CallbackRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackRunner.class);

    private final TargetScope scope;
    private final ScriptExecutor executor;
    private final ScriptFailures failures;

    CallbackRunner(TargetScope scope, ScriptExecutor executor) {
        this.scope = scope;
        this.executor = executor;
        this.failures = new ScriptFailures(scope.target(), scope.backend().product());
    }

    /** Whether {@code event} has callbacks here. */
    boolean any(CallbackEvent event) {
        return scope.resolved().callbacks().any(event);
    }

    /**
     * Runs the event's callbacks on the session as it is: inside the caller's transaction when one is open (so a
     * failure undoes it with the caller's work when the caller rolls back), else each statement commits by itself.
     *
     * @throws Failed naming the callback and its statement; the caller decides what the failure undoes
     */
    void inCurrent(TargetSession session, CallbackEvent event) {
        for (LoadedScript callback : scope.resolved().callbacks().of(event)) {
            Work work = executor.prepare(callback, callback.up());
            try {
                executor.execute(session, work, 0);
            } catch (RuntimeException e) {
                throw new Failed(callback, work, e);
            }
            LOG.debug("{}: ran {}", scope.target(), callback.label());
        }
    }

    /**
     * Runs the event's callbacks each in a transaction of its own where it is transactional (else each statement
     * commits by itself).
     *
     * @throws ScriptFailedException naming the callback and its statement, its transaction rolled back
     */
    void ownTransaction(TargetSession session, CallbackEvent event) {
        for (LoadedScript callback : scope.resolved().callbacks().of(event)) {
            Work work = executor.prepare(callback, callback.up());
            boolean inTransaction = false;
            try {
                if (work.transactional()) {
                    session.begin();
                    inTransaction = true;
                }
                executor.execute(session, work, 0);
                if (inTransaction) {
                    inTransaction = false;
                    session.commit();
                }
            } catch (RuntimeException e) {
                if (inTransaction) {
                    session.rollback();
                }
                boolean rolledBack = inTransaction && scope.backend().transactionalDdl();
                throw failures.callback(callback, work, e, rolledBack
                        ? "Nothing of the callback was applied (its transaction was rolled back)."
                        : scope.backend().product() + " committed the statements before the failing one.");
            }
            LOG.debug("{}: ran {}", scope.target(), callback.label());
        }
    }

    /** A callback failed inside the caller's transaction: the caller rolls back, then tells it with {@link #failure}. */
    final class Failed extends RuntimeException {
        private final LoadedScript callback;
        private final Work work;

        Failed(LoadedScript callback, Work work, RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.callback = callback;
            this.work = work;
        }

        /** The failure users read, {@code outcome} saying what became of the caller's work. */
        ScriptFailedException failure(String outcome) {
            return failures.callback(callback, work, getCause(), outcome);
        }
    }
}

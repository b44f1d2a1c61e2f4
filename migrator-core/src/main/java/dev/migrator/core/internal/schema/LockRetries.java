package dev.migrator.core.internal.schema;

import dev.migrator.api.MigrationEvent;
import dev.migrator.spi.LockWaitLimit;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TargetSession;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One script's lock wait limit and its retries. A DDL statement that waits for a lock (behind a transaction that read
 * the table) queues every later query on that table behind itself, so the application stalls for as long as the DDL
 * waits; with a short limit the statement gives up instead, the queue drains, and after a pause it runs again.
 *
 * <p>What runs again is exactly what the failure undid: in a transaction (a transactional script, or a group of a
 * script run outside one) the caller rolls the transaction back and runs it again from its first statement; a
 * statement in autocommit runs again alone. Savepoints before each statement were the other way for a transaction;
 * they were not chosen because they cost a round trip per statement when nothing blocks (the common case), make
 * PostgreSQL keep a subtransaction per statement (many of them slow every session's snapshots), and keep the locks of
 * the earlier statements while pausing, which blocks the application on those tables for the whole back-off; a rollback
 * frees every lock during the pause, at the price of running the earlier statements of the script again.
 *
 * <p>Limited are the statements of SQL scripts whose failure is undone exactly: a transaction on a database whose DDL is
 * transactional, or statements outside a transaction. Not limited: Java migrations (the code may not be safe to run
 * again), a script forced into a transaction on a database that commits DDL by itself (its earlier DDL would run twice),
 * statements that must run outside a transaction (PostgreSQL's {@code CREATE INDEX CONCURRENTLY} waits without blocking
 * anyone, by design, and a cancelled one leaves an invalid index behind), and sessions without the capability
 * (MongoDB). Not thread-safe; one per script run.
 */
final class LockRetries {

    private static final Logger LOG = LoggerFactory.getLogger(LockRetries.class);

    /**
     * Why a script failed when its statement kept timing out: the message's details.
     *
     * @param attempts the attempts made, each timed out
     * @param timeout each attempt's limit
     * @param lastWait how long the last attempt ran before it timed out
     * @param settingName the database's setting
     * @param blockersQuery the query that finds the blocking session
     */
    record GaveUp(int attempts, Duration timeout, Duration lastWait, String settingName, String blockersQuery) {}

    /** Nothing limited and nothing retried. */
    static final LockRetries NONE = new LockRetries(null, null, null, null);

    private final TargetScope scope;
    private final LoadedScript script;
    private final LockRetryRule rule;
    private final LockWaitLimit limit;
    private int lastIndex = -1;
    private int timeouts;
    private int retries;

    private LockRetries(TargetScope scope, LoadedScript script, LockRetryRule rule, LockWaitLimit limit) {
        this.scope = scope;
        this.script = script;
        this.rule = rule;
        this.limit = limit;
    }

    /** The retries of {@code work} on {@code session}, or {@link #NONE} where the rule does not apply (see above). */
    static LockRetries of(TargetScope scope, TargetSession session, Work work) {
        LockRetryRule rule = scope.settings().lockRetry();
        if (!rule.enabled() || work.isCode() || (work.transactional() && !scope.backend().transactionalDdl())) {
            return NONE;
        }
        return session.lockWaitLimit().map(l -> new LockRetries(scope, work.script(), rule, l)).orElse(NONE);
    }

    /** Limits the session's statements from now on; call outside a transaction, and {@link #restore()} in a finally. */
    void apply() {
        if (limit != null) {
            limit.apply(rule.timeout());
        }
    }

    /**
     * Puts the session's own setting back; never throws (the session tries again when it closes), so that it cannot
     * hide the script's own outcome.
     */
    void restore() {
        if (limit == null) {
            return;
        }
        try {
            limit.restore();
        } catch (RuntimeException e) {
            LOG.warn("{}: could not restore the session's {} after {}: {}; the session tries again when it closes.",
                    scope.target(), limit.settingName(), script.label(), e.getMessage());
        }
    }

    /**
     * Runs a statement in autocommit: one that must run outside a transaction runs with the session's own setting (see
     * above).
     */
    void execute(TargetSession session, ParsedStatement statement) {
        if (limit == null || !statement.requiresNoTransaction()) {
            session.execute(statement);
            return;
        }
        limit.restore();
        try {
            session.execute(statement);
        } finally {
            limit.apply(rule.timeout());
        }
    }

    /** How many times a statement of the script ran again. */
    int retries() {
        return retries;
    }

    /**
     * After a failed attempt whose transaction, if any, the caller rolled back: when it is a statement's lock time-out
     * with attempts left, reports the retry (event, warning), pauses and returns {@code true}; the caller then runs
     * again from {@link WorkFailure#completed}. Otherwise {@code false}, and the caller reports {@link
     * #outcome(RuntimeException)}.
     */
    boolean again(RuntimeException error) {
        WorkFailure wf = timedOut(error);
        if (wf == null) {
            return false;
        }
        if (wf.index != lastIndex) {
            lastIndex = wf.index;
            timeouts = 0;
        }
        timeouts++;
        if (timeouts >= rule.attempts()) {
            return false;
        }
        Duration backoff = rule.backoff(timeouts, bound -> ThreadLocalRandom.current().nextLong(bound));
        scope.events().accept(new MigrationEvent.StatementLockRetry(scope.target(), script.version(), script.name(), wf.index,
                timeouts, wf.statementTime, backoff));
        LOG.warn("{}: statement {} of {} (line {}) timed out after {} ms waiting for a lock (attempt {} of {}); running"
                        + " it again in {} ms. Another session holds a conflicting lock, usually a transaction left open on"
                        + " the table; if this repeats, find it with: {}",
                scope.target(), wf.index, script.label(), wf.statement.line(), wf.statementTime.toMillis(), timeouts,
                rule.attempts(), backoff.toMillis(), limit.blockersQuery());
        try {
            Thread.sleep(backoff.toMillis(), (int) (backoff.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            // Asked to stop: the time-out is reported as the script's failure, recorded like any other.
            Thread.currentThread().interrupt();
            return false;
        }
        retries++;
        return true;
    }

    /** The failure to report for {@code error}: a statement's last lock time-out says so; any other stays as it is. */
    RuntimeException outcome(RuntimeException error) {
        WorkFailure wf = timedOut(error);
        return wf == null ? error : wf.gaveUp(new GaveUp(timeouts, rule.timeout(), wf.statementTime, limit.settingName(), limit.blockersQuery()));
    }

    /** The failure as a statement's lock time-out, or {@code null} when it is another failure. */
    private WorkFailure timedOut(RuntimeException error) {
        if (limit != null && error instanceof WorkFailure wf && wf.statement != null
                && wf.getCause() instanceof StatementException se && limit.timedOut(se)) {
            return wf;
        }
        return null;
    }
}

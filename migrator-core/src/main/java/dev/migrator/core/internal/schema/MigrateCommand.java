package dev.migrator.core.internal.schema;

import static dev.migrator.core.internal.schema.ScriptFailures.Direction.UP;

import dev.migrator.api.CallbackEvent;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ExecutedScript;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.Target;
import dev.migrator.api.TargetResult;
import dev.migrator.api.Version;
import dev.migrator.spi.Backend;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.TargetSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Migrate on one target: every pending script (and a failed one to resume) in order, under the target's lock. */
final class MigrateCommand {

    private static final Logger LOG = LoggerFactory.getLogger(MigrateCommand.class);

    private final TargetScope scope;
    private final Target target;
    private final Backend backend;
    private final Consumer<MigrationEvent> events;
    private final PendingRules rules;
    private final ScriptExecutor executor;
    private final ScriptFailures failures;
    private final HistoryRows rows;
    private final CallbackRunner callbacks;

    public MigrateCommand(TargetScope scope) {
        this.scope = scope;
        this.target = scope.target();
        this.backend = scope.backend();
        this.events = scope.events();
        this.rules = new PendingRules(scope);
        this.executor = new ScriptExecutor(scope);
        this.failures = new ScriptFailures(target, backend.product());
        this.rows = scope.rows();
        this.callbacks = new CallbackRunner(scope, executor);
    }

    public TargetResult run(MigrateOptions options) {
        Instant start = Instant.now();
        if (options.singleTransaction() && !backend.transactionalDdl()) {
            throw new ConfigurationException("singleTransaction was asked for " + target + ", but " + backend.product()
                    + " here commits each statement at once (DDL is not transactional, or the server has no transactions), so one "
                    + "transaction cannot undo a failed run. Migrate without it.");
        }
        try (TargetSession session = scope.openSession()) {
            // Read without the lock first: when nothing is pending (every application start after the first) no
            // lock is taken at all. Nothing is written on this path; any write happens after taking the lock and
            // reading the history again.
            if (session.schemaExists()) {
                HistoryAnalysis quick = scope.analyse(session.history().read(), options.outOfOrder());
                // beforeMigrate and afterMigrate run on a migrate with nothing to apply too (as Flyway's): then the lock
                // is taken for them.
                if (quick.failed == null && rules.pending(quick, options).isEmpty() && quick.pendingRepeatables.isEmpty()
                        && !callbacks.any(CallbackEvent.BEFORE_MIGRATE) && !callbacks.any(CallbackEvent.AFTER_MIGRATE)) {
                    rules.check(quick, options);
                    LOG.info("{}: up to date at version {}, nothing to migrate", target, quick.current().map(Version::toString).orElse("<none>"));
                    events.accept(new MigrationEvent.TargetStarted(target, 0));
                    Duration took = Duration.between(start, Instant.now());
                    events.accept(new MigrationEvent.TargetFinished(target, 0, took));
                    return new TargetResult(target, List.of(), quick.current(), took);
                }
            } else if (!scope.settings().createSchemas()) {
                // Refused before the lock: taking it may create the schema (MongoDB keeps its lease in a collection
                // of the target database), and createSchemas(false) promises that nothing is created.
                throw missingSchema();
            }
            return new LockGuard(scope).underLock(session, lock -> migrateLocked(session, lock, options, start));
        }
    }

    private ConfigurationException missingSchema() {
        return new ConfigurationException("Schema " + scope.resolved().schema() + " of " + target
                + " does not exist and createSchemas is off. Create it, or enable createSchemas(true).");
    }

    private TargetResult migrateLocked(TargetSession session, LockGuard.Held lock, MigrateOptions options, Instant start) {
        if (!session.schemaExists()) {
            if (!scope.settings().createSchemas()) {
                throw missingSchema();
            }
            LOG.info("{}: creating schema {}", target, scope.resolved().schema());
            session.createSchema();
        }
        session.history().createIfMissing();
        try {
            callbacks.ownTransaction(session, CallbackEvent.BEFORE_MIGRATE);
            TargetResult result = migrateScripts(session, lock, options, start);
            callbacks.ownTransaction(session, CallbackEvent.AFTER_MIGRATE);
            return result;
        } catch (RuntimeException e) {
            // Every transaction of the run is closed by now (a failing script's was rolled back): the error callback
            // runs in its own, and its failure is told beside the run's, never instead of it.
            try {
                callbacks.ownTransaction(session, CallbackEvent.AFTER_MIGRATE_ERROR);
            } catch (RuntimeException callbackFailed) {
                e.addSuppressed(callbackFailed);
                LOG.warn("{}: {}", target, callbackFailed.getMessage());
            }
            throw e;
        }
    }

    private TargetResult migrateScripts(TargetSession session, LockGuard.Held lock, MigrateOptions options, Instant start) {
        HistoryAnalysis analysis = scope.analyse(session.history().read(), options.outOfOrder());
        rules.check(analysis, options);
        List<LoadedScript> pending = rules.pending(analysis, options);
        List<ExecutedScript> applied = new ArrayList<>();
        int total = pending.size() + (analysis.failed != null ? 1 : 0) + analysis.pendingRepeatables.size();
        events.accept(new MigrationEvent.TargetStarted(target, total));
        LOG.info("{}: {} script(s) to apply, current version {}", target, total,
                analysis.current().map(Version::toString).orElse("<none>"));
        if (analysis.failed != null) {
            // resumeFailed: check() already refused the run otherwise.
            applied.add(runUp(session, lock, analysis.failedScript, analysis.failed.rank(), analysis.failed));
        }
        if (options.singleTransaction()) {
            applied.addAll(runAllInOneTransaction(session, lock, pending, analysis.nextRank));
        } else {
            int rank = analysis.nextRank;
            for (LoadedScript script : pending) {
                applied.add(runUp(session, lock, script, rank++, null));
            }
        }
        // Repeatable scripts run after the versioned ones, so they see the schema those built.
        int rank = analysis.nextRank + pending.size();
        List<String> repeatables = new ArrayList<>();
        for (LoadedScript repeatable : analysis.pendingRepeatables) {
            repeatables.add(runRepeatable(session, lock, repeatable, rank++));
        }
        Version current = applied.isEmpty() ? analysis.current : applied.get(applied.size() - 1).version();
        if (analysis.current != null && current != null && analysis.current.compareTo(current) > 0) {
            current = analysis.current;
        }
        Duration took = Duration.between(start, Instant.now());
        events.accept(new MigrationEvent.TargetFinished(target, applied.size() + repeatables.size(), took));
        LOG.info("{}: applied {} script(s) and {} repeatable script(s) in {} ms, now at version {}", target, applied.size(),
                repeatables.size(), took.toMillis(), current);
        return new TargetResult(target, applied, Optional.ofNullable(current), took, repeatables);
    }

    /**
     * Runs a repeatable script whole (in a transaction where it is transactional) and records each run as a new history
     * row: applied, or failed in autocommit after the rollback so that status shows it. A failed run blocks nothing; the
     * next migrate runs the script again from its first statement.
     */
    private String runRepeatable(TargetSession session, LockGuard.Held lock, LoadedScript script, int rank) {
        lock.requireHeld();
        Work work = executor.prepare(script, script.up());
        events.accept(new MigrationEvent.RepeatableStarted(target, script.name()));
        long t0 = System.nanoTime();
        // A statement that times out waiting for a lock runs the script again from its first statement, inside a
        // transaction or not: a repeatable script is written to be run again (CREATE OR REPLACE...).
        LockRetries retries = LockRetries.of(scope, session, work);
        retries.apply();
        try {
            while (true) {
                String applied = tryRepeatable(session, script, work, rank, t0, retries);
                if (applied != null) {
                    return applied;
                }
            }
        } finally {
            retries.restore();
        }
    }

    /** One attempt of a repeatable script: its name, or {@code null} when it timed out on a lock and runs again. */
    private String tryRepeatable(TargetSession session, LoadedScript script, Work work, int rank, long t0,
            LockRetries retries) {
        boolean inTransaction = false;
        int completed = 0;
        try {
            if (work.transactional()) {
                session.begin();
                inTransaction = true;
            }
            callbacks.inCurrent(session, CallbackEvent.BEFORE_EACH_MIGRATE);
            completed = executor.execute(session, work, 0);
            callbacks.inCurrent(session, CallbackEvent.AFTER_EACH_MIGRATE);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            session.history().insert(rows.applied(script, rank, work.count(), took));
            if (inTransaction) {
                inTransaction = false;
                session.commit();
            }
            events.accept(new MigrationEvent.RepeatableSucceeded(target, script.name(), took));
            LOG.info("{}: applied repeatable {} in {} ms", target, script.label(), took.toMillis());
            return script.name();
        } catch (RuntimeException caught) {
            if (inTransaction) {
                session.rollback();
            }
            if (retries.again(caught)) {
                return null;
            }
            RuntimeException e = retries.outcome(caught);
            boolean rolledBack = inTransaction && backend.transactionalDdl();
            int done = WorkFailure.completedOr(e, completed);
            ScriptFailedException failure;
            if (e instanceof CallbackRunner.Failed callbackFailed) {
                failure = callbackFailed.failure(rolledBack
                        ? "It ran in the transaction of " + script.label() + ", which was rolled back: nothing of it was applied."
                        : "It ran around " + script.label() + ", whose statements stay applied.");
            } else {
                failure = rolledBack ? failures.rolledBack(UP, script, work, e) : failures.leftApplied(UP, script, work, e, done);
            }
            try {
                session.history().insert(rows.inProgress(script, rank, rolledBack ? 0 : done));
            } catch (RuntimeException recordFailed) {
                failure.addSuppressed(recordFailed);
                LOG.warn("{}: could not record the failure of {} in the history: {}", target, script.label(),
                        recordFailed.getMessage());
            }
            events.accept(new MigrationEvent.RepeatableFailed(target, script.name(), failure));
            throw failure;
        }
    }

    /**
     * Runs each-script callbacks around a script that runs outside a transaction: they commit as they run, so a failure
     * undoes nothing; {@code outcome} says what became of the script.
     */
    private void eachOutside(TargetSession session, CallbackEvent event, LoadedScript script, String outcome) {
        try {
            callbacks.inCurrent(session, event);
        } catch (CallbackRunner.Failed e) {
            ScriptFailedException failure = e.failure(outcome);
            events.accept(new MigrationEvent.ScriptFailed(target, script.version(), script.name(), false, failure));
            throw failure;
        }
    }

    private ProgressMarker marker(TargetSession session, LoadedScript script, int rank, HistoryRow resume) {
        return resume == null ? ProgressMarker.fresh(session, script, rank, rows) : ProgressMarker.resumed(session, script, rank, rows);
    }

    private ExecutedScript runUp(TargetSession session, LockGuard.Held lock, LoadedScript script, int rank, HistoryRow resume) {
        lock.requireHeld();
        Work work = executor.prepare(script, script.up());
        int from = resume == null ? 0 : resume.statementsCompleted();
        if (resume != null && !work.isCode() && from > work.count()) {
            throw new ConfigurationException("Cannot resume " + script.label() + " on " + target + ": the history says "
                    + from + " statements completed but the script now has " + work.count()
                    + ". Undo the completed statements by hand and run repair() instead.");
        }
        events.accept(new MigrationEvent.ScriptStarted(target, script.version(), script.name(), false));
        events.accept(new MigrationEvent.ScriptStatements(target, script.version(), script.name(), false, work.count()));
        LockRetries retries = LockRetries.of(scope, session, work);
        if (!work.transactional()) {
            eachOutside(session, CallbackEvent.BEFORE_EACH_MIGRATE, script, "Nothing of " + script.label() + " ran.");
            ExecutedScript done;
            // Applied outside any transaction (a rollback would undo it) and put back after the script, whatever its
            // outcome: the connection may be the caller's own.
            retries.apply();
            try {
                done = runUpMarked(session, script, work, rank, resume, from, retries);
            } finally {
                retries.restore();
            }
            eachOutside(session, CallbackEvent.AFTER_EACH_MIGRATE, script, script.label()
                    + " ran outside a transaction and stays applied and recorded.");
            return done;
        }
        retries.apply();
        try {
            return runUpInTransaction(session, script, work, rank, resume, from, retries);
        } finally {
            retries.restore();
        }
    }

    /**
     * Runs a script in one transaction. A statement that timed out waiting for a lock rolls the whole transaction back
     * (the database aborts it anyway) and the script runs again from its start after a pause, so that no lock of the
     * script is held while it pauses ({@link LockRetries}).
     */
    private ExecutedScript runUpInTransaction(TargetSession session, LoadedScript script, Work work, int rank,
            HistoryRow resume, int from, LockRetries retries) {
        long t0 = System.nanoTime();
        ProgressMarker marker = marker(session, script, rank, resume);
        while (true) {
            boolean inTransaction = false;
            int completed = from;
            try {
                session.begin();
                inTransaction = true;
                callbacks.inCurrent(session, CallbackEvent.BEFORE_EACH_MIGRATE);
                completed = executor.execute(session, work, from);
                callbacks.inCurrent(session, CallbackEvent.AFTER_EACH_MIGRATE);
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                marker.successInTransaction(work.count(), took);
                session.commit();
                inTransaction = false;
                marker.transactionCommitted();
                return succeeded(script, work, took, retries.retries());
            } catch (RuntimeException caught) {
                int done = WorkFailure.completedOr(caught, completed);
                if (inTransaction) {
                    session.rollback();
                    marker.transactionRolledBack();
                }
                // Only on a database whose DDL is transactional (LockRetries.of): the rollback undid the whole script.
                if (inTransaction && retries.again(caught)) {
                    continue;
                }
                RuntimeException e = retries.outcome(caught);
                boolean rolledBack = inTransaction && backend.transactionalDdl();
                ScriptFailedException failure;
                if (e instanceof CallbackRunner.Failed callbackFailed && rolledBack) {
                    failure = callbackFailed.failure("It ran in the transaction of " + script.label()
                            + ", which was rolled back: nothing of that script was applied.");
                } else if (e instanceof CallbackRunner.Failed callbackFailed) {
                    failure = callbackFailed.failure("It ran in the transaction of " + script.label() + ", which was rolled "
                            + "back, but " + backend.product() + " had committed its DDL already: the script is recorded as "
                            + "failed after " + done + " statement(s); check it, then migrate with resumeFailed(true) or run "
                            + "repair().");
                    recordFailure(marker, script, done, failure);
                } else if (rolledBack) {
                    failure = failures.rolledBack(UP, script, work, e);
                } else {
                    failure = failures.leftApplied(UP, script, work, e, done);
                    recordFailure(marker, script, done, failure);
                }
                events.accept(new MigrationEvent.ScriptFailed(target, script.version(), script.name(), false, failure));
                throw failure;
            }
        }
    }

    /**
     * Runs a script outside a transaction. Each statement that commits by itself could be the last thing a run does
     * before it dies (killed, out of memory, power lost), so it must leave a trace: the script is recorded as failed
     * before such a statement and its progress after it, and the success replaces that entry at the end. The next run
     * then refuses with the script's name and the statements known to be done instead of re-running them blindly.
     *
     * <p>Statements that are {@link ParsedStatement#groupable() groupable} (DML, and PostgreSQL's transactional DDL)
     * pay for that trace once per group instead: consecutive ones run in one transaction together with the history
     * write that counts them (the first write of the entry, or the success itself when the group ends the script), so
     * the count is exactly as durable as the statements. A group ends before a statement that is not groupable, after
     * {@link ScriptExecutor#GROUP_MAX_STATEMENTS} statements, or once it has run {@link ScriptExecutor#GROUP_MAX_NANOS},
     * so that it never becomes a long transaction holding locks. When a statement of a group fails, the whole group is
     * rolled back (PostgreSQL aborts the transaction anyway, and MySQL does on a deadlock): the history counts the
     * statements before the group. A script that asked for no transaction itself is not grouped: each of its statements
     * commits by itself.
     */
    private ExecutedScript runUpMarked(TargetSession session, LoadedScript script, Work work, int rank, HistoryRow resume, int from,
            LockRetries retries) {
        long t0 = System.nanoTime();
        ProgressMarker marker = marker(session, script, rank, resume);
        int completed = from;
        try {
            boolean succeeded;
            if (work.isCode()) {
                // Java code may do anything: recorded before it runs, as a statement that commits by itself.
                if (!marker.committed()) {
                    marker.progressNow(0);
                }
                completed = executor.execute(session, work, from);
                succeeded = false;
            } else {
                succeeded = executor.executeMarked(session, work, from, marker, t0, retries);
                completed = work.count();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (!succeeded) {
                marker.successNow(work.count(), took); // every statement is applied; only this record may fail
            }
            return succeeded(script, work, took, retries.retries());
        } catch (RuntimeException e) {
            int stays = WorkFailure.completedOr(e, completed);
            ScriptFailedException failure = failures.leftApplied(UP, script, work, e, stays);
            recordFailure(marker, script, stays, failure);
            events.accept(new MigrationEvent.ScriptFailed(target, script.version(), script.name(), false, failure));
            throw failure;
        }
    }

    private ExecutedScript succeeded(LoadedScript script, Work work, Duration took, int lockRetries) {
        events.accept(new MigrationEvent.ScriptSucceeded(target, script.version(), script.name(), false, took));
        if (lockRetries > 0) {
            LOG.info("{}: applied {} in {} ms, after {} lock retries", target, script.label(), took.toMillis(), lockRetries);
        } else {
            LOG.info("{}: applied {} in {} ms", target, script.label(), took.toMillis());
        }
        return new ExecutedScript(target, script.version(), script.name(), work.count(), took, lockRetries);
    }

    private List<ExecutedScript> runAllInOneTransaction(TargetSession session, LockGuard.Held lock, List<LoadedScript> pending,
            int firstRank) {
        List<ExecutedScript> applied = new ArrayList<>();
        List<Work> works = new ArrayList<>();
        for (LoadedScript s : pending) {
            Work w = executor.prepare(s, s.up());
            if (!w.transactional()) {
                throw new ConfigurationException("singleTransaction cannot include " + s.label()
                        + ": it must run outside a transaction. Migrate it on its own first (migrateTo its version).");
            }
            works.add(w);
        }
        lock.requireHeld();
        session.begin();
        int rank = firstRank;
        LoadedScript current = null;
        Work currentWork = null;
        try {
            for (int i = 0; i < pending.size(); i++) {
                current = pending.get(i);
                currentWork = works.get(i);
                events.accept(new MigrationEvent.ScriptStarted(target, current.version(), current.name(), false));
                events.accept(new MigrationEvent.ScriptStatements(target, current.version(), current.name(), false,
                        currentWork.count()));
                long t0 = System.nanoTime();
                callbacks.inCurrent(session, CallbackEvent.BEFORE_EACH_MIGRATE);
                executor.execute(session, currentWork, 0);
                callbacks.inCurrent(session, CallbackEvent.AFTER_EACH_MIGRATE);
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                ProgressMarker.fresh(session, current, rank++, rows).successInTransaction(currentWork.count(), took);
                applied.add(new ExecutedScript(target, current.version(), current.name(), currentWork.count(), took));
            }
            session.commit();
        } catch (RuntimeException e) {
            session.rollback();
            ScriptFailedException failure = e instanceof CallbackRunner.Failed callbackFailed
                    ? callbackFailed.failure("It ran in the one transaction of this run, which was rolled back: nothing of "
                            + "the run was applied.")
                    : failures.rolledBack(UP, current, currentWork, e);
            if (current != null) {
                events.accept(new MigrationEvent.ScriptFailed(target, current.version(), current.name(), false, failure));
            }
            throw failure;
        }
        for (ExecutedScript e : applied) {
            events.accept(new MigrationEvent.ScriptSucceeded(target, e.version(), e.name(), false, e.duration()));
        }
        return applied;
    }

    /** Records a script run outside a transaction as failed after {@code completed} statements, in autocommit. */
    private void recordFailure(ProgressMarker marker, LoadedScript script, int completed, ScriptFailedException failure) {
        try {
            marker.progressNow(completed);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.warn("{}: could not record the failure of {} in the history: {}", target, script.label(), e.getMessage());
        }
    }
}

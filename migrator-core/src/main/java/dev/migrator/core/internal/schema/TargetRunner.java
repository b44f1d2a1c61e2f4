package dev.migrator.core.internal.schema;

import dev.migrator.core.internal.Engine;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DatabaseException;
import dev.migrator.api.DryRunResult;
import dev.migrator.api.ExecutedScript;
import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.LockTimeoutException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationContext;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.api.MigratorException;
import dev.migrator.api.PlannedScript;
import dev.migrator.api.RepairResult;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.api.Target;
import dev.migrator.api.TargetResult;
import dev.migrator.api.TransactionMode;
import dev.migrator.api.ValidationException;
import dev.migrator.api.Version;
import dev.migrator.spi.Backend;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptSyntax;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TargetLock;
import dev.migrator.spi.TargetSession;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs operations on one resolved target: one session, the target's lock around every write. */
public final class TargetRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TargetRunner.class);

    private final ResolvedTarget rt;
    private final Backend backend;
    private final Target target;
    private final EngineSettings settings;
    private final Consumer<MigrationEvent> events;
    private long lockCheckedAt;
    private ScriptSyntax scriptSyntax;

    private static final long LOCK_CHECK_INTERVAL_NANOS = Duration.ofMillis(250).toNanos();

    public TargetRunner(ResolvedTarget rt, EngineSettings settings, Consumer<MigrationEvent> events) {
        this.rt = rt;
        this.backend = rt.backend();
        this.target = rt.target();
        this.settings = settings;
        this.events = events;
    }

    // ---------------------------------------------------------------- migrate

    public TargetResult migrate(MigrateOptions options) {
        Instant start = Instant.now();
        if (options.singleTransaction() && !backend.transactionalDdl()) {
            throw new ConfigurationException("singleTransaction was asked for " + target + ", but " + backend.product()
                    + " here commits each statement at once (DDL is not transactional, or the server has no transactions), so one "
                    + "transaction cannot undo a failed run. Migrate without it.");
        }
        try (TargetSession session = backend.openSession(rt.schema(), settings.historyTable())) {
            // Read without the lock first: when nothing is pending (every application start after the first) no
            // lock is taken at all. Nothing is written on this path; any write happens after taking the lock and
            // reading the history again.
            if (session.schemaExists()) {
                HistoryAnalysis quick = analyse(session.history().read(), options.outOfOrder());
                if (quick.failed == null && selectPending(quick, options).isEmpty()) {
                    check(quick, options);
                    LOG.info("{}: up to date at version {}, nothing to migrate", target, quick.current().map(Version::toString).orElse("<none>"));
                    events.accept(new MigrationEvent.TargetStarted(target, 0));
                    Duration took = Duration.between(start, Instant.now());
                    events.accept(new MigrationEvent.TargetFinished(target, 0, took));
                    return new TargetResult(target, List.of(), quick.current(), took);
                }
            }
            TargetLock lock = acquire(session);
            try {
                if (!session.schemaExists()) {
                    if (!settings.createSchemas()) {
                        throw new ConfigurationException("Schema " + rt.schema() + " of " + target
                                + " does not exist and createSchemas is off. Create it, or enable createSchemas(true).");
                    }
                    LOG.info("{}: creating schema {}", target, rt.schema());
                    session.createSchema();
                }
                session.history().createIfMissing();
                HistoryAnalysis analysis = analyse(session.history().read(), options.outOfOrder());
                check(analysis, options);
                List<LoadedScript> pending = selectPending(analysis, options);
                List<ExecutedScript> applied = new ArrayList<>();
                int total = pending.size() + (analysis.failed != null ? 1 : 0);
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
                Version current = applied.isEmpty() ? analysis.current : applied.get(applied.size() - 1).version();
                if (analysis.current != null && current != null && analysis.current.compareTo(current) > 0) {
                    current = analysis.current;
                }
                Duration took = Duration.between(start, Instant.now());
                events.accept(new MigrationEvent.TargetFinished(target, applied.size(), took));
                LOG.info("{}: applied {} script(s) in {} ms, now at version {}", target, applied.size(), took.toMillis(), current);
                return new TargetResult(target, applied, java.util.Optional.ofNullable(current), took);
            } finally {
                lock.release();
            }
        }
    }

    private List<LoadedScript> selectPending(HistoryAnalysis analysis, MigrateOptions options) {
        if (options.toVersion().isEmpty()) {
            return analysis.pending;
        }
        Version to = options.toVersion().get();
        return analysis.pending.stream().filter(s -> s.version().compareTo(to) <= 0).toList();
    }

    private void check(HistoryAnalysis analysis, MigrateOptions options) {
        if (analysis.failed != null) {
            if (!options.resumeFailed() || analysis.failedScript == null) {
                throw new FailedMigrationPendingException(analysis.problems.stream()
                        .filter(p -> p.kind() == dev.migrator.api.ValidationProblem.Kind.FAILED)
                        .findFirst()
                        .map(p -> "Cannot migrate " + target + ": " + p.message())
                        .orElseThrow());
            }
        }
        if (settings.validateOnMigrate()) {
            List<dev.migrator.api.ValidationProblem> blocking = analysis.blockingProblems();
            if (!blocking.isEmpty()) {
                throw new ValidationException(blocking);
            }
        }
    }

    private ExecutedScript runUp(TargetSession session, TargetLock lock, LoadedScript script, int rank, HistoryRow resume) {
        requireLock(lock);
        Work work = prepare(script, script.up());
        int from = resume == null ? 0 : resume.statementsCompleted();
        if (resume != null && !work.isCode() && from > work.count()) {
            throw new ConfigurationException("Cannot resume " + script.label() + " on " + target + ": the history says "
                    + from + " statements completed but the script now has " + work.count()
                    + ". Undo the completed statements by hand and run repair() instead.");
        }
        events.accept(new MigrationEvent.ScriptStarted(target, script.version(), script.name(), false));
        if (!work.transactional()) {
            return runUpMarked(session, script, work, rank, resume, from);
        }
        long t0 = System.nanoTime();
        ProgressMarker marker = new ProgressMarker(session, script, rank, settings.installedBy(target.connection()), resume != null);
        boolean inTransaction = false;
        int completed = from;
        try {
            session.begin();
            inTransaction = true;
            completed = execute(session, work, from);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            marker.success(work.count(), took, true);
            session.commit();
            inTransaction = false;
            marker.transactionCommitted();
            return succeeded(script, work, took);
        } catch (RuntimeException e) {
            int done = e instanceof WorkFailure wf ? wf.completed : completed;
            if (inTransaction) {
                session.rollback();
                marker.transactionRolledBack();
            }
            boolean rolledBack = inTransaction && backend.transactionalDdl();
            int stays = rolledBack ? 0 : done;
            ScriptFailedException failure = failure(script, work, e, stays, rolledBack, false);
            if (!rolledBack) {
                recordFailure(marker, script, stays, failure);
            }
            events.accept(new MigrationEvent.ScriptFailed(target, script.version(), script.name(), false, failure));
            throw failure;
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
     * {@link #GROUP_MAX_STATEMENTS} statements, or once it has run {@link #GROUP_MAX_NANOS}, so that it never becomes a
     * long transaction holding locks. When a statement of a group fails, the whole group is rolled back (PostgreSQL
     * aborts the transaction anyway, and MySQL does on a deadlock): the history counts the statements before the group.
     * A script that asked for no transaction itself is not grouped: each of its statements commits by itself.
     */
    private ExecutedScript runUpMarked(TargetSession session, LoadedScript script, Work work, int rank, HistoryRow resume, int from) {
        long t0 = System.nanoTime();
        ProgressMarker marker = new ProgressMarker(session, script, rank, settings.installedBy(target.connection()), resume != null);
        int completed = from;
        try {
            boolean succeeded;
            if (work.isCode()) {
                // Java code may do anything: recorded before it runs, as a statement that commits by itself.
                if (!marker.committed()) {
                    marker.progressNow(0);
                }
                completed = execute(session, work, from);
                succeeded = false;
            } else {
                succeeded = executeMarked(session, work, from, marker, t0);
                completed = work.count();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (!succeeded) {
                marker.success(work.count(), took, false); // every statement is applied; only this record may fail
            }
            return succeeded(script, work, took);
        } catch (RuntimeException e) {
            int stays = e instanceof WorkFailure wf ? wf.completed : completed;
            ScriptFailedException failure = failure(script, work, e, stays, false, false);
            recordFailure(marker, script, stays, failure);
            events.accept(new MigrationEvent.ScriptFailed(target, script.version(), script.name(), false, failure));
            throw failure;
        }
    }

    private ExecutedScript succeeded(LoadedScript script, Work work, Duration took) {
        events.accept(new MigrationEvent.ScriptSucceeded(target, script.version(), script.name(), false, took));
        LOG.info("{}: applied {} in {} ms", target, script.label(), took.toMillis());
        return new ExecutedScript(target, script.version(), script.name(), work.count(), took);
    }

    private List<ExecutedScript> runAllInOneTransaction(TargetSession session, TargetLock lock, List<LoadedScript> pending, int firstRank) {
        List<ExecutedScript> applied = new ArrayList<>();
        List<Work> works = new ArrayList<>();
        for (LoadedScript s : pending) {
            Work w = prepare(s, s.up());
            if (!w.transactional()) {
                throw new ConfigurationException("singleTransaction cannot include " + s.label()
                        + ": it must run outside a transaction. Migrate it on its own first (migrateTo its version).");
            }
            works.add(w);
        }
        requireLock(lock);
        session.begin();
        int rank = firstRank;
        LoadedScript current = null;
        Work currentWork = null;
        try {
            for (int i = 0; i < pending.size(); i++) {
                current = pending.get(i);
                currentWork = works.get(i);
                events.accept(new MigrationEvent.ScriptStarted(target, current.version(), current.name(), false));
                long t0 = System.nanoTime();
                execute(session, currentWork, 0);
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                new ProgressMarker(session, current, rank++, settings.installedBy(target.connection()), false)
                        .success(currentWork.count(), took, true);
                applied.add(new ExecutedScript(target, current.version(), current.name(), currentWork.count(), took));
            }
            session.commit();
        } catch (RuntimeException e) {
            session.rollback();
            ScriptFailedException failure = failure(current, currentWork, e, 0, true, false);
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

    // ---------------------------------------------------------------- rollback

    /**
     * What a rollback would do here, from one read of the history without the lock: the rows it would undo, newest
     * first, and the analysis they came from (to tell whether a version is known).
     */
    public RollbackPlan planRollback(Integer steps, Version toVersion) {
        HistoryAnalysis analysis = readAnalysis(true);
        return new RollbackPlan(select(analysis, steps, toVersion), analysis);
    }

    /** {@link #planRollback}'s answer. */
    public record RollbackPlan(List<HistoryRow> rows, HistoryAnalysis analysis) {}

    private List<HistoryRow> select(HistoryAnalysis analysis, Integer steps, Version toVersion) {
        if (analysis.failed != null) {
            throw new FailedMigrationPendingException("Cannot roll back " + target + ": a failed script is recorded. "
                    + analysis.problems.stream()
                            .filter(p -> p.kind() == dev.migrator.api.ValidationProblem.Kind.FAILED)
                            .findFirst()
                            .map(dev.migrator.api.ValidationProblem::message)
                            .orElse(""));
        }
        List<HistoryRow> rows = new ArrayList<>(analysis.applied.values());
        rows.sort(Comparator.comparingInt(HistoryRow::rank).reversed());
        if (toVersion != null) {
            return rows.stream().filter(r -> Version.parse(r.version()).compareTo(toVersion) > 0).toList();
        }
        return rows.subList(0, Math.min(steps, rows.size()));
    }

    /** The selected rows' scripts lacking a down, as labels. */
    public List<String> missingDowns(List<HistoryRow> rows) {
        List<String> missing = new ArrayList<>();
        for (HistoryRow row : rows) {
            LoadedScript s = scriptOf(row);
            if (s == null) {
                missing.add(ScriptNames.recorded(row.version(), row.name()) + " on " + target
                        + " (script not found locally)");
            } else if (s.down() == null) {
                missing.add(s.label() + " on " + target);
            }
        }
        return missing;
    }

    public List<ExecutedScript> rollback(Integer steps, Version toVersion) {
        try (TargetSession session = backend.openSession(rt.schema(), settings.historyTable())) {
            if (!session.schemaExists()) {
                return List.of();
            }
            TargetLock lock = acquire(session);
            try {
                // Read again under the lock: another run may have changed the history since the plan.
                List<HistoryRow> rows = select(analyse(session.history().read(), true), steps, toVersion);
                List<String> missing = missingDowns(rows);
                if (!missing.isEmpty()) {
                    throw new dev.migrator.api.MissingDownScriptException(Engine.missingDownMessage(missing));
                }
                List<ExecutedScript> done = new ArrayList<>();
                for (HistoryRow row : rows) {
                    done.add(runDown(session, lock, scriptOf(row), row));
                }
                return done;
            } finally {
                lock.release();
            }
        }
    }

    private ExecutedScript runDown(TargetSession session, TargetLock lock, LoadedScript script, HistoryRow row) {
        requireLock(lock);
        Work work = prepare(script, script.down());
        events.accept(new MigrationEvent.ScriptStarted(target, script.version(), script.name(), true));
        long t0 = System.nanoTime();
        boolean inTransaction = false;
        try {
            if (work.transactional()) {
                session.begin();
                inTransaction = true;
            }
            execute(session, work, 0);
            session.history().delete(row.rank());
            if (inTransaction) {
                session.commit();
                inTransaction = false;
            }
        } catch (RuntimeException e) {
            if (inTransaction) {
                session.rollback();
            }
            boolean rolledBack = inTransaction && backend.transactionalDdl();
            int done = e instanceof WorkFailure wf ? wf.completed : 0;
            ScriptFailedException failure = failure(script, work, e, rolledBack ? 0 : done, rolledBack, true);
            events.accept(new MigrationEvent.ScriptFailed(target, script.version(), script.name(), true, failure));
            throw failure;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        events.accept(new MigrationEvent.ScriptSucceeded(target, script.version(), script.name(), true, took));
        LOG.info("{}: rolled back {} in {} ms", target, script.label(), took.toMillis());
        return new ExecutedScript(target, script.version(), script.name(), work.count(), took);
    }

    private LoadedScript scriptOf(HistoryRow row) {
        Version v = Version.parse(row.version());
        for (LoadedScript s : rt.scripts()) {
            if (s.version().equals(v)) {
                return s;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- status, validate, repair, baseline, dry run

    public HistoryAnalysis readAnalysis(boolean outOfOrder) {
        try (TargetSession session = backend.openSession(rt.schema(), settings.historyTable())) {
            List<HistoryRow> rows = session.schemaExists() ? session.history().read() : List.of();
            return analyse(rows, outOfOrder);
        }
    }

    public List<RepairResult.Action> repair() {
        try (TargetSession session = backend.openSession(rt.schema(), settings.historyTable())) {
            if (!session.schemaExists() || !session.history().exists()) {
                return List.of();
            }
            TargetLock lock = acquire(session);
            try {
                List<HistoryRow> history = session.history().read();
                HistoryAnalysis analysis = analyse(history, true);
                List<RepairResult.Action> actions = new ArrayList<>();
                for (HistoryRow row : history) {
                    if (!row.success()) {
                        session.history().delete(row.rank());
                        actions.add(new RepairResult.Action(target, Version.parse(row.version()), row.name(),
                                RepairResult.Kind.REMOVED_FAILED_ENTRY));
                        LoadedScript local = scriptOf(row);
                        LOG.info("{}: repair removed the failed entry of {}", target,
                                local != null ? local.label() : ScriptNames.recorded(row.version(), row.name()));
                    }
                }
                for (Map.Entry<LoadedScript, HistoryRow> change : analysis.checksumChanges) {
                    HistoryRow r = change.getValue();
                    LoadedScript s = change.getKey();
                    session.history().update(new HistoryRow(r.rank(), r.version(), r.name(), r.type(), s.checksum(),
                            Checksums.ALGORITHM, r.installedBy(), r.installedAt(), r.executionTime(), r.success(),
                            r.statementsCompleted()));
                    actions.add(new RepairResult.Action(target, s.version(), s.name(), RepairResult.Kind.REALIGNED_CHECKSUM));
                    LOG.info("{}: repair recorded the new checksum of {}", target, s.label());
                }
                return actions;
            } finally {
                lock.release();
            }
        }
    }

    public void baseline(Version version) {
        try (TargetSession session = backend.openSession(rt.schema(), settings.historyTable())) {
            TargetLock lock = acquire(session);
            try {
                if (!session.schemaExists()) {
                    session.createSchema();
                }
                session.history().createIfMissing();
                List<HistoryRow> rows = session.history().read();
                if (!rows.isEmpty()) {
                    throw new ConfigurationException("Cannot baseline " + target + " at " + version + ": its history already has "
                            + rows.size() + " entries. Baseline is for an existing database without history; use migrate() instead.");
                }
                session.history().insert(new HistoryRow(1, version.toString(), "<< baseline >>", HistoryAnalysis.BASELINE_TYPE,
                        null, null, settings.installedBy(target.connection()), Instant.now(), Duration.ZERO, true, 0));
                LOG.info("{}: baselined at version {}", target, version);
            } finally {
                lock.release();
            }
        }
    }

    public DryRunResult dryRun(MigrateOptions options) {
        try (TargetSession session = backend.openSession(rt.schema(), settings.historyTable())) {
            boolean schemaExists = session.schemaExists();
            HistoryAnalysis analysis = analyse(schemaExists ? session.history().read() : List.of(), options.outOfOrder());
            check(analysis, options);
            List<LoadedScript> pending = new ArrayList<>();
            if (analysis.failed != null) {
                pending.add(analysis.failedScript);
            }
            pending.addAll(selectPending(analysis, options));
            List<PlannedScript> plan = new ArrayList<>();
            List<Work> works = new ArrayList<>();
            for (LoadedScript s : pending) {
                Work w = prepare(s, s.up());
                works.add(w);
                List<String> statements = w.body() instanceof LoadedScript.Code code
                        ? List.of("-- Java code: " + code.code().getClass().getName())
                        : statementTexts(w);
                plan.add(new PlannedScript(target, s.version(), s.name(), w.transactional(), statements));
            }
            List<String> notExecuted = new ArrayList<>();
            if (!backend.transactionalDdl()) {
                if (!pending.isEmpty()) {
                    notExecuted.add(target + ": planned only; " + backend.product()
                            + " here commits each statement at once (DDL is not transactional, or the server has no "
                            + "transactions), so statements cannot be tried and rolled back.");
                }
                return new DryRunResult(plan, List.of(), notExecuted);
            }
            // Proof run: every statement in one transaction that is always rolled back.
            session.begin();
            try {
                if (!schemaExists) {
                    session.createSchema();
                }
                for (int i = 0; i < pending.size(); i++) {
                    Work w = works.get(i);
                    LoadedScript s = pending.get(i);
                    if (w.isCode()) {
                        notExecuted.add(s.label() + ": Java code is not run in a dry run.");
                    } else if (!w.transactional()) {
                        notExecuted.add(s.label() + ": runs outside a transaction, so it was planned but not executed.");
                    } else {
                        try {
                            execute(session, w, 0);
                        } catch (RuntimeException e) {
                            throw failure(s, w, e, 0, true, false);
                        }
                    }
                }
            } finally {
                session.rollback();
            }
            return new DryRunResult(plan, List.of(target), notExecuted);
        }
    }

    // ---------------------------------------------------------------- shared steps

    HistoryAnalysis analyse(List<HistoryRow> rows, boolean outOfOrder) {
        return HistoryAnalysis.of(target, rt.scripts(), rows, outOfOrder || settings.outOfOrder());
    }

    private TargetLock acquire(TargetSession session) {
        TargetLock lock = session.lock();
        lockCheckedAt = 0;
        try {
            if (lock.tryAcquire(Duration.ZERO)) {
                return lock;
            }
            events.accept(new MigrationEvent.LockWaiting(target));
            LOG.info("{}: another run holds the lock {}; waiting up to {}", target, lock.describe(), settings.lockTimeout());
            if (lock.tryAcquire(settings.lockTimeout())) {
                return lock;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationInterruptedException("Interrupted while waiting for the lock of " + target
                    + "; nothing was changed. The interrupt flag is set again.", e);
        }
        throw new LockTimeoutException("Timed out after " + settings.lockTimeout() + " waiting for the lock of " + target
                + " (" + lock.describe() + "): another migrator run holds it. Wait for it to finish, or raise lockTimeout; "
                + "the database frees the lock by itself when the holder's connection ends.");
    }

    private void requireLock(TargetLock lock) {
        long now = System.nanoTime();
        // Asking the database costs a round trip (about as much as a small script's own work), so it is asked at
        // most every LOCK_CHECK_INTERVAL. A lock lost in between is caught by the database itself on PostgreSQL
        // (a second run's script and history row conflict and roll back) and by the next check elsewhere.
        if (lockCheckedAt != 0 && now - lockCheckedAt < LOCK_CHECK_INTERVAL_NANOS) {
            return;
        }
        lockCheckedAt = now;
        if (!lock.isHeld()) {
            throw new DatabaseException("Lost the lock of " + target + " (" + lock.describe() + ") before the next script: "
                    + "its connection ended. Nothing more was run; run migrate again.");
        }
    }

    /** Statements of one script kept from the first read, in characters: larger scripts are read again to run. */
    private static final int KEEP_CHARS = 1 << 20;

    /**
     * The most statements one group of a script run outside a transaction holds (see {@link #runUpMarked}): enough
     * that the marker's write costs nothing beside them, few enough that a long run of DML never becomes one huge
     * transaction.
     */
    static final int GROUP_MAX_STATEMENTS = 1_000;

    /**
     * How long a group may run before it commits, whatever its size: by then its marker's write is under 1% of its
     * time, and its locks are not held much longer than when each statement committed by itself.
     */
    static final long GROUP_MAX_NANOS = Duration.ofSeconds(1).toNanos();

    /**
     * A script's up or down, checked and ready to run.
     *
     * @param statements every statement, placeholders substituted, when the text was small enough to keep them;
     *     {@code null} for a larger text (read again as it runs) and for Java code
     * @param count the number of statements (1 for Java code)
     * @param grouped whether, outside a transaction, statements that can share one run in groups with their progress
     *     record ({@link #runUpMarked}); false when the script asked for no transaction itself ({@link
     *     TransactionMode#NON_TRANSACTIONAL}, {@code -- migrator:no-transaction}): then each statement commits by
     *     itself, as documented
     */
    record Work(LoadedScript script, LoadedScript.Body body, List<ParsedStatement> statements, int count, boolean transactional,
            boolean grouped) {
        boolean isCode() {
            return body instanceof LoadedScript.Code;
        }
    }

    /** What the first read of a text found. */
    private record Reading(List<ParsedStatement> kept, int count, boolean anyRequiresNoTransaction) {}

    private Work prepare(LoadedScript script, LoadedScript.Body body) {
        TransactionMode mode = script.transactionMode();
        if (body instanceof LoadedScript.Text text) {
            if (mode == TransactionMode.AUTO) {
                mode = text.marker();
            }
            Reading reading = readThrough(script, text);
            boolean transactional = switch (mode) {
                case TRANSACTIONAL -> true;
                case NON_TRANSACTIONAL -> false;
                // Databases that commit DDL by themselves run each statement on its own, so the history can say
                // exactly how many statements of a failed script completed.
                case AUTO -> backend.transactionalDdl() && !reading.anyRequiresNoTransaction();
            };
            return new Work(script, body, reading.kept(), reading.count(), transactional, mode == TransactionMode.AUTO);
        }
        boolean transactional = mode == TransactionMode.TRANSACTIONAL || (mode == TransactionMode.AUTO && backend.transactionalDdl());
        return new Work(script, body, null, 1, transactional, false);
    }

    /**
     * Reads the whole text once before any statement runs: placeholders, NUL characters, the split and (for a file) the
     * checksum are all checked first, so a bad script runs nothing. The statements are kept when they are few; a large
     * script keeps only its count and is read again, statement by statement, to run.
     */
    private Reading readThrough(LoadedScript script, LoadedScript.Text text) {
        List<ParsedStatement> kept = new ArrayList<>();
        long keptChars = 0;
        int count = 0;
        boolean noTransaction = false;
        try (Reader reader = substituted(script, text)) {
            Iterator<ParsedStatement> statements = backend.parse(reader, script.source());
            while (statements.hasNext()) {
                ParsedStatement statement = statements.next();
                count++;
                noTransaction |= statement.requiresNoTransaction();
                if (kept != null) {
                    keptChars += statement.text().length();
                    if (keptChars > KEEP_CHARS) {
                        kept = null;
                    } else {
                        kept.add(statement);
                    }
                }
            }
        } catch (ScriptParseException e) {
            throw new ScriptParseException(e.getMessage() + " Nothing of the script was run.", e);
        } catch (IOException e) {
            throw new ScriptParseException("Cannot read script " + script.label() + ": " + e.getMessage(), e);
        }
        return new Reading(kept == null ? null : List.copyOf(kept), count, noTransaction);
    }

    private Reader substituted(LoadedScript script, LoadedScript.Text text) {
        ScriptSyntax syntax = scriptSyntax;
        if (syntax == null) {
            syntax = backend.scriptSyntax();
            scriptSyntax = syntax;
        }
        return Placeholders.reader(text.text().open(), rt.placeholders(), syntax, script.label(), text.checksum());
    }

    /** The statements a dry run shows: a large script's are read again (a plan holds them all). */
    private List<String> statementTexts(Work work) {
        if (work.statements() != null) {
            return work.statements().stream().map(ParsedStatement::text).toList();
        }
        List<String> texts = new ArrayList<>(work.count());
        try (Reader reader = substituted(work.script(), (LoadedScript.Text) work.body())) {
            backend.parse(reader, work.script().source()).forEachRemaining(st -> texts.add(st.text()));
        } catch (IOException e) {
            throw new ScriptParseException("Cannot read script " + work.script().label() + ": " + e.getMessage(), e);
        }
        return texts;
    }

    /** Runs the work from statement {@code from}; returns the statements done. */
    private int execute(TargetSession session, Work work, int from) {
        if (work.body() instanceof LoadedScript.Code code) {
            try {
                code.code().migrate(new Context(session));
            } catch (RuntimeException e) {
                throw new WorkFailure(0, 0, null, e);
            } catch (Exception e) {
                throw new WorkFailure(0, 0, null, e);
            }
            return 1;
        }
        return withStatements(work, statements -> run(session, statements, from));
    }

    /**
     * Hands a text's statements to {@code body}: the ones kept in memory, or the script read again through
     * placeholders and the splitter (closed afterwards).
     */
    private <T> T withStatements(Work work, java.util.function.Function<Iterator<ParsedStatement>, T> body) {
        if (work.statements() != null) {
            return body.apply(work.statements().iterator());
        }
        try (Reader reader = substituted(work.script(), (LoadedScript.Text) work.body())) {
            return body.apply(backend.parse(reader, work.script().source()));
        } catch (IOException e) {
            throw new WorkFailure(0, 0, null, e); // closing a file that was read to its end
        }
    }

    private int run(TargetSession session, Iterator<ParsedStatement> statements, int from) {
        int i = 0;
        ParsedStatement current = null;
        try {
            while (true) {
                current = null; // a read error is no statement's
                if (!statements.hasNext()) {
                    break;
                }
                current = statements.next();
                if (i < from) {
                    i++; // completed by an earlier run
                    continue;
                }
                session.execute(current);
                i++;
            }
        } catch (RuntimeException e) {
            throw new WorkFailure(i, i + 1, current, e);
        }
        return i;
    }

    /**
     * Runs a text outside a transaction from statement {@code from}, keeping {@code marker} up to date (see
     * {@link #runUpMarked}); returns whether the success is recorded already (as the last group's marker).
     */
    private boolean executeMarked(TargetSession session, Work work, int from, ProgressMarker marker, long t0) {
        return withStatements(work, statements -> runMarked(session, work, statements, from, marker, t0));
    }

    private boolean runMarked(TargetSession session, Work work, Iterator<ParsedStatement> statements, int from,
            ProgressMarker marker, long t0) {
        int i = 0;
        int groupStart = -1; // statements done when the open group began; -1 while none is open
        long groupStarted = 0;
        boolean closing = false;
        ParsedStatement current = null;
        ParsedStatement lastInGroup = null;
        try {
            while (true) {
                current = null; // a read error is no statement's
                if (!statements.hasNext()) {
                    break;
                }
                current = statements.next();
                if (i < from) {
                    i++; // completed by an earlier run
                    continue;
                }
                if (work.grouped() && current.groupable() && !current.requiresNoTransaction()) {
                    if (groupStart < 0) {
                        session.begin();
                        groupStart = i;
                        groupStarted = System.nanoTime();
                    }
                    session.execute(current);
                    lastInGroup = current;
                    i++;
                    boolean last = i == work.count();
                    if (last || i - groupStart >= GROUP_MAX_STATEMENTS || System.nanoTime() - groupStarted >= GROUP_MAX_NANOS) {
                        closing = true;
                        closeGroup(session, marker, i, last ? work.count() : -1, t0);
                        closing = false;
                        groupStart = -1;
                        if (last) {
                            return true;
                        }
                    }
                    continue;
                }
                if (groupStart >= 0) {
                    closing = true;
                    closeGroup(session, marker, i, -1, t0);
                    closing = false;
                    groupStart = -1;
                }
                // It commits by itself: the entry must exist before it runs, and count it right after.
                if (!marker.committed()) {
                    marker.progressNow(i);
                }
                session.execute(current);
                i++;
                if (i < work.count()) {
                    try {
                        marker.progressNow(i);
                    } catch (RuntimeException e) {
                        // Statement i is applied; only its record is missing, and the entry still says failed.
                        throw new WorkFailure(i, i, current, e);
                    }
                }
            }
        } catch (WorkFailure e) {
            throw e;
        } catch (RuntimeException e) {
            if (groupStart < 0) {
                throw new WorkFailure(i, i + 1, current, e);
            }
            // The group's statements and its marker go together: the history counts what was done before the group.
            session.rollback();
            marker.transactionRolledBack();
            // A failing statement is statement i + 1, after i - groupStart undone; a failing marker or commit is told
            // as the failure of the group's last statement, i.
            throw closing ? new WorkFailure(groupStart, i, lastInGroup, e, i) : new WorkFailure(groupStart, i + 1, current, e, i);
        }
        if (groupStart >= 0) {
            throw new IllegalStateException("A group was left open"); // the last statement closes it
        }
        return false;
    }

    /**
     * Ends the open group: its marker (the success when {@code count} is not -1) then the commit, so both last or
     * neither does.
     */
    private void closeGroup(TargetSession session, ProgressMarker marker, int done, int count, long t0) {
        if (count >= 0) {
            marker.success(count, Duration.ofNanos(System.nanoTime() - t0), true);
        } else {
            marker.progressInTransaction(done);
        }
        session.commit();
        marker.transactionCommitted();
    }

    private ScriptFailedException failure(LoadedScript script, Work work, Throwable error, int stays, boolean rolledBack, boolean down) {
        Throwable cause = error instanceof WorkFailure wf ? wf.getCause() : error;
        int index = error instanceof WorkFailure wf ? wf.index : 0;
        if (script == null) {
            return new ScriptFailedException("Migration of " + target + " failed: " + cause.getMessage(), cause, target, null, null,
                    0, 0, 0, rolledBack, null);
        }
        ParsedStatement statement = error instanceof WorkFailure wf ? wf.statement : null;
        String sqlState = cause instanceof StatementException se ? se.sqlState() : null;
        StringBuilder m = new StringBuilder();
        m.append(down ? "Down script of " : "Script ").append(script.label()).append(" failed on ").append(target);
        if (statement != null) {
            m.append(" at statement ").append(index).append(" of ").append(work.count()).append(" (line ").append(statement.line())
                    .append("): ").append(shorten(statement.text()));
        } else if (work != null && work.isCode()) {
            m.append(" in its Java code");
        }
        m.append(System.lineSeparator()).append("  Database said: ").append(cause.getMessage());
        if (sqlState != null) {
            m.append(" [SQLSTATE ").append(sqlState).append(']');
        }
        if (cause instanceof StatementException se && se.hint().isPresent()) {
            m.append(System.lineSeparator()).append("  ").append(se.hint().get());
        }
        m.append(System.lineSeparator()).append("  ");
        if (rolledBack) {
            m.append("Nothing of this script was applied (its transaction was rolled back). Fix the script and run ")
                    .append(down ? "the rollback" : "migrate").append(" again.");
        } else if (down) {
            m.append(stays).append(" statement(s) of the down completed and stay applied; the script is still recorded as "
                    + "applied. Undo them by hand or fix the down and roll back again.");
        } else {
            int undoneThrough = error instanceof WorkFailure wf ? wf.undoneThrough : stays;
            m.append(stays).append(" statement(s) completed and stay applied (").append(backend.product())
                    .append(" commits them immediately)");
            if (undoneThrough > stays) {
                m.append("; statement(s) ").append(stays + 1).append(undoneThrough > stays + 1 ? " to " + undoneThrough : "")
                        .append(index > undoneThrough ? " ran in one transaction with the failing statement and were rolled back with it"
                                : " ran in one transaction whose progress record or commit failed, and were rolled back");
            }
            m.append(". The history records the script as failed after ").append(stays).append(" statement(s). Fix the cause, then "
                            + "migrate with resumeFailed(true) to continue from statement ")
                    .append(stays + 1).append(", or undo the completed statements by hand and run repair().");
        }
        return new ScriptFailedException(m.toString(), cause, target, script.version(), script.name(), index,
                statement == null ? 0 : statement.line(), stays, rolledBack, sqlState);
    }

    static String shorten(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 197) + "...";
    }

    /** Carries the failing statement's position out of {@link #execute}. */
    private static final class WorkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** Statements done and committed. */
        final int completed;
        final int index;
        /** The failing statement, or {@code null} (Java code, a read error). */
        final transient ParsedStatement statement;
        /**
         * The last statement that ran but was rolled back with the failing one's group; statements {@code completed + 1}
         * to this one ran and are undone. Equal to {@code completed} when nothing was undone.
         */
        final int undoneThrough;

        WorkFailure(int completed, int index, ParsedStatement statement, Throwable cause) {
            this(completed, index, statement, cause, completed);
        }

        WorkFailure(int completed, int index, ParsedStatement statement, Throwable cause, int undoneThrough) {
            super(cause.getMessage(), cause, false, false);
            this.completed = completed;
            this.index = index;
            this.statement = statement;
            this.undoneThrough = undoneThrough;
        }
    }

    private final class Context implements MigrationContext {
        private final TargetSession session;

        Context(TargetSession session) {
            this.session = session;
        }

        @Override
        public Target target() {
            return target;
        }

        @Override
        public String schema() {
            return rt.schema();
        }

        @Override
        public Map<String, String> placeholders() {
            return rt.placeholders();
        }

        @Override
        public void execute(String statement) {
            session.execute(new ParsedStatement(statement, 0, false));
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            return session.unwrap(type).orElseThrow(() -> new ConfigurationException("The " + backend.product() + " backend has no handle of type " + type.getName()
                        + " here; JDBC backends offer java.sql.Connection; MongoDB offers "
                        + "com.mongodb.client.MongoDatabase and MongoClient always, and ClientSession inside a transaction."));
        }
    }
}

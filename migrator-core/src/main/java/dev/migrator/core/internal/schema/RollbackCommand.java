package dev.migrator.core.internal.schema;

import static dev.migrator.core.internal.schema.ScriptFailures.Direction.DOWN;

import dev.migrator.api.CallbackEvent;
import dev.migrator.api.ExecutedScript;
import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MissingDownScriptException;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.Target;
import dev.migrator.api.ValidationProblem;
import dev.migrator.api.Version;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.TargetSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollback on one target: the newest applied scripts' downs, newest first, each with its history entry removed in the
 * same transaction where the database has them. A {@link Selection} chooses the rows: a number of steps, or every
 * script above a version.
 */
final class RollbackCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RollbackCommand.class);

    private final TargetScope scope;
    private final Target target;
    private final Consumer<MigrationEvent> events;

    public RollbackCommand(TargetScope scope) {
        this.scope = scope;
        this.target = scope.target();
        this.events = scope.events();
    }

    /**
     * What a rollback would do here, from one read of the history without the lock: the rows it would undo, newest
     * first, and the analysis they came from (to tell whether a version is known).
     */
    public Plan plan(Selection selection) {
        HistoryAnalysis analysis = scope.readAnalysis(true);
        return new Plan(select(analysis, selection), analysis);
    }

    /** Which applied scripts a rollback undoes. */
    public sealed interface Selection {
        /** The newest {@code count} (at least 1). */
        record Steps(int count) implements Selection {}

        /** Every script newer than {@code version}, which stays applied. */
        record ToVersion(Version version) implements Selection {}
    }

    /** {@link #plan}'s answer. */
    public record Plan(List<HistoryRow> rows, HistoryAnalysis analysis) {}

    /** The message when some selected scripts have no down: nothing is rolled back anywhere. */
    public static String missingDownMessage(List<String> missing) {
        return "Cannot roll back: " + missing.size() + " script(s) have no down script: " + String.join(", ", missing)
                + ". Nothing was rolled back. Add the down scripts (U{version}__{name}.sql or .json, or {version}_{name}_down.sql or .json), "
                + "or roll back fewer steps.";
    }

    private List<HistoryRow> select(HistoryAnalysis analysis, Selection selection) {
        if (analysis.failed != null) {
            throw new FailedMigrationPendingException("Cannot roll back " + target + ": a failed script is recorded. "
                    + analysis.problems.stream()
                            .filter(p -> p.kind() == ValidationProblem.Kind.FAILED)
                            .findFirst()
                            .map(ValidationProblem::message)
                            .orElse(""));
        }
        List<HistoryRow> rows = new ArrayList<>(analysis.applied.values());
        rows.sort(Comparator.comparingInt(HistoryRow::rank).reversed());
        if (selection instanceof Selection.ToVersion to) {
            return rows.stream().filter(r -> Version.parse(r.version()).compareTo(to.version()) > 0).toList();
        }
        int steps = ((Selection.Steps) selection).count();
        return rows.subList(0, Math.min(steps, rows.size()));
    }

    /** The selected rows' scripts lacking a down, as labels. */
    public List<String> missingDowns(List<HistoryRow> rows) {
        List<String> missing = new ArrayList<>();
        for (HistoryRow row : rows) {
            LoadedScript s = scope.scriptOf(row);
            if (s == null) {
                missing.add(ScriptNames.recorded(row.version(), row.name()) + " on " + target
                        + " (script not found locally)");
            } else if (s.down() == null) {
                missing.add(s.label() + " on " + target);
            }
        }
        return missing;
    }

    public List<ExecutedScript> run(Selection selection) {
        try (TargetSession session = scope.openSession()) {
            if (!session.schemaExists()) {
                return List.of();
            }
            return new LockGuard(scope).underLock(session, lock -> {
                // Read again under the lock: another run may have changed the history since the plan.
                List<HistoryRow> rows = select(scope.analyse(session.history().read(), true), selection);
                List<String> missing = missingDowns(rows);
                if (!missing.isEmpty()) {
                    throw new MissingDownScriptException(missingDownMessage(missing));
                }
                ScriptExecutor executor = new ScriptExecutor(scope);
                CallbackRunner callbacks = new CallbackRunner(scope, executor);
                try {
                    callbacks.ownTransaction(session, CallbackEvent.BEFORE_ROLLBACK);
                    List<ExecutedScript> done = new ArrayList<>();
                    for (HistoryRow row : rows) {
                        done.add(runDown(session, lock, executor, callbacks, scope.scriptOf(row), row));
                    }
                    callbacks.ownTransaction(session, CallbackEvent.AFTER_ROLLBACK);
                    return done;
                } catch (RuntimeException e) {
                    try {
                        callbacks.ownTransaction(session, CallbackEvent.AFTER_ROLLBACK_ERROR);
                    } catch (RuntimeException callbackFailed) {
                        e.addSuppressed(callbackFailed);
                        LOG.warn("{}: {}", target, callbackFailed.getMessage());
                    }
                    throw e;
                }
            });
        }
    }

    private ExecutedScript runDown(TargetSession session, LockGuard.Held lock, ScriptExecutor executor, CallbackRunner callbacks,
            LoadedScript script, HistoryRow row) {
        lock.requireHeld();
        Work work = executor.prepare(script, script.down());
        events.accept(new MigrationEvent.ScriptStarted(target, script.version(), script.name(), true));
        events.accept(new MigrationEvent.ScriptStatements(target, script.version(), script.name(), true, work.count()));
        long t0 = System.nanoTime();
        boolean inTransaction = false;
        try {
            if (work.transactional()) {
                session.begin();
                inTransaction = true;
            }
            callbacks.inCurrent(session, CallbackEvent.BEFORE_EACH_ROLLBACK);
            executor.execute(session, work, 0);
            session.history().delete(row.rank());
            callbacks.inCurrent(session, CallbackEvent.AFTER_EACH_ROLLBACK);
            if (inTransaction) {
                session.commit();
                inTransaction = false;
            }
        } catch (RuntimeException e) {
            if (inTransaction) {
                session.rollback();
            }
            boolean rolledBack = inTransaction && scope.backend().transactionalDdl();
            ScriptFailures failures = new ScriptFailures(target, scope.backend().product());
            ScriptFailedException failure = e instanceof CallbackRunner.Failed callbackFailed
                    ? callbackFailed.failure(rolledBack
                            ? "It ran in the transaction of the down of " + script.label() + ", which was rolled back: the "
                                    + "script stays applied."
                            : "It ran around the down of " + script.label() + " outside a transaction: check what the down "
                                    + "did and whether the script is still recorded (status()).")
                    : rolledBack
                    ? failures.rolledBack(DOWN, script, work, e)
                    : failures.leftApplied(DOWN, script, work, e, WorkFailure.completedOr(e, 0));
            events.accept(new MigrationEvent.ScriptFailed(target, script.version(), script.name(), true, failure));
            throw failure;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        events.accept(new MigrationEvent.ScriptSucceeded(target, script.version(), script.name(), true, took));
        LOG.info("{}: rolled back {} in {} ms", target, script.label(), took.toMillis());
        return new ExecutedScript(target, script.version(), script.name(), work.count(), took);
    }
}

package dev.migrator.core.internal.schema;

import static dev.migrator.core.internal.schema.ScriptFailures.Direction.UP;

import dev.migrator.api.DryRunResult;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.PlannedRepeatable;
import dev.migrator.api.PlannedScript;
import dev.migrator.api.Target;
import dev.migrator.spi.Backend;
import dev.migrator.spi.TargetSession;
import java.util.ArrayList;
import java.util.List;

/**
 * A dry run on one target: the plan of what migrate would apply and, where DDL is transactional, every statement
 * tried in one transaction that is always rolled back. Takes no lock and writes nothing that stays.
 */
final class DryRunCommand {

    private final TargetScope scope;

    public DryRunCommand(TargetScope scope) {
        this.scope = scope;
    }

    public DryRunResult run(MigrateOptions options) {
        Target target = scope.target();
        Backend backend = scope.backend();
        PendingRules rules = new PendingRules(scope);
        ScriptExecutor executor = new ScriptExecutor(scope);
        try (TargetSession session = scope.openSession()) {
            boolean schemaExists = session.schemaExists();
            HistoryAnalysis analysis = scope.analyse(schemaExists ? session.history().read() : List.of(), options.outOfOrder());
            rules.check(analysis, options);
            List<LoadedScript> pending = new ArrayList<>();
            if (analysis.failed != null) {
                pending.add(analysis.failedScript);
            }
            pending.addAll(rules.pending(analysis, options));
            List<PlannedScript> plan = new ArrayList<>();
            List<PlannedRepeatable> repeatables = new ArrayList<>();
            List<Work> works = new ArrayList<>();
            for (LoadedScript s : pending) {
                Work w = executor.prepare(s, s.up());
                works.add(w);
                List<String> statements = w.body() instanceof LoadedScript.Code code
                        ? List.of("-- Java code: " + code.code().getClass().getName())
                        : executor.statementTexts(w);
                plan.add(new PlannedScript(target, s.version(), s.name(), w.transactional(), statements));
            }
            // Repeatable scripts are planned (statements shown) but not tried: they run after the versioned scripts,
            // whose effects the proof run rolls back.
            for (LoadedScript r : analysis.pendingRepeatables) {
                Work w = executor.prepare(r, r.up());
                List<String> statements = w.body() instanceof LoadedScript.Code code
                        ? List.of("-- Java code: " + code.code().getClass().getName())
                        : executor.statementTexts(w);
                repeatables.add(new PlannedRepeatable(target, r.name(), w.transactional(), statements));
            }
            List<String> notExecuted = new ArrayList<>();
            for (LoadedScript r : analysis.pendingRepeatables) {
                notExecuted.add(r.label() + ": repeatable scripts are planned, never executed, in a dry run.");
            }
            if (!backend.transactionalDdl()) {
                if (!pending.isEmpty()) {
                    notExecuted.add(target + ": planned only; " + backend.product()
                            + " here commits each statement at once (DDL is not transactional, or the server has no "
                            + "transactions), so statements cannot be tried and rolled back.");
                }
                return new DryRunResult(plan, List.of(), notExecuted, repeatables);
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
                            executor.execute(session, w, 0);
                        } catch (RuntimeException e) {
                            throw new ScriptFailures(target, backend.product()).rolledBack(UP, s, w, e);
                        }
                    }
                }
            } finally {
                session.rollback();
            }
            return new DryRunResult(plan, List.of(target), notExecuted, repeatables);
        }
    }
}

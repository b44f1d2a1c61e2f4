package dev.migrator.core.internal.schema;

import dev.migrator.api.BaselineResult;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.CreatedScripts;
import dev.migrator.api.DryRunResult;
import dev.migrator.api.ExecutedScript;
import dev.migrator.api.LintReport;
import dev.migrator.api.LintScope;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MissingDownScriptException;
import dev.migrator.api.MultiTargetResult;
import dev.migrator.api.PlannedRepeatable;
import dev.migrator.api.PlannedScript;
import dev.migrator.api.RepairResult;
import dev.migrator.api.RepeatableStatus;
import dev.migrator.api.RollbackResult;
import dev.migrator.api.SchemaMigrations;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.StatusReport;
import dev.migrator.api.Target;
import dev.migrator.api.TargetResult;
import dev.migrator.api.UnknownVersionException;
import dev.migrator.api.ValidationProblem;
import dev.migrator.api.ValidationReport;
import dev.migrator.api.Version;
import dev.migrator.spi.TargetSession;
import dev.migrator.spi.engine.MigrationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema commands over several targets: each resolves its targets first (so a typo runs nothing), then runs the
 * command target by target and gathers the results. Immutable; safe to share between threads.
 */
public final class SchemaOperations implements SchemaMigrations, SchemaEngine {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaOperations.class);

    private final TargetResolver resolver;
    private final EngineSettings settings;
    private final Consumer<MigrationEvent> events;
    private final RunEvents runs;
    private final ParallelMigration parallel;
    private final ScriptCreator creator;
    private final LintGate lint;

    /**
     * @param connections every configured connection by name (its pool size bounds parallel runs)
     * @param locations the script locations ({@link #create} writes into the first folder)
     * @param lint the linter's settings
     */
    public SchemaOperations(TargetResolver resolver, EngineSettings settings, Consumer<MigrationEvent> events,
            Map<String, ConnectionConfig> connections, List<MigrationSettings.Location> locations,
            MigrationSettings.Lint lint) {
        this.resolver = resolver;
        this.settings = settings;
        this.events = events;
        this.runs = new RunEvents(events);
        this.parallel = new ParallelMigration(resolver, this::scope, connections, runs);
        this.creator = new ScriptCreator(locations);
        this.lint = new LintGate(lint, this::scope);
    }

    /** The scope of commands on {@code resolved}. */
    public TargetScope scope(ResolvedTarget resolved) {
        return new TargetScope(resolved, settings, events);
    }

    @Override
    public MigrateResult migrate() {
        return migrate(MigrateOptions.defaults());
    }

    @Override
    public MigrateResult migrate(Target target) {
        return migrate(MigrateOptions.builder().target(target).build());
    }

    @Override
    public MigrateResult migrateTo(String version) {
        return migrate(MigrateOptions.builder().to(version).build());
    }

    @Override
    public MigrateResult migrate(MigrateOptions options) {
        Instant start = Instant.now();
        List<ResolvedTarget> resolved = resolver.resolveAll(options.targets());
        return runs.around(MigrationEvent.Operation.MIGRATE, resolved, start, () -> {
            lint.beforeMigrate(resolved, options);
            List<TargetResult> results = new ArrayList<>();
            for (ResolvedTarget rt : resolved) {
                results.add(new MigrateCommand(scope(rt)).run(options));
            }
            return new MigrateResult(results, Duration.between(start, Instant.now()));
        });
    }

    @Override
    public MultiTargetResult migrateAll(Collection<Target> targets, int parallelism, boolean stopOnFailure) {
        return parallel.migrateAll(targets, parallelism,
                stopOnFailure ? ParallelMigration.OnFailure.STOP : ParallelMigration.OnFailure.CONTINUE);
    }

    @Override
    public DryRunResult dryRun(MigrateOptions options) {
        List<PlannedScript> plan = new ArrayList<>();
        List<Target> executed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<PlannedRepeatable> repeatables = new ArrayList<>();
        for (ResolvedTarget rt : resolver.resolveAll(options.targets())) {
            DryRunResult r = new DryRunCommand(scope(rt)).run(options);
            plan.addAll(r.plan());
            executed.addAll(r.executedAndRolledBack());
            notes.addAll(r.notExecuted());
            repeatables.addAll(r.repeatables());
        }
        return new DryRunResult(plan, executed, notes, repeatables);
    }

    @Override
    public RollbackResult rollback(int steps) {
        return rollbackSteps(resolver.targets(), steps);
    }

    @Override
    public RollbackResult rollback(Target target, int steps) {
        return rollbackSteps(List.of(target), steps);
    }

    @Override
    public RollbackResult rollbackTo(String version) {
        return rollbackTo(resolver.targets(), version);
    }

    @Override
    public RollbackResult rollbackTo(Target target, String version) {
        return rollbackTo(List.of(target), version);
    }

    private RollbackResult rollbackSteps(List<Target> requested, int steps) {
        if (steps < 1) {
            throw new ConfigurationException("rollback steps is " + steps + "; allowed: 1 or more.");
        }
        return rollback(requested, new RollbackCommand.Selection.Steps(steps));
    }

    private RollbackResult rollbackTo(List<Target> requested, String version) {
        return rollback(requested, new RollbackCommand.Selection.ToVersion(Version.parse(version)));
    }

    private RollbackResult rollback(List<Target> requested, RollbackCommand.Selection selection) {
        Version toVersion = selection instanceof RollbackCommand.Selection.ToVersion to ? to.version() : null;
        Instant start = Instant.now();
        List<ResolvedTarget> resolved = resolver.resolveAll(requested);
        // Plan every target first: if any needed down is missing, nothing runs anywhere.
        List<String> missing = new ArrayList<>();
        boolean known = toVersion == null;
        for (ResolvedTarget rt : resolved) {
            RollbackCommand command = new RollbackCommand(scope(rt));
            RollbackCommand.Plan plan = command.plan(selection);
            missing.addAll(command.missingDowns(plan.rows()));
            if (!known) {
                HistoryAnalysis a = plan.analysis();
                known = a.applied.containsKey(toVersion) || toVersion.equals(a.baseline)
                        || rt.scripts().stream().anyMatch(s -> s.version().equals(toVersion));
            }
        }
        if (!known) {
            throw new UnknownVersionException("Cannot roll back to version " + toVersion + ": it is neither a local script "
                    + "nor in the history of " + resolved.stream().map(ResolvedTarget::target).toList()
                    + ". Check the version with status().");
        }
        if (!missing.isEmpty()) {
            throw new MissingDownScriptException(RollbackCommand.missingDownMessage(missing));
        }
        return runs.around(MigrationEvent.Operation.ROLLBACK, resolved, start, () -> {
            List<ExecutedScript> done = new ArrayList<>();
            for (ResolvedTarget rt : resolved) {
                done.addAll(new RollbackCommand(scope(rt)).run(selection));
            }
            return new RollbackResult(done, Duration.between(start, Instant.now()));
        });
    }

    @Override
    public StatusReport status() {
        return status(resolver.targets());
    }

    @Override
    public StatusReport status(Target target) {
        return status(List.of(target));
    }

    private StatusReport status(List<Target> requested) {
        List<ScriptStatus> all = new ArrayList<>();
        List<RepeatableStatus> repeatables = new ArrayList<>();
        for (ResolvedTarget rt : resolver.resolveAll(requested)) {
            HistoryAnalysis analysis = scope(rt).readAnalysis(false);
            all.addAll(analysis.statuses);
            repeatables.addAll(analysis.repeatableStatuses);
        }
        return new StatusReport(all, repeatables);
    }

    @Override
    public ValidationReport validate() {
        List<ValidationProblem> problems = new ArrayList<>();
        for (ResolvedTarget rt : resolver.resolveAll(resolver.targets())) {
            problems.addAll(scope(rt).readAnalysis(false).problems);
        }
        return new ValidationReport(problems);
    }

    @Override
    public RepairResult repair() {
        return repair(resolver.targets());
    }

    @Override
    public RepairResult repair(Target target) {
        return repair(List.of(target));
    }

    private RepairResult repair(List<Target> requested) {
        List<RepairResult.Action> actions = new ArrayList<>();
        for (ResolvedTarget rt : resolver.resolveAll(requested)) {
            actions.addAll(new RepairCommand(scope(rt)).run());
        }
        return new RepairResult(actions);
    }

    @Override
    public BaselineResult baseline(String version) {
        List<Target> targets = resolver.targets();
        List<ResolvedTarget> resolved = resolver.resolveAll(targets);
        if (resolved.size() != 1) {
            throw new ConfigurationException("baseline(version) needs exactly one target, but this manager has "
                    + resolved.size() + ": " + targets + ". Use baseline(target, version).");
        }
        return baseline(resolved.get(0).target(), version);
    }

    @Override
    public BaselineResult baseline(Target target, String version) {
        Version v = Version.parse(version);
        ResolvedTarget rt = resolver.resolve(target);
        new BaselineCommand(scope(rt)).run(v);
        return new BaselineResult(rt.target(), v);
    }

    @Override
    public boolean forceUnlock(Target target) {
        ResolvedTarget rt = resolver.resolve(target);
        try (TargetSession session = scope(rt).openSession()) {
            boolean removed = session.lock().forceRelease();
            LOG.warn("{}: forced unlock {}", rt.target(), removed ? "removed the lock" : "found no lock");
            return removed;
        }
    }

    @Override
    public CreatedScripts create(String name) {
        return creator.create(name);
    }

    @Override
    public LintReport lint(LintScope scope) {
        return lint.lint(resolver.resolveAll(resolver.targets()), scope, MigrateOptions.defaults());
    }

    @Override
    public LintReport lint(Target target, LintScope scope) {
        return lint.lint(List.of(resolver.resolve(target)), scope, MigrateOptions.defaults());
    }
}

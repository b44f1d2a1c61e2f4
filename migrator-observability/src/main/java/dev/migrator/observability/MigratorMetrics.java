package dev.migrator.observability;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationListener;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataProgress;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records migrator runs as Micrometer meters. Add it to a manager with {@code
 * MigrationManager.builder().listener(MigratorMetrics.bindTo(registry))}; it also hears every data migration of that
 * manager. Without an explicit one, a manager built with {@code migrator-observability} and Micrometer on the class
 * path binds one to {@code Metrics.globalRegistry} by itself.
 *
 * <p>Meters (tags in brackets):
 *
 * <ul>
 *   <li>{@code migrator.scripts.applied} counter [connection, direction=up|down, outcome=success|failure]
 *   <li>{@code migrator.script.duration} timer [connection, direction, outcome]
 *   <li>{@code migrator.run.duration} timer [operation=migrate|rollback, outcome]
 *   <li>{@code migrator.lock.wait} timer [connection]
 *   <li>{@code migrator.backup.bytes} distribution summary, base unit bytes [connection]
 *   <li>{@code migrator.restore.duration} timer [connection, outcome]
 *   <li>{@code migrator.restore.rows} counter [connection]
 *   <li>{@code migrator.data.rows} counter [migration, kind=read|written|skipped|failed]
 *   <li>{@code migrator.data.duration} timer [migration, outcome]
 *   <li>{@code migrator.data.progress} gauge, 0 to 1 (NaN while the total is unknown) [migration]
 * </ul>
 *
 * <p>Tags are bounded: the connection's name (never its URL) rather than the schema, whose tenants may be many;
 * script versions and names are never tags (every new script would add series) — traces carry them. Thread-safe.
 */
public final class MigratorMetrics implements MigrationListener, DataMigrationListener {

    private final MeterRegistry registry;
    /** What each migration's progress gauge reads; held here because Micrometer holds gauge state weakly. */
    private final Map<String, ProgressState> progress = new ConcurrentHashMap<>();
    /** When the script running on this thread started (a script's events all come on the thread running it). */
    private final ThreadLocal<ScriptStart> scriptStart = ThreadLocal.withInitial(ScriptStart::new);

    private MigratorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A listener recording into {@code registry}, which the caller owns. */
    public static MigratorMetrics bindTo(MeterRegistry registry) {
        return new MigratorMetrics(Objects.requireNonNull(registry, "registry"));
    }

    /** The registry recorded into. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void onEvent(MigrationEvent event) {
        if (event instanceof MigrationEvent.ScriptStarted) {
            scriptStart.get().nanos = System.nanoTime();
        } else if (event instanceof MigrationEvent.ScriptSucceeded s) {
            script(s.target().connection(), s.down(), "success", s.duration());
        } else if (event instanceof MigrationEvent.ScriptFailed f) {
            // ScriptFailed has no duration: measured from its ScriptStarted, sent on the same thread.
            script(f.target().connection(), f.down(), "failure",
                    Duration.ofNanos(System.nanoTime() - scriptStart.get().nanos));
        } else if (event instanceof MigrationEvent.LockAcquired l) {
            Timer.builder("migrator.lock.wait")
                    .description("Time spent waiting for a target's lock")
                    .tag("connection", l.target().connection())
                    .register(registry)
                    .record(l.waited());
        } else if (event instanceof MigrationEvent.RunFinished r) {
            Timer.builder("migrator.run.duration")
                    .description("Duration of migrate and rollback runs")
                    .tag("operation", r.operation().name().toLowerCase(Locale.ROOT))
                    .tag("outcome", r.failure().isPresent() ? "failure" : "success")
                    .register(registry)
                    .record(r.duration());
        } else if (event instanceof MigrationEvent.BackupTaken b) {
            DistributionSummary.builder("migrator.backup.bytes")
                    .description("Size of the table files of each backup taken")
                    .baseUnit("bytes")
                    .tag("connection", b.target().connection())
                    .register(registry)
                    .record(b.manifest().byteSize());
        } else if (event instanceof MigrationEvent.RestoreFinished r) {
            Timer.builder("migrator.restore.duration")
                    .description("Duration of restores, verification included")
                    .tag("connection", r.target().connection())
                    .tag("outcome", r.failure().isPresent() ? "failure" : "success")
                    .register(registry)
                    .record(r.duration());
            Counter.builder("migrator.restore.rows")
                    .description("Rows loaded by restores")
                    .tag("connection", r.target().connection())
                    .register(registry)
                    .increment(r.rows());
        }
    }

    private void script(String connection, boolean down, String outcome, Duration duration) {
        String direction = down ? "down" : "up";
        Counter.builder("migrator.scripts.applied")
                .description("Scripts run, by outcome")
                .tag("connection", connection)
                .tag("direction", direction)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("migrator.script.duration")
                .description("Duration of each script")
                .tag("connection", connection)
                .tag("direction", direction)
                .tag("outcome", outcome)
                .register(registry)
                .record(duration);
    }

    @Override
    public void before(DataMigration migration, DataMigrationOptions options) {
        progressOf(migration.name()).ratio = Double.NaN;
    }

    @Override
    public void onProgress(DataProgress p) {
        // Throttled by the engine (about ten a second): a map look-up and a write per event.
        progressOf(p.migration()).ratio = p.stage() == DataProgress.Stage.DONE
                ? 1.0
                : p.total() > 0 ? Math.min(1.0, (double) p.done() / p.total()) : Double.NaN;
    }

    @Override
    public void after(DataMigrationResult result) {
        data(result, "success");
    }

    @Override
    public void onFailure(DataMigrationException failure) {
        if (failure.result() != null) {
            data(failure.result(), "failure");
        }
    }

    private void data(DataMigrationResult r, String outcome) {
        rows(r.migration(), "read", r.read());
        rows(r.migration(), "written", r.written());
        rows(r.migration(), "skipped", r.skipped());
        rows(r.migration(), "failed", r.failed());
        Timer.builder("migrator.data.duration")
                .description("Duration of data migration runs")
                .tag("migration", r.migration())
                .tag("outcome", outcome)
                .register(registry)
                .record(r.duration());
    }

    private void rows(String migration, String kind, long count) {
        Counter.builder("migrator.data.rows")
                .description("Records of data migrations, by what became of them")
                .tag("migration", migration)
                .tag("kind", kind)
                .register(registry)
                .increment(count);
    }

    private ProgressState progressOf(String migration) {
        return progress.computeIfAbsent(migration, name -> {
            ProgressState state = new ProgressState();
            Gauge.builder("migrator.data.progress", state, s -> s.ratio)
                    .description("How far the latest run of a data migration is, 0 to 1; NaN while its total is unknown")
                    .tag("migration", name)
                    .register(registry);
            return state;
        });
    }

    /** The start of the script running on a thread. */
    private static final class ScriptStart {
        long nanos;
    }

    /** One migration's latest progress. */
    private static final class ProgressState {
        volatile double ratio = Double.NaN;
    }

    @Override
    public String toString() {
        return "MigratorMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}

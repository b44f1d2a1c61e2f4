package dev.migrator.observability;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationListener;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationListener;
import dev.migrator.api.MigratorException;
import dev.migrator.api.Target;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Traces migrator runs with OpenTelemetry. Add it to a manager with {@code
 * MigrationManager.builder().listener(MigratorTracing.of(openTelemetry))}; it also hears every data migration of that
 * manager. Without an explicit one, a manager built with {@code migrator-observability} and the OpenTelemetry API on
 * the class path binds one to {@link GlobalOpenTelemetry} by itself (looked up at each span, so an SDK installed after
 * the manager was built is used; see {@link #global()}).
 *
 * <p>Spans: {@code migrator.migrate} or {@code migrator.rollback} per run (a child of the caller's current span), a
 * {@code migrator.target} child per target migrated, a {@code migrator.script} child of it per script (of the run on
 * rollback), {@code migrator.backup} per backup, {@code migrator.restore} per restore and {@code migrator.data} per
 * data migration. A failure sets the status ERROR (with {@code migrator.error.code}) on the script, its target and its
 * run, and records the exception on the script's span and on the run's; a failed restore's span gets both too.
 * Attributes are listed in {@code docs/observability.md}. Thread-safe: spans are kept by the
 * thread that sends their events, as the engine sends a run's events on one thread (for {@code migrateAll}, each
 * target's on one thread of its pool, whose target spans find their run through the target).
 */
public final class MigratorTracing implements MigrationListener, DataMigrationListener {

    /** The instrumentation scope of the spans. */
    public static final String SCOPE = "dev.migrator";

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("migrator.operation");
    static final AttributeKey<List<String>> TARGETS = AttributeKey.stringArrayKey("migrator.targets");
    static final AttributeKey<String> TARGET = AttributeKey.stringKey("migrator.target");
    static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("migrator.connection");
    static final AttributeKey<Long> PENDING = AttributeKey.longKey("migrator.scripts.pending");
    static final AttributeKey<Long> APPLIED = AttributeKey.longKey("migrator.scripts.applied");
    static final AttributeKey<String> VERSION = AttributeKey.stringKey("migrator.script.version");
    static final AttributeKey<String> NAME = AttributeKey.stringKey("migrator.script.name");
    static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("migrator.script.direction");
    static final AttributeKey<Long> STATEMENTS = AttributeKey.longKey("migrator.script.statements");
    static final AttributeKey<Long> DURATION_MS = AttributeKey.longKey("migrator.script.duration_ms");
    static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("migrator.error.code");
    static final AttributeKey<Long> LOCK_WAIT_MS = AttributeKey.longKey("migrator.lock.wait_ms");
    static final AttributeKey<String> BACKUP_ID = AttributeKey.stringKey("migrator.backup.id");
    static final AttributeKey<Long> BACKUP_BYTES = AttributeKey.longKey("migrator.backup.bytes");
    static final AttributeKey<Long> BACKUP_ROWS = AttributeKey.longKey("migrator.backup.rows");
    static final AttributeKey<Long> RESTORE_TABLES = AttributeKey.longKey("migrator.restore.tables");
    static final AttributeKey<Long> RESTORE_ROWS = AttributeKey.longKey("migrator.restore.rows");
    static final AttributeKey<String> MIGRATION = AttributeKey.stringKey("migrator.data.migration");
    static final AttributeKey<Long> READ = AttributeKey.longKey("migrator.data.read");
    static final AttributeKey<Long> WRITTEN = AttributeKey.longKey("migrator.data.written");
    static final AttributeKey<Long> SKIPPED = AttributeKey.longKey("migrator.data.skipped");
    static final AttributeKey<Long> FAILED = AttributeKey.longKey("migrator.data.failed");

    private final Supplier<Tracer> tracer;
    private final ThreadLocal<Open> open = ThreadLocal.withInitial(Open::new);
    /**
     * The open runs' spans by target, for targets that {@code migrateAll} runs on its pool's threads, where the run's
     * span is not the thread's. Two runs at once over one target (one waits for the other's lock) share the entry of
     * the later: its target span may then hang under the other run.
     */
    private final Map<Target, Span> runsByTarget = new ConcurrentHashMap<>();

    private MigratorTracing(Supplier<Tracer> tracer) {
        this.tracer = tracer;
    }

    /** A listener tracing with {@code openTelemetry}, which the caller owns. */
    public static MigratorTracing of(OpenTelemetry openTelemetry) {
        Tracer t = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(SCOPE);
        return new MigratorTracing(() -> t);
    }

    /**
     * A listener tracing with whatever {@link GlobalOpenTelemetry} holds when each span starts, and not at all while it
     * holds nothing. It never sets it: {@code GlobalOpenTelemetry.get()} would install a no-op for good when nothing is
     * set yet, and the application's own {@code GlobalOpenTelemetry.set(...)} would then fail.
     */
    public static MigratorTracing global() {
        return new MigratorTracing(() -> GlobalOpenTelemetry.getOrNoop().getTracer(SCOPE));
    }

    /** The spans open on one thread. */
    private static final class Open {
        Span run;
        Span target;
        Span script;
        Span data;

        boolean isEmpty() {
            return run == null && target == null && script == null && data == null;
        }
    }

    @Override
    public void onEvent(MigrationEvent event) {
        Open o = open.get();
        if (event instanceof MigrationEvent.RunStarted r) {
            o.run = tracer.get()
                    .spanBuilder("migrator." + r.operation().name().toLowerCase(Locale.ROOT))
                    .setParent(Context.current())
                    .setAttribute(OPERATION, r.operation().name().toLowerCase(Locale.ROOT))
                    .setAttribute(TARGETS, r.targets().stream().map(Target::toString).toList())
                    .startSpan();
            for (Target t : r.targets()) {
                runsByTarget.put(t, o.run);
            }
        } else if (event instanceof MigrationEvent.LockAcquired l) {
            Span on = o.target != null ? o.target : o.run != null ? o.run : runsByTarget.get(l.target());
            if (on != null) {
                on.addEvent("migrator.lock.acquired", Attributes.of(TARGET, l.target().toString(), LOCK_WAIT_MS,
                        l.waited().toMillis()));
            }
        } else if (event instanceof MigrationEvent.TargetStarted t) {
            if (o.target != null) {
                // The thread's previous target ended by a failure outside a script (no run here to end it): it failed.
                o.target.setStatus(StatusCode.ERROR, "ended without TargetFinished");
                o.target.end();
            }
            o.target = tracer.get()
                    .spanBuilder("migrator.target")
                    .setParent(parent(o.run != null ? o.run : runsByTarget.get(t.target())))
                    .setAttribute(TARGET, t.target().toString())
                    .setAttribute(CONNECTION, t.target().connection())
                    .setAttribute(PENDING, (long) t.pending())
                    .startSpan();
        } else if (event instanceof MigrationEvent.ScriptStarted s) {
            o.script = tracer.get()
                    .spanBuilder("migrator.script")
                    .setParent(parent(o.target != null ? o.target : o.run))
                    .setAttribute(TARGET, s.target().toString())
                    .setAttribute(VERSION, s.version().toString())
                    .setAttribute(NAME, s.name())
                    .setAttribute(DIRECTION, s.down() ? "down" : "up")
                    .startSpan();
        } else if (event instanceof MigrationEvent.ScriptStatements s) {
            if (o.script != null) {
                o.script.setAttribute(STATEMENTS, (long) s.statements());
            }
        } else if (event instanceof MigrationEvent.ScriptSucceeded s) {
            if (o.script != null) {
                o.script.setAttribute(DURATION_MS, s.duration().toMillis());
                o.script.end();
                o.script = null;
            }
        } else if (event instanceof MigrationEvent.ScriptFailed f) {
            if (o.script != null) {
                fail(o.script, f.error());
                o.script.recordException(f.error());
                o.script.end();
                o.script = null;
            }
            // A failed script ends its target's run: no TargetFinished follows.
            if (o.target != null) {
                fail(o.target, f.error());
                o.target.end();
                o.target = null;
            }
        } else if (event instanceof MigrationEvent.TargetFinished t) {
            if (o.target != null) {
                o.target.setAttribute(APPLIED, (long) t.applied());
                o.target.end();
                o.target = null;
            }
        } else if (event instanceof MigrationEvent.BackupTaken b) {
            Instant end = Instant.now();
            tracer.get()
                    .spanBuilder("migrator.backup")
                    .setParent(parent(o.data != null ? o.data : o.target != null ? o.target : o.run))
                    .setStartTimestamp(end.minus(b.manifest().duration()))
                    .setAttribute(TARGET, b.target().toString())
                    .setAttribute(BACKUP_ID, b.manifest().id())
                    .setAttribute(BACKUP_BYTES, b.manifest().byteSize())
                    .setAttribute(BACKUP_ROWS, b.manifest().rowCount())
                    .startSpan()
                    .end(end);
        } else if (event instanceof MigrationEvent.RestoreFinished r) {
            // A restore a data migration runs after its failure hangs under the data migration's span.
            Instant end = Instant.now();
            Span span = tracer.get()
                    .spanBuilder("migrator.restore")
                    .setParent(parent(o.data != null ? o.data : o.target != null ? o.target : o.run))
                    .setStartTimestamp(end.minus(r.duration()))
                    .setAttribute(TARGET, r.target().toString())
                    .setAttribute(BACKUP_ID, r.backupId())
                    .setAttribute(RESTORE_TABLES, (long) r.tables())
                    .setAttribute(RESTORE_ROWS, r.rows())
                    .startSpan();
            r.failure().ifPresent(e -> {
                fail(span, e);
                span.recordException(e);
            });
            span.end(end);
        } else if (event instanceof MigrationEvent.RunFinished r) {
            r.failure().ifPresent(e -> {
                // What a failure outside a script left open ends failed too (the script's own span recorded it).
                o.script = endFailed(o.script, e);
                o.target = endFailed(o.target, e);
                if (o.run != null) {
                    fail(o.run, e);
                    o.run.recordException(e);
                }
            });
            if (o.run != null) {
                for (Target t : r.targets()) {
                    runsByTarget.remove(t, o.run);
                }
                o.run.end();
                o.run = null;
            }
        }
        if (o.isEmpty()) {
            open.remove();
        }
    }

    private static Context parent(Span span) {
        return span != null ? Context.current().with(span) : Context.current();
    }

    /** Ends {@code span}, when open, with the status ERROR; returns {@code null}, what the field holds then. */
    private static Span endFailed(Span span, RuntimeException e) {
        if (span != null) {
            fail(span, e);
            span.end();
        }
        return null;
    }

    private static void fail(Span span, RuntimeException e) {
        span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
        if (e instanceof MigratorException m) {
            span.setAttribute(ERROR_CODE, m.code().name());
        }
    }

    @Override
    public void before(DataMigration migration, DataMigrationOptions options) {
        Open o = open.get();
        o.data = tracer.get()
                .spanBuilder("migrator.data")
                .setParent(parent(null))
                .setAttribute(MIGRATION, migration.name())
                .startSpan();
    }

    @Override
    public void after(DataMigrationResult result) {
        endData(result, null);
    }

    @Override
    public void onFailure(DataMigrationException failure) {
        endData(failure.result(), failure);
    }

    private void endData(DataMigrationResult r, DataMigrationException failure) {
        Open o = open.get();
        Span span = o.data;
        if (span != null) {
            if (r != null) {
                span.setAttribute(READ, r.read());
                span.setAttribute(WRITTEN, r.written());
                span.setAttribute(SKIPPED, r.skipped());
                span.setAttribute(FAILED, r.failed());
            }
            if (failure != null) {
                fail(span, failure);
                span.recordException(failure);
            }
            span.end();
            o.data = null;
        }
        if (o.isEmpty()) {
            open.remove();
        }
    }

    @Override
    public String toString() {
        return "MigratorTracing[" + SCOPE + "]";
    }
}

package dev.migrator.core.internal.schema;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.DatabaseException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.api.MigratorException;
import dev.migrator.api.MultiTargetResult;
import dev.migrator.api.Target;
import dev.migrator.api.TargetOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Migrates many targets (tenants) on a few threads, each target's outcome reported whatever the others do. */
final class ParallelMigration {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelMigration.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final TargetResolver resolver;
    private final Function<ResolvedTarget, TargetScope> scopes;
    private final Map<String, ConnectionConfig> connections;
    private final RunEvents runs;

    ParallelMigration(TargetResolver resolver, Function<ResolvedTarget, TargetScope> scopes, Map<String, ConnectionConfig> connections,
            RunEvents runs) {
        this.runs = runs;
        this.resolver = resolver;
        this.scopes = scopes;
        this.connections = connections;
    }

    /** How the run goes on after a target fails. */
    enum OnFailure {
        /** Targets not started yet are not started. */
        STOP,
        /** Every target is migrated. */
        CONTINUE
    }

    MultiTargetResult migrateAll(Collection<Target> requested, int parallelism, OnFailure onFailure) {
        if (parallelism < 1 || parallelism > 256) {
            throw new ConfigurationException("parallelism is " + parallelism + "; allowed: 1 to 256.");
        }
        boolean stopOnFailure = onFailure == OnFailure.STOP;
        Instant start = Instant.now();
        List<Target> list = List.copyOf(requested);
        // Validate every target before starting any, so a typo does not leave half the tenants migrated.
        List<ResolvedTarget> resolved = new ArrayList<>();
        for (Target t : list) {
            resolved.add(resolver.resolve(t));
        }
        int threads = Math.min(parallelism, Math.max(1, list.size()));
        for (ResolvedTarget rt : resolved) {
            ConnectionConfig c = connections.get(rt.target().connection());
            // Each running target holds a work connection from the pool: more threads than the pool allows
            // would only wait for connections and time out.
            if (c.dataSource() == null && threads > c.poolMax()) {
                LOG.warn("parallelism {} limited to {} by connection '{}' (poolMax {}; each running target needs one "
                        + "pooled connection). Raise poolMax to run more targets at once.", threads, c.poolMax(), c.name(), c.poolMax());
                threads = c.poolMax();
            }
        }
        int poolSize = threads;
        // The targets' own events come from the pool's threads; the run's, from this one.
        return runs.around(MigrationEvent.Operation.MIGRATE, resolved, start,
                () -> runOnPool(resolved, poolSize, stopOnFailure, start));
    }

    private MultiTargetResult runOnPool(List<ResolvedTarget> resolved, int threads, boolean stopOnFailure, Instant start) {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "migrator-target-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TargetOutcome>> futures = new ArrayList<>();
            for (ResolvedTarget rt : resolved) {
                futures.add(pool.submit(() -> {
                    if (stopOnFailure && stop.get()) {
                        return new TargetOutcome.NotStarted(rt.target());
                    }
                    try {
                        return new TargetOutcome.Migrated(rt.target(),
                                new MigrateCommand(scopes.apply(rt)).run(MigrateOptions.defaults()));
                    } catch (MigratorException e) {
                        stop.set(true);
                        LOG.warn("{}: migration failed: {}", rt.target(), e.getMessage());
                        return new TargetOutcome.Failed(rt.target(), e);
                    } catch (RuntimeException e) {
                        // One target's unexpected failure must not hide the others' outcomes.
                        stop.set(true);
                        LOG.warn("{}: migration failed unexpectedly", rt.target(), e);
                        return new TargetOutcome.Failed(rt.target(), new DatabaseException("Migration of " + rt.target()
                                + " failed unexpectedly: " + e + ". Its lock was released; see the cause and run again.", e));
                    }
                }));
            }
            List<TargetOutcome> outcomes = new ArrayList<>();
            for (Future<TargetOutcome> f : futures) {
                outcomes.add(f.get());
            }
            return new MultiTargetResult(outcomes, Duration.between(start, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new MigrationInterruptedException("Interrupted while migrating " + resolved.size()
                    + " targets; targets already started finish or roll back by themselves. The interrupt flag is set again.", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Unexpected failure migrating targets: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}

package dev.migrator.core.internal.project;


import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.api.MigratorException;
import dev.migrator.api.MultiProjectResult;
import dev.migrator.api.ProjectCopy;
import dev.migrator.api.ProjectOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several project copies at once: every project is checked before any starts, each runs on a thread of a bounded
 * pool, and one project's failure is its own outcome, never hiding the others'.
 */
final class ProjectBatch {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectBatch.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private ProjectBatch() {}

    static MultiProjectResult copyAll(ProjectRunner runner, List<ProjectCopy> projects, int parallelism) {
        if (parallelism < 1 || parallelism > ProjectRunner.MAX_PARALLELISM) {
            throw new ConfigurationException("copyProjects parallelism is " + parallelism + "; allowed: 1 to "
                    + ProjectRunner.MAX_PARALLELISM + ".");
        }
        Instant start = Instant.now();
        List<ProjectCopy> list = List.copyOf(projects);
        // Validate every project before starting any, so a typo does not leave half the projects copied.
        Set<String> names = new HashSet<>();
        for (ProjectCopy p : list) {
            if (!names.add(p.name())) {
                throw new ConfigurationException("Two projects are named " + p.name() + "; each project needs its own "
                        + "name (it names the project's backup and its tables' checkpoints). Nothing was started.");
            }
            runner.backend(p, p.fromConnection());
            runner.backend(p, p.toConnection());
        }
        int threads = Math.min(parallelism, Math.max(1, list.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "migrator-project-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ProjectOutcome>> futures = new ArrayList<>();
            for (ProjectCopy p : list) {
                futures.add(pool.submit(() -> {
                    try {
                        return new ProjectOutcome.Copied(p.name(), runner.copy(p));
                    } catch (MigratorException e) {
                        LOG.warn("[project {}] failed: {}", p.name(), e.getMessage());
                        return new ProjectOutcome.Failed(p.name(), e);
                    } catch (RuntimeException e) {
                        // One project's unexpected failure must not hide the others' outcomes.
                        LOG.warn("[project {}] failed unexpectedly", p.name(), e);
                        return new ProjectOutcome.Failed(p.name(), new DataMigrationException(ErrorCode.DATA_FAILED,
                                "Project " + p.name() + " failed unexpectedly: " + e + ". See the cause.", null, e));
                    }
                }));
            }
            List<ProjectOutcome> outcomes = new ArrayList<>();
            for (Future<ProjectOutcome> f : futures) {
                outcomes.add(f.get());
            }
            MultiProjectResult result = new MultiProjectResult(outcomes, Duration.between(start, Instant.now()));
            LOG.info("Copied {} of {} project(s) in {} ms", result.results().size(), list.size(),
                    result.duration().toMillis());
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new MigrationInterruptedException("Interrupted while copying " + list.size() + " projects; projects "
                    + "already started stop at their next batch or finish. The interrupt flag is set again.", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Unexpected failure copying projects: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}

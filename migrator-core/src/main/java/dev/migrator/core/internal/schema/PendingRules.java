package dev.migrator.core.internal.schema;

import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.ValidationException;
import dev.migrator.api.ValidationProblem;
import dev.migrator.api.Version;
import java.util.List;

/** What a migrate (or its dry run) may apply on one target, and when it must refuse to start. */
final class PendingRules {

    private final TargetScope scope;

    PendingRules(TargetScope scope) {
        this.scope = scope;
    }

    /** The pending scripts up to the options' version, in order (a failed one to resume is not among them). */
    List<LoadedScript> pending(HistoryAnalysis analysis, MigrateOptions options) {
        if (options.toVersion().isEmpty()) {
            return analysis.pending;
        }
        Version to = options.toVersion().get();
        return analysis.pending.stream().filter(s -> s.version().compareTo(to) <= 0).toList();
    }

    /** Refuses a run over a failed script (unless resumed) or, with validateOnMigrate, over blocking problems. */
    void check(HistoryAnalysis analysis, MigrateOptions options) {
        if (analysis.failed != null) {
            if (!options.resumeFailed() || analysis.failedScript == null) {
                throw new FailedMigrationPendingException(analysis.problems.stream()
                        .filter(p -> p.kind() == ValidationProblem.Kind.FAILED)
                        .findFirst()
                        .map(p -> "Cannot migrate " + scope.target() + ": " + p.message())
                        .orElseThrow());
            }
        }
        if (scope.settings().validateOnMigrate()) {
            List<ValidationProblem> blocking = analysis.blockingProblems();
            if (!blocking.isEmpty()) {
                throw new ValidationException(blocking);
            }
        }
    }
}

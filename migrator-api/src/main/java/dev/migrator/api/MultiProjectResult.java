package dev.migrator.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of copying many projects, one outcome per project in the order requested.
 *
 * @param outcomes one per project
 * @param duration the whole call
 */
public record MultiProjectResult(List<ProjectOutcome> outcomes, Duration duration) {

    /**
     * Copies the list.
     *
     * @param outcomes one per project
     * @param duration the whole call
     */
    public MultiProjectResult {
        outcomes = List.copyOf(outcomes);
    }

    /** {@return the projects that failed} */
    public List<ProjectOutcome.Failed> failures() {
        return outcomes.stream()
                .filter(o -> o instanceof ProjectOutcome.Failed)
                .map(o -> (ProjectOutcome.Failed) o)
                .toList();
    }

    /** {@return the reports of the projects copied, in the order requested} */
    public List<ProjectCopyResult> results() {
        return outcomes.stream()
                .filter(o -> o instanceof ProjectOutcome.Copied)
                .map(o -> ((ProjectOutcome.Copied) o).result())
                .toList();
    }

    /** {@return whether every project was copied} */
    public boolean allCopied() {
        return outcomes.stream().allMatch(o -> o instanceof ProjectOutcome.Copied);
    }

    /**
     * {@return the outcome of one project}
     *
     * @param project the project copy's name
     */
    public Optional<ProjectOutcome> outcome(String project) {
        return outcomes.stream().filter(o -> o.project().equals(project)).findFirst();
    }
}

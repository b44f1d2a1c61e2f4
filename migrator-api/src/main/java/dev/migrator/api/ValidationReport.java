package dev.migrator.api;

import java.util.List;

/**
 * The result of {@code validate()}: every disagreement between local scripts and history, none when valid.
 *
 * @param problems the problems found
 */
public record ValidationReport(List<ValidationProblem> problems) {
    /**
     * Copies the list.
     *
     * @param problems the problems found
     */
    public ValidationReport {
        problems = List.copyOf(problems);
    }

    /** {@return whether scripts and history agree} */
    public boolean isValid() {
        return problems.isEmpty();
    }

    /**
     * Throws when invalid.
     *
     * @throws ValidationException listing every problem
     */
    public void orThrow() {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }
}

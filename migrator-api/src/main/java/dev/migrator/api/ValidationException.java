package dev.migrator.api;

import java.util.List;

/**
 * Local scripts and history disagree; {@link #problems()} lists every disagreement and the message says what to do
 * for each. Its code is {@link ErrorCode#CHECKSUM_MISMATCH} when every problem is a changed checksum.
 */
public class ValidationException extends MigratorException {

    private static final long serialVersionUID = 1L;

    private final transient List<ValidationProblem> problems;

    /**
     * Creates the exception from the problems found (at least one).
     *
     * @param problems the problems, at least one; copied
     */
    public ValidationException(List<ValidationProblem> problems) {
        super(codeOf(problems), messageOf(problems));
        this.problems = List.copyOf(problems);
    }

    /** {@return every problem found, in target and version order} */
    public List<ValidationProblem> problems() {
        return problems;
    }

    private static ErrorCode codeOf(List<ValidationProblem> problems) {
        boolean allChecksums = !problems.isEmpty()
                && problems.stream().allMatch(p -> p.kind() == ValidationProblem.Kind.CHECKSUM_CHANGED);
        return allChecksums ? ErrorCode.CHECKSUM_MISMATCH : ErrorCode.VALIDATION_FAILED;
    }

    private static String messageOf(List<ValidationProblem> problems) {
        StringBuilder sb = new StringBuilder("Validation failed: ")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (ValidationProblem p : problems) {
            sb.append(System.lineSeparator()).append("  - ").append(p.message());
        }
        return sb.toString();
    }
}

package dev.migrator.api;

import java.util.Objects;

/**
 * A finding that a {@code -- migrator:lint-ignore RULE reason} comment before its statement suppressed.
 *
 * @param finding the finding as it would have been reported
 * @param reason the reason written in the comment
 */
public record SuppressedFinding(LintFinding finding, String reason) {

    /**
     * Checks that nothing is null.
     *
     * @param finding the finding as it would have been reported
     * @param reason the reason written in the comment
     */
    public SuppressedFinding {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(reason, "reason");
    }
}

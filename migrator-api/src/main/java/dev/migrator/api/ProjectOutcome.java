package dev.migrator.api;

/** How one project of {@link MigrationManager#copyProjects(java.util.List, int)} ended. */
public sealed interface ProjectOutcome permits ProjectOutcome.Copied, ProjectOutcome.Failed {

    /** {@return the project's name} */
    String project();

    /**
     * The project was copied.
     *
     * @param project the project's name
     * @param result its report
     */
    record Copied(String project, ProjectCopyResult result) implements ProjectOutcome {}

    /**
     * The project failed; the other projects went on.
     *
     * @param project the project's name
     * @param error why; a {@link ProjectCopyException} carries the partial report and whether the target was restored
     */
    record Failed(String project, MigratorException error) implements ProjectOutcome {}
}

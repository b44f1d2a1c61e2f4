package dev.migrator.api;

/** How one target of a many-target migration ended. */
public sealed interface TargetOutcome permits TargetOutcome.Migrated, TargetOutcome.Failed, TargetOutcome.NotStarted {

    /** {@return the target, schema resolved where it was} */
    Target target();

    /** The target was migrated (possibly with nothing pending). */
    record Migrated(Target target, TargetResult result) implements TargetOutcome {}

    /** The target failed; the error says which script and what to do. */
    record Failed(Target target, MigratorException error) implements TargetOutcome {}

    /** The target was not started because an earlier one failed and stopOnFailure was asked. */
    record NotStarted(Target target) implements TargetOutcome {}
}

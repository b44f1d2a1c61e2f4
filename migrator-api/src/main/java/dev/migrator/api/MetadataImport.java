package dev.migrator.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An import of an export file into a loader.
 *
 * @param source the file written by {@link MetadataManager#export}
 * @param strategy {@link Strategy#MERGE} (default), {@link Strategy#REPLACE} or {@link Strategy#SKIP}
 * @param validate whether items are validated first (known type, name format, required fields, JSON Schemas)
 * @param continueOnError with {@code false} (default) nothing is written when any item fails; with {@code true} the
 *     valid items are written and the others reported
 * @param loader the loader to write to, or {@code null} to choose per item by the manager's strategy
 * @param dryRun report what would change and write nothing
 */
public record MetadataImport(Path source, Strategy strategy, boolean validate, boolean continueOnError, String loader,
        boolean dryRun) {

    /**
     * Checks the source and fills the default strategy.
     *
     * @param source the file written by {@link MetadataManager#export}
     * @param strategy {@link Strategy#MERGE} (default), {@link Strategy#REPLACE} or {@link Strategy#SKIP}
     * @param validate whether items are validated first (known type, name format, required fields, JSON Schemas)
     * @param continueOnError with {@code false} (default) nothing is written when any item fails; with {@code true} the
     *     valid items are written and the others reported
     * @param loader the loader to write to, or {@code null} to choose per item by the manager's strategy
     * @param dryRun report what would change and write nothing
     */
    public MetadataImport {
        Objects.requireNonNull(source, "source");
        strategy = strategy == null ? Strategy.MERGE : strategy;
    }

    /**
     * A validated, all-or-nothing MERGE import of a file.
     *
     * @param source the file written by {@link MetadataManager#export}
     * @return the import
     */
    public static MetadataImport of(Path source) {
        return new MetadataImport(source, Strategy.MERGE, true, false, null, false);
    }

    /**
     * {@return this import with another strategy}
     *
     * @param s {@link Strategy#MERGE}, {@link Strategy#REPLACE} or {@link Strategy#SKIP}; {@code null} for MERGE
     */
    public MetadataImport with(Strategy s) {
        return new MetadataImport(source, s, validate, continueOnError, loader, dryRun);
    }

    /**
     * {@return this import into one loader}
     *
     * @param loaderName the name of the loader to write to
     */
    public MetadataImport into(String loaderName) {
        return new MetadataImport(source, strategy, validate, continueOnError, loaderName, dryRun);
    }

    /**
     * {@return this import with continue-on-error on or off}
     *
     * @param on {@code true} to write the valid items and report the others
     */
    public MetadataImport continueOnError(boolean on) {
        return new MetadataImport(source, strategy, validate, on, loader, dryRun);
    }

    /**
     * {@return this import with validation on or off}
     *
     * @param on {@code false} to write items without validating them
     */
    public MetadataImport validate(boolean on) {
        return new MetadataImport(source, strategy, on, continueOnError, loader, dryRun);
    }

    /**
     * {@return this import as a dry run or not}
     *
     * @param on {@code true} to report what would change and write nothing
     */
    public MetadataImport dryRun(boolean on) {
        return new MetadataImport(source, strategy, validate, continueOnError, loader, on);
    }

    /** What happens to items that already exist. */
    public enum Strategy {
        /** New items are created and existing ones replaced by the file's version; others are left alone. */
        MERGE,
        /** As MERGE, and items of the file's types that are not in the file are deleted: the loader ends equal to it. */
        REPLACE,
        /** Only new items are created; existing ones are kept as they are. */
        SKIP
    }
}

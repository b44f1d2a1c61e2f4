package dev.migrator.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The results of metadata export, import, copy and statistics. */
public final class MetadataResults {

    private MetadataResults() {}

    /**
     * An export.
     *
     * @param file the file written
     * @param items the items in it
     * @param stats the statistics written with it, or {@code null}
     */
    public record Export(Path file, long items, Stats stats, Duration duration) {}

    /**
     * An import (or a copy between loaders).
     *
     * @param created items created (or that would be, in a dry run)
     * @param updated items replaced because their content differed
     * @param unchanged items already equal
     * @param skipped existing items kept by SKIP
     * @param deleted items deleted by REPLACE
     * @param failed items rejected
     * @param problems each rejected item with its reason
     * @param dryRun whether nothing was written
     */
    public record Import(long created, long updated, long unchanged, long skipped, long deleted, long failed,
            List<MetadataProblem> problems, boolean dryRun, Duration duration) {

        /**
         * Copies the list.
         *
         * @param created items created (or that would be, in a dry run)
         * @param updated items replaced because their content differed
         * @param unchanged items already equal
         * @param skipped existing items kept by SKIP
         * @param deleted items deleted by REPLACE
         * @param failed items rejected
         * @param problems each rejected item with its reason
         * @param dryRun whether nothing was written
         * @param duration how long the import took
         */
        public Import {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Counts of items.
     *
     * @param total all items
     * @param byType per type
     * @param byNamespace per namespace
     * @param byScope per scope
     * @param byLoader per loader
     */
    public record Stats(long total, Map<String, Long> byType, Map<String, Long> byNamespace, Map<MetadataScope, Long> byScope,
            Map<String, Long> byLoader) {

        /**
         * Copies the maps.
         *
         * @param total all items
         * @param byType per type
         * @param byNamespace per namespace
         * @param byScope per scope
         * @param byLoader per loader
         */
        public Stats {
            byType = Map.copyOf(byType);
            byNamespace = Map.copyOf(byNamespace);
            byScope = Map.copyOf(byScope);
            byLoader = Map.copyOf(byLoader);
        }
    }
}

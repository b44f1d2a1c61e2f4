package dev.migrator.core.internal.metadata;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataImport;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataProblem;
import dev.migrator.api.MetadataQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An import's two steps: choosing the items (the first of a key, the valid ones), then comparing them with what each
 * target loader holds and writing the difference by the strategy (merge, replace, skip).
 */
final class MetadataImporter {

    /**
     * One import or copy.
     *
     * @param source what the items come from, for messages
     * @param loader the loader every item goes to, or {@code null} for each item's own by the strategy
     */
    record Run(String source, MetadataImport.Strategy strategy, boolean validate, boolean continueOnError, String loader,
            boolean dryRun) {

        static Run of(MetadataImport request) {
            return new Run(request.source().toString(), request.strategy(), request.validate(),
                    request.continueOnError(), request.loader(), request.dryRun());
        }

        /** A copy between loaders: always validated, and any problem stops it. */
        static Run copy(String fromLoader, String toLoader, MetadataImport.Strategy strategy, boolean dryRun) {
            return new Run("loader " + fromLoader, strategy, true, false, toLoader, dryRun);
        }
    }

    /** The items to write by key, and the keys rejected (duplicates and invalid items). */
    record Selection(Map<String, MetadataItem> byKey, Set<String> rejected) {}

    /** What the write step did. */
    record Counts(long created, long updated, long unchanged, long skipped, long deleted) {}

    private MetadataImporter() {}

    /** Keeps the first item of each key and, when the run validates, the valid ones; each rejection adds a problem. */
    static Selection select(Run run, List<MetadataItem> incoming, List<MetadataProblem> problems,
            Function<MetadataItem, List<MetadataProblem>> validator) {
        Map<String, MetadataItem> byKey = new LinkedHashMap<>();
        Set<String> rejected = new LinkedHashSet<>();
        for (MetadataItem i : incoming) {
            if (byKey.containsKey(i.key())) {
                problems.add(new MetadataProblem(run.source(), null, i.key(), "appears twice ("
                        + ErrorCode.METADATA_DUPLICATE + "); keep one"));
                rejected.add(i.key());
                continue;
            }
            byKey.put(i.key(), i);
            if (run.validate()) {
                for (MetadataProblem p : validator.apply(i)) {
                    problems.add(new MetadataProblem(run.source(), p.location(), p.item(), p.message()));
                    rejected.add(i.key());
                }
            }
        }
        rejected.forEach(byKey::remove);
        return new Selection(byKey, rejected);
    }

    /**
     * Groups the selected items by the loader each goes to, compares them with what that loader holds, and (unless a
     * dry run) writes what is new or changed; with REPLACE it deletes what the import does not hold, of the imported
     * types (of every type when the run names its loader), never a rejected key.
     */
    static Counts write(Run run, List<MetadataItem> incoming, Selection selection,
            Function<MetadataItem, MetadataLoader> writer) {
        Map<String, MetadataItem> byKey = selection.byKey();
        // Group by the loader each item goes to, then compare with what that loader holds.
        Map<MetadataLoader, List<MetadataItem>> perLoader = new LinkedHashMap<>();
        for (MetadataItem i : byKey.values()) {
            perLoader.computeIfAbsent(writer.apply(i), k -> new ArrayList<>()).add(i);
        }
        MetadataImport.Strategy strategy = run.strategy();
        long created = 0;
        long updated = 0;
        long unchanged = 0;
        long skipped = 0;
        long deleted = 0;
        for (Map.Entry<MetadataLoader, List<MetadataItem>> e : perLoader.entrySet()) {
            MetadataLoader l = e.getKey();
            Map<String, MetadataItem> existing = new LinkedHashMap<>();
            for (MetadataItem i : l.list(MetadataQuery.all())) {
                existing.put(i.key(), i);
            }
            List<MetadataItem> writes = new ArrayList<>();
            for (MetadataItem i : e.getValue()) {
                MetadataItem there = existing.get(i.key());
                if (there == null) {
                    created++;
                    writes.add(i);
                } else if (strategy == MetadataImport.Strategy.SKIP) {
                    skipped++;
                } else if (MetadataItem.checksumOf(there.body()).equals(MetadataItem.checksumOf(i.body()))
                        && there.scope() == i.scope()) {
                    unchanged++;
                } else {
                    updated++;
                    writes.add(i);
                }
            }
            List<MetadataItem> deletes = new ArrayList<>();
            if (strategy == MetadataImport.Strategy.REPLACE) {
                Set<String> types = new LinkedHashSet<>();
                incoming.forEach(i -> types.add(i.type()));
                for (MetadataItem there : existing.values()) {
                    if (!byKey.containsKey(there.key()) && (run.loader() != null || types.contains(there.type()))
                            && !selection.rejected().contains(there.key())) {
                        deletes.add(there);
                    }
                }
                deleted += deletes.size();
            }
            if (!run.dryRun()) {
                if (!writes.isEmpty()) {
                    l.saveAll(writes);
                }
                for (MetadataItem d : deletes) {
                    l.delete(d.type(), d.name(), d.namespace());
                }
            }
        }
        return new Counts(created, updated, unchanged, skipped, deleted);
    }
}

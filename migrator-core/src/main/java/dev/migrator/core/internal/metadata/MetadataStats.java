package dev.migrator.core.internal.metadata;

import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataResults;
import dev.migrator.api.MetadataScope;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Metadata statistics: how many items by type, namespace, scope and loader. */
final class MetadataStats {

    private MetadataStats() {}

    /**
     * Counts by type, namespace and scope (of the given items, or of every item the loaders list, the first loader's
     * copy of a key counting once) and by loader (what each lists).
     *
     * @param given the items to count, or {@code null} for all the loaders hold
     * @param onlyLoader the one loader to count, or {@code null} for all
     */
    static MetadataResults.Stats of(Collection<MetadataLoader> loaders, List<MetadataItem> given, String onlyLoader) {
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byNamespace = new TreeMap<>();
        Map<MetadataScope, Long> byScope = new TreeMap<>();
        Map<String, Long> byLoader = new TreeMap<>();
        Map<String, MetadataItem> seen = new LinkedHashMap<>();
        for (MetadataLoader l : loaders) {
            if (onlyLoader != null && !onlyLoader.equals(l.name()) || !l.capabilities().list()) {
                continue;
            }
            List<MetadataItem> of = l.list(MetadataQuery.all());
            byLoader.put(l.name(), (long) of.size());
            of.forEach(i -> seen.putIfAbsent(i.key(), i));
        }
        for (MetadataItem i : given != null ? given : seen.values()) {
            byType.merge(i.type(), 1L, Long::sum);
            byNamespace.merge(i.namespace(), 1L, Long::sum);
            byScope.merge(i.scope(), 1L, Long::sum);
        }
        long total = given != null ? given.size() : seen.size();
        return new MetadataResults.Stats(total, byType, byNamespace, byScope, byLoader);
    }
}

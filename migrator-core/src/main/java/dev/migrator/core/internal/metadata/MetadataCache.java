package dev.migrator.core.internal.metadata;

import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metadata manager's TTL cache of single items (found or not) and of lists by query. Every write through the
 * manager clears it all: a list holds items of many keys, so clearing one key would leave stale lists behind. A TTL of
 * zero caches nothing. Thread-safe.
 */
final class MetadataCache {

    private record Cached<T>(T value, long expiresAt) {
        boolean fresh() {
            return System.nanoTime() < expiresAt;
        }
    }

    private final Duration ttl;
    private final Map<String, Cached<Optional<MetadataItem>>> items = new ConcurrentHashMap<>();
    private final Map<MetadataQuery, Cached<List<MetadataItem>>> lists = new ConcurrentHashMap<>();

    MetadataCache(Duration ttl) {
        this.ttl = ttl;
    }

    /** The cached answer for an item's key, or {@code null} when there is none or it expired. */
    Optional<MetadataItem> item(String key) {
        Cached<Optional<MetadataItem>> c = items.get(key);
        return c != null && c.fresh() ? c.value() : null;
    }

    /** Caches an item's answer, found or not. */
    void putItem(String key, Optional<MetadataItem> found) {
        if (!ttl.isZero()) {
            items.put(key, cached(found));
        }
    }

    /** Caches an item found while prefetching (the TTL is checked on read). */
    void prefetched(MetadataItem item) {
        items.put(item.key(), cached(Optional.of(item)));
    }

    /** The cached list for a query, or {@code null} when there is none or it expired. */
    List<MetadataItem> list(MetadataQuery query) {
        Cached<List<MetadataItem>> c = lists.get(query);
        return c != null && c.fresh() ? c.value() : null;
    }

    void putList(MetadataQuery query, List<MetadataItem> found) {
        if (!ttl.isZero()) {
            lists.put(query, cached(found));
        }
    }

    void clear() {
        items.clear();
        lists.clear();
    }

    private <T> Cached<T> cached(T value) {
        long nanos = ttl.toNanos();
        return new Cached<>(value, nanos == 0 ? Long.MIN_VALUE : System.nanoTime() + nanos);
    }
}

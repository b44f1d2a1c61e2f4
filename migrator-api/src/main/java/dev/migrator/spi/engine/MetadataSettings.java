package dev.migrator.spi.engine;

import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What {@link dev.migrator.api.MetadataManager.Builder} hands the engine, checked. */
public record MetadataSettings(List<MetadataLoader> loaders, String defaultLoader, MetadataStrategy strategy,
        Duration cacheTtl, boolean prefetch, int parallelism, Set<String> types, Map<String, String> schemas,
        Map<String, List<String>> required, Pattern namePattern) {

    /**
     * Copies the lists.
     *
     * @param loaders the loaders, in the order added; the list is copied
     * @param defaultLoader the name of the loader for items the strategy sends nowhere, or {@code null} for the first
     * @param strategy maps a type and scope to a loader's name, or {@code null}
     * @param cacheTtl how long reads are cached; {@code Duration.ZERO} for no cache
     * @param prefetch whether every item is loaded when the manager is built
     * @param parallelism loaders read at once, 1 to 32
     * @param types the known types; empty when every type is allowed
     * @param schemas JSON Schemas by type
     * @param required required fields by type
     * @param namePattern the pattern item names must match
     */
    public MetadataSettings {
        loaders = List.copyOf(loaders);
    }
}

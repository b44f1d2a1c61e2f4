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

    /** Copies the lists. */
    public MetadataSettings {
        loaders = List.copyOf(loaders);
    }
}

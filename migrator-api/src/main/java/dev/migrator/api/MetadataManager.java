package dev.migrator.api;

import dev.migrator.spi.engine.MetadataSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Metadata over several loaders: a default loader, a strategy choosing the loader by type and scope, a cache (TTL,
 * invalidated on every write through the manager), prefetch at start, parallel loading, validation, export, import,
 * statistics and copies between loaders. Thread-safe. Closing it closes its loaders.
 *
 * <pre>{@code
 * MetadataManager metadata = MetadataManager.builder()
 *         .loader(MetadataLoaders.file("file-loader", Path.of("metadata")))
 *         .loader(MetadataLoaders.database("database-loader", url, user, password, "public"))
 *         .defaultLoader("file-loader")
 *         .strategy((type, scope) -> scope == MetadataScope.USER ? "database-loader" : "file-loader")
 *         .types("object", "view", "field", "flow", "permission")
 *         .build();
 * }</pre>
 */
public interface MetadataManager extends AutoCloseable {

    /**
     * Starts a manager; {@link Builder#build()} checks the settings.
     *
     * @return a builder with no loader yet and a five-minute cache
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * An item from the loader its type and scope map to (system items first, then user items); cached.
     *
     * @param type the item's type, e.g. {@code object}
     * @param name the item's name within its type and namespace
     * @param namespace the namespace, e.g. a tenant's
     * @return the item, or empty when no loader has it
     */
    Optional<MetadataItem> get(String type, String name, String namespace);

    /**
     * {@link #get(String, String, String)} in the default namespace.
     *
     * @param type the item's type, e.g. {@code object}
     * @param name the item's name within its type and namespace
     * @return the item in the default namespace, or empty when no loader has it
     */
    default Optional<MetadataItem> get(String type, String name) {
        return get(type, name, MetadataItem.DEFAULT_NAMESPACE);
    }

    /**
     * The items matching a query, from every loader (loaded in parallel); cached.
     *
     * @param query which items: by type, namespace and scope, each optional
     * @return the matching items of every loader; empty when none match
     */
    List<MetadataItem> list(MetadataQuery query);

    /**
     * Validates and saves an item into the loader the strategy chooses, invalidating the cache.
     *
     * @param item the item to save; its checksum and time are set by the loader
     * @return the item as saved, with its checksum and time
     * @throws MetadataException {@link ErrorCode#METADATA_INVALID} naming what is wrong
     */
    MetadataItem save(MetadataItem item);

    /**
     * Deletes an item from its loader; {@code false} when there was none.
     *
     * @param type the item's type, e.g. {@code object}
     * @param name the item's name within its type and namespace
     * @param namespace the namespace, e.g. a tenant's
     * @return {@code true} when an item was deleted, {@code false} when there was none
     */
    boolean delete(String type, String name, String namespace);

    /**
     * {@return the problems of the last loads (malformed files, unknown types), each naming its source and position}
     */
    List<MetadataProblem> problems();

    /**
     * Validation of one item: known type, name format, required fields, JSON Schema; empty when valid.
     *
     * @param item the item to check
     * @return the problems found, each naming the field; empty when the item is valid
     */
    List<MetadataProblem> validate(MetadataItem item);

    /**
     * Writes items to a JSON file.
     *
     * @param file the JSON file to write
     * @param query which items
     * @param loader only this loader's items, or {@code null} for all
     * @param pretty indented or compact
     * @param includeStats whether the file holds the statistics too
     * @return the file written, how many items it holds, and how long writing took
     */
    MetadataResults.Export export(Path file, MetadataQuery query, String loader, boolean pretty, boolean includeStats);

    /**
     * Imports an export file; with {@code continueOnError(false)} nothing is written when any item fails.
     *
     * @param request the file, the conflict strategy, and whether to go on past failing items
     * @return what was created, updated, skipped and failed
     * @throws MetadataException {@link ErrorCode#METADATA_IMPORT_FAILED} with every problem, nothing written
     */
    MetadataResults.Import importFrom(MetadataImport request);

    /** {@return the problems of the last import, also after it threw} */
    List<MetadataProblem> lastImportErrors();

    /** {@return counts by type, namespace, scope and loader} */
    MetadataResults.Stats stats();

    /**
     * Copies every item of one loader into another (files to a database, or back for a rollback), as an import with
     * the given strategy: REPLACE leaves the target equal to the source.
     *
     * @param fromLoader the name of the loader to read
     * @param toLoader the name of the loader to write
     * @param strategy what to do with an item both loaders hold
     * @param dryRun {@code true} to report what would change and write nothing
     * @return what was (or, in a dry run, would be) created, updated, skipped and failed
     */
    MetadataResults.Import copy(String fromLoader, String toLoader, MetadataImport.Strategy strategy, boolean dryRun);

    /** {@return the loaders, by name} */
    Map<String, MetadataLoader> loaders();

    /** Empties the cache. */
    void invalidate();

    @Override
    void close();

    /** Builds a {@link MetadataManager}; {@link #build()} checks everything. */
    final class Builder {
        private final Map<String, MetadataLoader> loaders = new LinkedHashMap<>();
        private String defaultLoader;
        private MetadataStrategy strategy;
        private Duration cacheTtl = Duration.ofMinutes(5);
        private boolean prefetch;
        private int parallelism = 4;
        private final Set<String> types = new LinkedHashSet<>();
        private final Map<String, String> schemas = new LinkedHashMap<>();
        private final Map<String, List<String>> required = new LinkedHashMap<>();
        private Pattern namePattern = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,199}");

        private Builder() {}

        /**
         * Adds a loader; the first is the default unless {@link #defaultLoader} says otherwise.
         *
         * @param loader the loader; its name must differ from the loaders added before
         * @return this builder
         */
        public Builder loader(MetadataLoader loader) {
            Objects.requireNonNull(loader, "loader");
            if (loaders.containsKey(loader.name())) {
                throw new ConfigurationException("Two metadata loaders are named '" + loader.name() + "'; give each its own name.");
            }
            loaders.put(loader.name(), loader);
            return this;
        }

        /**
         * The loader for items the strategy sends nowhere.
         *
         * @param name the name of a loader added with {@link #loader}
         * @return this builder
         */
        public Builder defaultLoader(String name) {
            this.defaultLoader = name;
            return this;
        }

        /**
         * Chooses the loader by type and scope.
         *
         * @param strategy maps an item's type and scope to a loader's name
         * @return this builder
         */
        public Builder strategy(MetadataStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        /**
         * How long reads are cached ({@code Duration.ZERO}: no cache); default 5 minutes.
         *
         * @param ttl how long a read stays cached; {@code Duration.ZERO} for no cache
         * @return this builder
         */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = Objects.requireNonNull(ttl, "cacheTtl");
            return this;
        }

        /**
         * Whether every loader's items are loaded into the cache at build time.
         *
         * @param prefetch {@code true} to load every item when the manager is built
         * @return this builder
         */
        public Builder prefetch(boolean prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /**
         * Loaders read at once by list/prefetch (1 to 32; default 4).
         *
         * @param parallelism loaders read at once, 1 to 32
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /**
         * The known types; items of other types are rejected. None given: every type is allowed.
         *
         * @param names the type names allowed
         * @return this builder
         */
        public Builder types(String... names) {
            types.addAll(List.of(names));
            return this;
        }

        /**
         * A JSON Schema for the bodies of a type.
         *
         * @param type the type whose bodies the schema checks
         * @param jsonSchema the JSON Schema, as text
         * @return this builder
         */
        public Builder schema(String type, String jsonSchema) {
            schemas.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(jsonSchema, "jsonSchema"));
            return this;
        }

        /**
         * Fields every body of a type must have.
         *
         * @param type the type whose bodies must have the fields
         * @param fields the top-level field names
         * @return this builder
         */
        public Builder required(String type, String... fields) {
            required.put(Objects.requireNonNull(type, "type"), List.of(fields));
            return this;
        }

        /**
         * The pattern names must match (default: a letter, then letters, digits, {@code _ . -}; up to 200).
         *
         * @param pattern the pattern a whole name must match
         * @return this builder
         */
        public Builder namePattern(Pattern pattern) {
            this.namePattern = Objects.requireNonNull(pattern, "namePattern");
            return this;
        }

        /**
         * Builds the manager (prefetching when asked).
         *
         * @return the manager; it closes the loaders when closed
         * @throws ConfigurationException for no loader, an unknown default loader, or parallelism out of range
         */
        public MetadataManager build() {
            if (loaders.isEmpty()) {
                throw new ConfigurationException("A metadata manager needs at least one loader; add one with "
                        + "loader(MetadataLoaders.file(\"file-loader\", Path.of(\"metadata\"))).");
            }
            String def = defaultLoader != null ? defaultLoader : loaders.keySet().iterator().next();
            if (!loaders.containsKey(def)) {
                throw new ConfigurationException("defaultLoader is '" + def + "'; the loaders are " + loaders.keySet() + ".");
            }
            if (parallelism < 1 || parallelism > 32) {
                throw new ConfigurationException("parallelism is " + parallelism + "; allowed: 1 to 32.");
            }
            if (cacheTtl.isNegative()) {
                throw new ConfigurationException("cacheTtl is " + cacheTtl + "; it must not be negative.");
            }
            MetadataSettings settings = new MetadataSettings(new ArrayList<>(loaders.values()), def, strategy, cacheTtl,
                    prefetch, parallelism, Set.copyOf(types), Map.copyOf(schemas), Map.copyOf(required), namePattern);
            return Engines.engine(null).metadataManager(settings);
        }
    }
}

package dev.migrator.api;

import dev.migrator.spi.MetadataLoaderProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens loaders through the {@link MetadataLoaderProvider}s on the class path: {@code file:} from
 * {@code migrator-core}, {@code database:} from {@code migrator-jdbc}, {@code mongodb:} from {@code migrator-mongo}.
 */
public final class MetadataLoaders {

    private MetadataLoaders() {}

    /**
     * Opens a loader.
     *
     * @param config the kind of store, its location and the loader's name
     * @return the loader; close it (or the manager it is given to) when done
     * @throws ConfigurationException naming the protocols found when none serves the config
     */
    public static MetadataLoader open(MetadataLoaderConfig config) {
        List<String> found = new ArrayList<>();
        MetadataLoaderProvider provider = Engines.metadataLoader(p -> p.supports(config), found);
        if (provider != null) {
            return provider.open(config);
        }
        throw new ConfigurationException("No metadata loader serves " + config.protocol() + " for loader '" + config.name()
                + "'. Found: " + found + ". Add dev.migrator:migrator-core (file:), "
                + "migrator-jdbc (database:) or migrator-mongo (mongodb:); in a shaded jar, merge META-INF/services files.");
    }

    /**
     * {@return a {@code file:} loader over a folder}
     *
     * @param name the loader's name, which strategies refer to
     * @param directory the folder of item files
     */
    public static MetadataLoader file(String name, Path directory) {
        return open(MetadataLoaderConfig.file(name, directory));
    }

    /**
     * {@return a {@code database:} loader on table {@code _framework_metadata} of a schema, created when missing}
     *
     * @param name the loader's name, which strategies refer to
     * @param url the JDBC URL
     * @param user the user, or {@code null}
     * @param password the password, or {@code null}; never shown
     * @param schema the schema of the table
     */
    public static MetadataLoader database(String name, String url, String user, String password, String schema) {
        return open(MetadataLoaderConfig.database(name, url, user, password, schema));
    }

    /**
     * {@return a {@code mongodb:} loader on collection {@code _framework_metadata} of the URI's database}
     *
     * @param name the loader's name, which strategies refer to
     * @param uri the MongoDB URI, naming the database
     */
    public static MetadataLoader mongodb(String name, String uri) {
        return open(MetadataLoaderConfig.mongodb(name, uri));
    }
}

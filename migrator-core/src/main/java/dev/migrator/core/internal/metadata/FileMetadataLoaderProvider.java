package dev.migrator.core.internal.metadata;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.spi.MetadataLoaderProvider;
import java.nio.file.Files;

/** Opens {@code file:} loaders: a config with protocol {@code file:} and a directory. */
public final class FileMetadataLoaderProvider implements MetadataLoaderProvider {

    /** For {@link java.util.ServiceLoader}. */
    public FileMetadataLoaderProvider() {}

    @Override
    public String protocol() {
        return FileMetadataLoader.PROTOCOL;
    }

    @Override
    public boolean supports(MetadataLoaderConfig config) {
        return FileMetadataLoader.PROTOCOL.equals(config.protocol()) && config.directory() != null;
    }

    /**
     * Opens a loader over the config's directory with the config's scope; a missing directory is created by the first
     * save or watch.
     *
     * @throws ConfigurationException when the directory is missing from the config or is a file
     */
    @Override
    public MetadataLoader open(MetadataLoaderConfig config) {
        if (!supports(config)) {
            throw new ConfigurationException("Metadata loader '" + config.name() + "' has protocol " + config.protocol()
                    + " and directory " + config.directory() + "; a file: loader needs protocol file: and a directory, "
                    + "e.g. MetadataLoaderConfig.file(\"file-loader\", Path.of(\"metadata\")).");
        }
        if (Files.exists(config.directory()) && !Files.isDirectory(config.directory())) {
            throw new ConfigurationException("The directory of metadata loader '" + config.name() + "' is "
                    + config.directory().toAbsolutePath() + ", which is a file; give a folder of {name}.{type}.json files.");
        }
        return new FileMetadataLoader(config.name(), config.directory(), config.scope());
    }
}

package dev.migrator.spi;

import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;

/**
 * Opens metadata loaders of one protocol; registered in {@code META-INF/services/dev.migrator.spi.MetadataLoaderProvider}.
 */
public interface MetadataLoaderProvider {

    /** {@return the protocol served, e.g. {@code database:}} */
    String protocol();

    /**
     * {@return whether this provider serves the config (its protocol, and for databases the URL's kind)}
     *
     * @param config the loader's settings
     */
    boolean supports(MetadataLoaderConfig config);

    /**
     * Opens the loader; with {@code autoMigrate} creates a missing table or collection and its indexes.
     *
     * @param config the loader's settings
     * @return the loader; the caller closes it
     * @throws dev.migrator.api.MetadataException with {@code METADATA_TABLE_MISMATCH} when an existing table lacks
     *     columns (naming them and the statements that add them; the table is never dropped)
     */
    MetadataLoader open(MetadataLoaderConfig config);
}

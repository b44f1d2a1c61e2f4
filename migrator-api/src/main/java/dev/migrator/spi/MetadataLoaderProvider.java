package dev.migrator.spi;

import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;

/**
 * Opens metadata loaders of one protocol; registered in {@code META-INF/services/dev.migrator.spi.MetadataLoaderProvider}.
 */
public interface MetadataLoaderProvider {

    /** The protocol served, e.g. {@code database:}. */
    String protocol();

    /** Whether this provider serves the config (its protocol, and for databases the URL's kind). */
    boolean supports(MetadataLoaderConfig config);

    /**
     * Opens the loader; with {@code autoMigrate} creates a missing table or collection and its indexes.
     *
     * @throws dev.migrator.api.MetadataException with {@code METADATA_TABLE_MISMATCH} when an existing table lacks
     *     columns (naming them and the statements that add them; the table is never dropped)
     */
    MetadataLoader open(MetadataLoaderConfig config);
}

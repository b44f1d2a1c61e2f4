/**
 * What a backend implements, found with {@link java.util.ServiceLoader} as a {@link dev.migrator.spi.BackendProvider}
 * (and, for metadata stored in a database, a {@link dev.migrator.spi.MetadataLoaderProvider}). The engine owns every
 * rule (what is pending, what a checksum change means); a backend only stores rows, takes locks and runs statements.
 * The bridge from the API to the engine is in {@link dev.migrator.spi.engine}, not for backend authors.
 */
package dev.migrator.spi;

/**
 * What an engine and a backend implement. Found with {@link java.util.ServiceLoader}: an engine registers an
 * {@link dev.migrator.spi.EngineProvider}, a backend a {@link dev.migrator.spi.BackendProvider}. The engine owns every
 * rule (what is pending, what a checksum change means); a backend only stores rows, takes locks and runs statements.
 */
package dev.migrator.spi;

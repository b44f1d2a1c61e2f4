/**
 * The PostgreSQL and MySQL/MariaDB backend of migrator: {@link dev.migrator.jdbc.JdbcBackendProvider}, and its
 * {@code database:} metadata loader: {@link dev.migrator.jdbc.JdbcMetadataLoaderProvider}. Everything else
 * lives in {@code dev.migrator.jdbc.internal} and is not API.
 */
package dev.migrator.jdbc;

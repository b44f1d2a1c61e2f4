/**
 * The PostgreSQL and MySQL/MariaDB backend of migrator: {@link dev.migrator.jdbc.JdbcBackendProvider}. Everything else
 * lives in {@code dev.migrator.jdbc.internal} and is not API.
 */
package dev.migrator.jdbc;

/**
 * The PostgreSQL and MySQL/MariaDB backend of migrator. It exports nothing: the engine finds it with
 * {@link java.util.ServiceLoader}.
 *
 * <p>The MySQL/MariaDB driver is not required: no class here names it, and its jar has no {@code Automatic-Module-Name}
 * (a name derived from the file name would break when the file is renamed). It is found like any JDBC driver, through
 * {@code java.sql.Driver} service binding, once it is on the module path or the class path.
 */
module dev.migrator.jdbc {
    requires dev.migrator.api;
    requires java.sql;
    requires org.slf4j;
    requires com.zaxxer.hikari;
    requires com.fasterxml.jackson.core;
    // PostgreSQL's COPY API (org.postgresql.copy) is the fast path of bulk loads; the jar names itself org.postgresql.jdbc.
    requires org.postgresql.jdbc;

    provides dev.migrator.spi.BackendProvider with dev.migrator.jdbc.JdbcBackendProvider;
    provides dev.migrator.spi.MetadataLoaderProvider with dev.migrator.jdbc.JdbcMetadataLoaderProvider;
}

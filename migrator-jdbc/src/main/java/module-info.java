/**
 * The PostgreSQL and MySQL/MariaDB backend of migrator. It exports nothing: the engine finds it with
 * {@link java.util.ServiceLoader}.
 *
 * <p>Neither driver is required: an application adds the one it uses ({@code org.postgresql:postgresql},
 * {@code com.mysql:mysql-connector-j}; both are optional dependencies of migrator-jdbc), and a connection whose driver
 * is missing fails naming the artifact to add. The MySQL/MariaDB driver is named by no class here, and its jar has no
 * {@code Automatic-Module-Name} (a name derived from the file name would break when the file is renamed). Both are
 * found like any JDBC driver, through {@code java.sql.Driver} service binding, once on the module path or the class
 * path.
 */
module dev.migrator.jdbc {
    requires dev.migrator.api;
    requires java.sql;
    requires org.slf4j;
    requires com.zaxxer.hikari;
    requires com.fasterxml.jackson.core;
    // The migration linter's UPDATE/DELETE reader (internal.lint.DmlTarget).
    requires net.sf.jsqlparser;
    // PostgreSQL's COPY API (org.postgresql.copy) is the fast path of bulk loads; the jar names itself org.postgresql.jdbc.
    // Static: a MySQL/MariaDB application need not have it. When present it is resolved by java.sql.Driver service
    // binding, and this module then reads it; only PostgreSQL connections load the classes that use it.
    requires static org.postgresql.jdbc;

    provides dev.migrator.spi.BackendProvider with dev.migrator.jdbc.JdbcBackendProvider;
    provides dev.migrator.spi.MetadataLoaderProvider with dev.migrator.jdbc.JdbcMetadataLoaderProvider;
}

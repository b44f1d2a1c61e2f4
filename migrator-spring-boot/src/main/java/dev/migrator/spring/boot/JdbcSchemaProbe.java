package dev.migrator.spring.boot;

import dev.migrator.api.Target;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * {@link SchemaProbe} over JDBC metadata. MySQL and MariaDB call a schema a catalog; PostgreSQL a schema. A target
 * without a schema means the connection's current one.
 */
final class JdbcSchemaProbe implements SchemaProbe {

    /** Opens a connection to look with; the probe closes each connection it gets. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;

    JdbcSchemaProbe(Connector connector) {
        this.connector = connector;
    }

    @Override
    public boolean hasObjects(Target target, String historyTable) {
        try (Connection connection = connector.connect()) {
            DatabaseMetaData metaData = connection.getMetaData();
            String product = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT);
            boolean catalogs = product.contains("mysql") || product.contains("mariadb");
            String schema = target.schemaName().orElse(catalogs ? connection.getCatalog() : connection.getSchema());
            try (ResultSet tables = catalogs
                    ? metaData.getTables(schema, null, "%", new String[] {"TABLE", "VIEW"})
                    : metaData.getTables(null, schema, "%", new String[] {"TABLE", "VIEW"})) {
                while (tables.next()) {
                    if (!tables.getString("TABLE_NAME").equalsIgnoreCase(historyTable)) {
                        return true;
                    }
                }
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell whether " + target + " already holds tables, which"
                    + " migrator.baseline-version needs: " + e.getMessage(), e);
        }
    }
}

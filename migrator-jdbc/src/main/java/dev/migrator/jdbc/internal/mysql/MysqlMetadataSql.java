package dev.migrator.jdbc.internal.mysql;

import dev.migrator.jdbc.internal.MetadataTableSql;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * MySQL's and MariaDB's metadata table: InnoDB, utf8mb4 with binary identity columns, JSON bodies, DATETIME(3),
 * {@code ON DUPLICATE KEY UPDATE}.
 */
final class MysqlMetadataSql implements MetadataTableSql {

    @Override
    public String idDefinition() {
        return "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
    }

    @Override
    public String identityCollation() {
        return " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    }

    @Override
    public String jsonType() {
        return "JSON";
    }

    @Override
    public String emptyJsonDefault() {
        return " DEFAULT ('{}')";
    }

    @Override
    public String timestampDefinition() {
        return "DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)";
    }

    @Override
    public List<String> createStatements(String qualified, List<String> columns, String uniqueIndex,
            String namespaceIndex) {
        return List.of("CREATE TABLE IF NOT EXISTS " + qualified + " (" + String.join(", ", columns) + ", UNIQUE KEY "
                + uniqueIndex + " (type, name, namespace), KEY " + namespaceIndex + " (namespace)"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
    }

    /** DDL commits implicitly here, so there is no transaction to hold a lock in; a concurrent create is retried. */
    @Override
    public void lockForCreate(Connection c, String schema, String table) {
    }

    @Override
    public String updatedAtSelect() {
        return "CAST(updated_at AS CHAR)";
    }

    @Override
    public String orderByIdentity() {
        return " ORDER BY type, namespace, name";
    }

    @Override
    public String jsonParameter() {
        return "?";
    }

    @Override
    public String upsertClause(List<String> keys, List<String> updated) {
        return MysqlDialect.upsertClause(keys, updated);
    }

    @Override
    public ResultSet indexInfo(DatabaseMetaData meta, String schema, String table) throws SQLException {
        return meta.getIndexInfo(schema, null, table, false, true);
    }

    @Override
    public boolean cursorNeedsTransaction() {
        return false;
    }
}

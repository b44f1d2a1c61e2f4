package dev.migrator.jdbc.internal.postgres;

import dev.migrator.jdbc.internal.Dialect;
import dev.migrator.jdbc.internal.MetadataTableSql;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** PostgreSQL's metadata table: JSONB bodies, TIMESTAMPTZ, {@code ON CONFLICT}, creation behind an advisory lock. */
final class PostgresMetadataSql implements MetadataTableSql {

    @Override
    public String idDefinition() {
        return "BIGSERIAL PRIMARY KEY";
    }

    @Override
    public String identityCollation() {
        return "";
    }

    @Override
    public String jsonType() {
        return "JSONB";
    }

    @Override
    public String emptyJsonDefault() {
        return " DEFAULT '{}'";
    }

    @Override
    public String timestampDefinition() {
        return "TIMESTAMPTZ NOT NULL DEFAULT now()";
    }

    @Override
    public List<String> createStatements(String qualified, List<String> columns, String uniqueIndex,
            String namespaceIndex) {
        return List.of("CREATE TABLE IF NOT EXISTS " + qualified + " (" + String.join(", ", columns) + ")",
                "CREATE UNIQUE INDEX IF NOT EXISTS " + uniqueIndex + " ON " + qualified + " (type, name, namespace)",
                "CREATE INDEX IF NOT EXISTS " + namespaceIndex + " ON " + qualified + " (namespace)");
    }

    /**
     * DDL in one transaction behind an advisory lock: two instances starting at once would otherwise race on the
     * catalog's unique indexes even with IF NOT EXISTS.
     */
    @Override
    public void lockForCreate(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, Dialect.lockHash("metadata", schema, table));
            lock.execute();
        }
    }

    @Override
    public String updatedAtSelect() {
        return "updated_at";
    }

    @Override
    public String orderByIdentity() {
        return " ORDER BY type COLLATE \"C\", namespace COLLATE \"C\", name COLLATE \"C\"";
    }

    @Override
    public String jsonParameter() {
        return "CAST(? AS JSONB)";
    }

    @Override
    public String upsertClause(List<String> keys, List<String> updated) {
        return PostgresDialect.upsertClause(keys, updated);
    }

    @Override
    public ResultSet indexInfo(DatabaseMetaData meta, String schema, String table) throws SQLException {
        return meta.getIndexInfo(null, schema, table, false, true);
    }

    /** pgjdbc honours the fetch size only inside a transaction (a cursor); without one it reads every row first. */
    @Override
    public boolean cursorNeedsTransaction() {
        return true;
    }
}

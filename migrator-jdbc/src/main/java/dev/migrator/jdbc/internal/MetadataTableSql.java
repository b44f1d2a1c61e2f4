package dev.migrator.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the products for the {@code database:} metadata loader's table: column types, DDL, the upsert,
 * the listing order and how the catalog and cursors are read. The table's rules (its columns, what a missing column or
 * index means, what is never dropped) stay in {@link JdbcMetadataTable}.
 */
public interface MetadataTableSql {

    /** {@code id}'s definition: a generated primary key. */
    String idDefinition();

    /** What follows {@code VARCHAR(n)} for the identity columns, so that they compare byte for byte. */
    String identityCollation();

    /** The JSON column type of {@code body}. */
    String jsonType();

    /** {@code body}'s default when the column is added to a table with rows. */
    String emptyJsonDefault();

    /** {@code created_at}'s and {@code updated_at}'s definition, with a default of now. */
    String timestampDefinition();

    /**
     * The statements that create the table and its two indexes, each idempotent.
     *
     * @param columns the column definitions ({@code name type constraints}), in order
     * @param uniqueIndex the quoted name of the unique index on {@code (type, name, namespace)}
     * @param namespaceIndex the quoted name of the index on {@code namespace}
     */
    List<String> createStatements(String qualified, List<String> columns, String uniqueIndex, String namespaceIndex);

    /**
     * Serialises creators of the same table until the transaction ends, where DDL is transactional; does nothing
     * elsewhere.
     */
    void lockForCreate(Connection c, String schema, String table) throws SQLException;

    /** The expression that reads {@code updated_at} so that {@link Dialect#getInstant} can read it. */
    String updatedAtSelect();

    /** {@code ORDER BY type, namespace, name}, byte order on both products whatever the database's collation. */
    String orderByIdentity();

    /**
     * The upsert of one row by {@code (type, name, namespace)}: parameters type, name, namespace, scope, body (JSON
     * text), checksum, created_at, updated_at.
     */
    default String upsert(String qualified) {
        return "INSERT INTO " + qualified + " (type, name, namespace, scope, body, checksum, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, " + jsonParameter() + ", ?, ?, ?)"
                + upsertClause(List.of("type", "name", "namespace"), List.of("scope", "body", "checksum", "updated_at"));
    }

    /** The parameter that binds {@code body}'s JSON text: {@code ?}, or with a cast to the column's type. */
    String jsonParameter();

    /** The vendor's clause after an INSERT's values that updates {@code updated} when a row with the keys exists. */
    String upsertClause(List<String> keys, List<String> updated);

    /** {@code DatabaseMetaData.getIndexInfo} of the table (the schema is a catalog on MySQL). */
    ResultSet indexInfo(DatabaseMetaData meta, String schema, String table) throws SQLException;

    /** Whether the driver streams a result with a fetch size only inside a transaction. */
    boolean cursorNeedsTransaction();
}

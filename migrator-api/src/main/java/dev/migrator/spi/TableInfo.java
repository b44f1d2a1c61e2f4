package dev.migrator.spi;

import java.util.List;

/**
 * A table (or MongoDB collection) with its columns in the order rows carry their values.
 *
 * @param schema the schema (MySQL and MongoDB: database)
 * @param name the table's name
 * @param columns the columns, in row order (MongoDB: one {@link ValueKind#DOCUMENT} column {@code document})
 * @param primaryKey the primary key's columns, possibly empty
 */
public record TableInfo(String schema, String name, List<ColumnInfo> columns, List<String> primaryKey) {

    /**
     * Copies the lists.
     *
     * @param schema the schema (MySQL and MongoDB: database)
     * @param name the table's name
     * @param columns the columns, in row order (MongoDB: one {@link ValueKind#DOCUMENT} column {@code document})
     * @param primaryKey the primary key's columns, possibly empty
     */
    public TableInfo {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /** {@return {@code schema.name}} */
    public String qualifiedName() {
        return schema + "." + name;
    }
}

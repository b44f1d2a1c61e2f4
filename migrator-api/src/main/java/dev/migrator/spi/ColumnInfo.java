package dev.migrator.spi;

import java.util.Objects;

/**
 * A column of a table, as a backend reads and writes it.
 *
 * @param name the column's name
 * @param type the database's type name, e.g. {@code numeric(12,2)}; used to check a restore target and to cast
 *     {@link ValueKind#OTHER} values back
 * @param kind how values travel
 * @param elementKind for {@link ValueKind#ARRAY}, the elements' kind; otherwise {@code null}
 */
public record ColumnInfo(String name, String type, ValueKind kind, ValueKind elementKind) {

    /**
     * Checks the fields.
     *
     * @param name the column's name
     * @param type the database's type name, e.g. {@code numeric(12,2)}; used to check a restore target and to cast
     *     {@link ValueKind#OTHER} values back
     * @param kind how values travel
     * @param elementKind for {@link ValueKind#ARRAY}, the elements' kind; otherwise {@code null}
     */
    public ColumnInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        if (kind == ValueKind.ARRAY && elementKind == null) {
            throw new IllegalArgumentException("Array column " + name + " needs an element kind.");
        }
    }

    /**
     * {@return a column of a kind that is not an array}
     *
     * @param name the column's name
     * @param type the database's type name, e.g. {@code varchar(200)}
     * @param kind how its values are read and written
     */
    public static ColumnInfo of(String name, String type, ValueKind kind) {
        return new ColumnInfo(name, type, kind, null);
    }
}

package dev.migrator.api;

/**
 * Which items to list; {@code null} fields match everything.
 *
 * @param type only this type
 * @param namespace only this namespace
 * @param scope only this scope
 */
public record MetadataQuery(String type, String namespace, MetadataScope scope) {

    /** Every item. */
    public static MetadataQuery all() {
        return new MetadataQuery(null, null, null);
    }

    /** Items of one type. */
    public static MetadataQuery ofType(String type) {
        return new MetadataQuery(type, null, null);
    }

    /** Whether an item matches. */
    public boolean matches(MetadataItem item) {
        return (type == null || type.equals(item.type())) && (namespace == null || namespace.equals(item.namespace()))
                && (scope == null || scope == item.scope());
    }
}

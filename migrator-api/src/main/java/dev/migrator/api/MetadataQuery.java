package dev.migrator.api;

/**
 * Which items to list; {@code null} fields match everything.
 *
 * @param type only this type
 * @param namespace only this namespace
 * @param scope only this scope
 */
public record MetadataQuery(String type, String namespace, MetadataScope scope) {

    /** {@return every item} */
    public static MetadataQuery all() {
        return new MetadataQuery(null, null, null);
    }

    /**
     * Items of one type.
     *
     * @param type the item type wanted
     * @return a query for every item of {@code type}, in any namespace and scope
     */
    public static MetadataQuery ofType(String type) {
        return new MetadataQuery(type, null, null);
    }

    /**
     * {@return whether an item matches}
     *
     * @param item the item to test
     */
    public boolean matches(MetadataItem item) {
        return (type == null || type.equals(item.type())) && (namespace == null || namespace.equals(item.namespace()))
                && (scope == null || scope == item.scope());
    }
}

package dev.migrator.api;

/**
 * Chooses the loader of an item by its type and scope, for the hybrid set-up: system metadata in files, user metadata
 * in the database ({@code (type, scope) -> scope == MetadataScope.USER ? "database-loader" : "file-loader"}).
 */
@FunctionalInterface
public interface MetadataStrategy {

    /**
     * {@return the name of the loader that keeps items of this type and scope; {@code null} for the default loader}
     *
     * @param type the item's type
     * @param scope the item's scope
     */
    String loaderFor(String type, MetadataScope scope);
}

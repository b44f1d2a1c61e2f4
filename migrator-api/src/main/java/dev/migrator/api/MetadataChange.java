package dev.migrator.api;

/**
 * A change seen by a watching loader.
 *
 * @param kind what happened
 * @param type the item's type
 * @param name its name
 * @param namespace its namespace
 * @param loader the loader's name
 */
public record MetadataChange(Kind kind, String type, String name, String namespace, String loader) {

    /** Kinds of change. */
    public enum Kind {
        /** The item was created. */
        CREATED,
        /** The item's content changed. */
        UPDATED,
        /** The item was deleted. */
        DELETED
    }
}

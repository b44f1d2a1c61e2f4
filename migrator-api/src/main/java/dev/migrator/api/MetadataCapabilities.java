package dev.migrator.api;

/** What a loader can do. */
public record MetadataCapabilities(boolean read, boolean write, boolean watch, boolean list) {

    /** Everything. */
    public static MetadataCapabilities all() {
        return new MetadataCapabilities(true, true, true, true);
    }
}

package dev.migrator.api;

/** What a loader can do. */
public record MetadataCapabilities(boolean read, boolean write, boolean watch, boolean list) {

    /**
     * Everything.
     *
     * @return capabilities with read, write, watch and list all on
     */
    public static MetadataCapabilities all() {
        return new MetadataCapabilities(true, true, true, true);
    }
}

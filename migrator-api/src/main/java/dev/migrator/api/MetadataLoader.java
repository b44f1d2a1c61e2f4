package dev.migrator.api;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps metadata items somewhere: a folder of files ({@code file:}), a table ({@code database:}), a collection
 * ({@code mongodb:}). Thread-safe. Made by {@link MetadataLoaders} (or registered in code: any implementation works);
 * {@link MetadataManager} adds caching, the hybrid strategy, validation, export and import on top. Closing it closes
 * what it opened (a pool, a client, a watch).
 */
public interface MetadataLoader extends AutoCloseable {

    /** {@return the loader's name, unique in a manager, e.g. {@code file-loader}} */
    String name();

    /** {@return {@code file:}, {@code database:} or {@code mongodb:} (or a third party's)} */
    String protocol();

    /** {@return what it can do} */
    MetadataCapabilities capabilities();

    /**
     * One item.
     *
     * @param type the item's type
     * @param name the item's name
     * @param namespace the namespace
     * @return the item, or empty when this loader has none
     * @throws MetadataException when the store cannot be read
     */
    Optional<MetadataItem> get(String type, String name, String namespace);

    /**
     * The items matching a query. Items that cannot be read (a malformed file) are left out and reported by
     * {@link #problems()}; the others still load.
     *
     * @param query which items: by type, namespace and scope, each optional
     * @return the readable items that match; empty when none do
     */
    List<MetadataItem> list(MetadataQuery query);

    /** {@return problems found by the last {@link #list} (malformed files, unknown types), each naming its source} */
    default List<MetadataProblem> problems() {
        return List.of();
    }

    /**
     * Saves an item (created or replaced), returning it with its checksum and time.
     *
     * @param item the item to save
     * @return the item as stored, with its checksum and time
     * @throws MetadataException with {@link ErrorCode#METADATA_NOT_WRITABLE} when the loader cannot write
     */
    MetadataItem save(MetadataItem item);

    /**
     * Saves several items all-or-nothing where the store allows (databases: one transaction); a file loader writes
     * each file atomically and stops at the first failure.
     *
     * @param items the items to save
     * @return the items as stored, in the order given
     */
    default List<MetadataItem> saveAll(List<MetadataItem> items) {
        return items.stream().map(this::save).toList();
    }

    /**
     * Deletes an item; {@code false} when there was none.
     *
     * @param type the item's type
     * @param name the item's name
     * @param namespace the namespace
     * @return {@code true} when an item was deleted, {@code false} when there was none
     */
    boolean delete(String type, String name, String namespace);

    /**
     * Watches for changes made outside this loader (files edited, rows changed by another instance where supported).
     *
     * @param listener called with each change
     * @return closes the watch
     * @throws MetadataException with {@link ErrorCode#METADATA_NOT_WRITABLE} when the loader cannot watch
     */
    default AutoCloseable watch(Consumer<MetadataChange> listener) {
        throw new MetadataException(ErrorCode.METADATA_NOT_WRITABLE, "Metadata loader " + name() + " (" + protocol()
                + ") cannot watch for changes; poll with list() or use a file: loader.");
    }

    @Override
    void close();
}

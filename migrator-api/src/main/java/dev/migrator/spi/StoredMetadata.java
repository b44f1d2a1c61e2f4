package dev.migrator.spi;

import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataScope;
import java.util.Locale;
import java.util.Map;

/**
 * How a metadata store reads back the scope and checksum it stored, for every {@link dev.migrator.api.MetadataLoader}
 * (a table, a collection, an export file), so that the same stored text means the same item wherever it is kept.
 * Static rules, no state.
 */
public final class StoredMetadata {

    private StoredMetadata() {}

    /**
     * A stored scope: {@code system} or {@code user}, case and surrounding blanks ignored; none stored ({@code null})
     * is {@link MetadataScope#SYSTEM}, as for an item that names none.
     *
     * @param stored the text as stored, or {@code null}
     * @return the scope
     * @throws IllegalArgumentException when the text is neither word; the message shows it and the two allowed (a
     *     loader reports it with where the item is stored, usually as a {@link dev.migrator.api.MetadataProblem})
     */
    public static MetadataScope scope(String stored) {
        if (stored == null) {
            return MetadataScope.SYSTEM;
        }
        try {
            return MetadataScope.valueOf(stored.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scope is '" + stored + "'; expected system or user", e);
        }
    }

    /**
     * A stored checksum, surrounding blanks removed (a fixed-width column pads it); when none was stored ({@code null}
     * or blank: written before checksums were kept) the body's, as {@link MetadataItem#checksumOf} computes it.
     *
     * @param stored the checksum as stored, or {@code null}
     * @param body the item's body as read back
     * @return the checksum
     */
    public static String checksum(String stored, Map<String, ?> body) {
        return stored == null || stored.isBlank() ? MetadataItem.checksumOf(body) : stored.strip();
    }
}

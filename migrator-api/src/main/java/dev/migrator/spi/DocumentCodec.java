package dev.migrator.spi;

import java.util.Map;

/**
 * Turns a backend's documents ({@link ValueKind#DOCUMENT} values) into the JSON text a backup stores and back, so that
 * the engine writes and reads backups of documents without naming a driver type. A backend whose tables have
 * {@code DOCUMENT} columns offers one through {@link Backend#documents()}; MongoDB's is canonical Extended JSON.
 *
 * <p>The two directions are exact inverses for every document the backend's sessions give: {@code toJson(fromJson(t))}
 * is {@code t} for every {@code t} that {@code toJson} returned, and {@code fromJson(toJson(d))} holds the same values of
 * the same types as {@code d}. Backups rely on it: a backup's content checksum is taken over the text, and a restore
 * compares what it loaded with the backup by encoding the loaded documents again. The text of one document is the
 * same every time it is encoded (field order kept), so a backup of the same data has the same bytes.
 *
 * <p>Thread-safe: one codec serves every table of a backup read or written in parallel.
 */
public interface DocumentCodec {

    /**
     * A document as JSON text.
     *
     * @param document a document as this backend's sessions give it (for MongoDB an {@code org.bson.Document} with the
     *     driver's value types inside)
     * @return one JSON object; the engine writes it compactly, so whitespace does not matter
     * @throws IllegalArgumentException when a value is of a type this backend cannot store
     */
    String toJson(Map<String, Object> document);

    /**
     * {@return a document from the text {@link #toJson} gave, as this backend's sessions take it}
     *
     * @param json the text {@link #toJson} gave
     * @throws IllegalArgumentException when the text is not a document of this format (a damaged or edited backup)
     */
    Map<String, Object> fromJson(String json);
}

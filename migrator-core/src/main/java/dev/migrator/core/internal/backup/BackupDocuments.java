package dev.migrator.core.internal.backup;

import dev.migrator.api.ConfigurationException;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DocumentCodec;
import dev.migrator.spi.ValueKind;
import java.util.Collection;
import java.util.List;

/**
 * The backend's {@link DocumentCodec} for the tables a backup, restore or verification touches: asked for once, before
 * anything is read or written, so that a backend with documents but no codec is refused up front rather than after
 * part of a run.
 */
final class BackupDocuments {

    private BackupDocuments() {}

    /**
     * The codec when a table has {@link ValueKind#DOCUMENT} columns; {@code null} when none has (rows then carry no
     * documents to turn into text).
     *
     * @param tables each table's columns
     * @throws ConfigurationException when a table has documents and the backend offers no codec
     */
    static DocumentCodec codec(Backend backend, String connection, Collection<List<ColumnInfo>> tables) {
        boolean documents = tables.stream().flatMap(List::stream)
                .anyMatch(c -> c.kind() == ValueKind.DOCUMENT || c.elementKind() == ValueKind.DOCUMENT);
        if (!documents) {
            return null;
        }
        return backend.documents().orElseThrow(() -> new ConfigurationException("Connection '" + connection + "' ("
                + backend.product() + ") has tables of documents (ValueKind.DOCUMENT columns), but its backend offers no "
                + "DocumentCodec to turn them into a backup's JSON text and back (Backend.documents()); a backend with "
                + "DOCUMENT columns must offer one. Nothing was read or written."));
    }
}

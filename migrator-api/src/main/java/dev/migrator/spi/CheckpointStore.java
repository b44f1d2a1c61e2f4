package dev.migrator.spi;

import java.util.Optional;

/**
 * The checkpoint store role: where a data migration's progress is kept, so that a run resumes after a crash. A
 * checkpoint is saved in the transaction of the batch it follows, so that the two commit together, or are undone
 * together; {@link DataWriteSession} plays it. The state is the engine's (a JSON text): the store only keeps it.
 */
public interface CheckpointStore {

    /**
     * Creates the checkpoint table or collection {@code migrator_data_checkpoints} in the schema when missing; called
     * outside a batch (MySQL's DDL commits).
     *
     * @param schema the schema (MongoDB: database) holding the checkpoint table
     */
    void prepareCheckpoints(String schema);

    /**
     * {@return the checkpoint state stored for a migration (a JSON text); empty when none is stored}
     *
     * @param schema the schema (MongoDB: database) holding the checkpoint table
     * @param migration the data migration's name
     */
    Optional<String> loadCheckpoint(String schema, String migration);

    /**
     * Stores a migration's checkpoint state, inside the current batch's transaction.
     *
     * @param schema the schema (MongoDB: database) holding the checkpoint table
     * @param migration the data migration's name
     * @param state the checkpoint state, a JSON text
     */
    void saveCheckpoint(String schema, String migration, String state);
}

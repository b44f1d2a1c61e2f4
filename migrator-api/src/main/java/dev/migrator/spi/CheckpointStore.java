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
     */
    void prepareCheckpoints(String schema);

    /** The checkpoint state stored for a migration (a JSON text); empty when none is stored. */
    Optional<String> loadCheckpoint(String schema, String migration);

    /** Stores a migration's checkpoint state, inside the current batch's transaction. */
    void saveCheckpoint(String schema, String migration, String state);
}

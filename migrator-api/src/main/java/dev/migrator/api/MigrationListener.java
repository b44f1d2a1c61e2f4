package dev.migrator.api;

/**
 * Receives {@link MigrationEvent}s. Called on the migrating thread; keep it fast. An exception thrown by a listener
 * is logged and does not stop the run.
 */
@FunctionalInterface
public interface MigrationListener {

    /**
     * Called for every event.
     *
     * @param event what happened; its type says which step
     */
    void onEvent(MigrationEvent event);
}

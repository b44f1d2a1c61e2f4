package dev.migrator.api;

/**
 * Code run around migrate and rollback on each target, under the target's lock, registered with {@link
 * MigrationManager.Builder#callback(Callback)}. It runs for every {@link CallbackEvent}; ignore the ones you do not
 * need. {@link MigrationContext#execute(String)} runs in the transaction the event describes.
 */
@FunctionalInterface
public interface Callback {

    /**
     * Handles one event on one target.
     *
     * @param event what is happening
     * @param context the target, its schema, placeholders and the backend's native handle
     * @throws Exception any failure; it fails the run as a failing script would (an error callback's own failure is
     *     added to the run's failure as suppressed)
     */
    void handle(CallbackEvent event, MigrationContext context) throws Exception;
}

package dev.migrator.api;

import java.util.List;

/**
 * Checks a record after the transforms and before it is written; JSON Schemas are registered with
 * {@link DataMigration.Builder#schema(String, String)} instead. A record with problems is rejected: the run stops, or
 * with {@link DataMigrationOptions.Builder#continueOnError} it goes to the error log with its problems.
 */
@FunctionalInterface
public interface Validator {

    /**
     * {@return the record's problems, each a sentence naming the field; empty when it is valid}
     *
     * @param record the record after the transforms
     */
    List<String> validate(DataRecord record);
}

package dev.migrator.api;

import java.util.Map;
import java.util.Objects;

/**
 * Decides a conflict between an incoming record and the existing one with the same key. Called on the writer's thread,
 * one conflict at a time, so an interactive resolver may prompt; it is also called in a dry run, whose answers are
 * reported and not written.
 */
@FunctionalInterface
public interface ConflictResolver {

    /**
     * The decision for one conflict.
     *
     * @param conflict the type, key, incoming record and existing record
     * @return {@link Resolution#keep()}, or {@link Resolution#write(DataRecord)} with the record to write
     */
    Resolution resolve(Conflict conflict);

    /**
     * A conflict.
     *
     * @param type the record type
     * @param key the key's fields and values
     * @param incoming the record from the source, after transforms
     * @param existing the record in the target
     */
    record Conflict(String type, Map<String, Object> key, DataRecord incoming, DataRecord existing) {}

    /** A resolver's answer: keep the existing record, or write a record (the incoming, the existing, or a mix). */
    sealed interface Resolution {
        /** {@return the resolution's label in the report's conflict counts} */
        String label();

        /** Keep the existing record. */
        record Keep(String label) implements Resolution {}

        /** Write this record over the existing one (its key fields must be the conflict's key). */
        record Write(DataRecord record, String label) implements Resolution {
            /**
             * Checks that the record is given.
             *
             * @param record the record written over the existing one; its key fields must be the conflict's key
             * @param label the resolution's label in the report's conflict counts
             * @throws NullPointerException when {@code record} is {@code null}
             */
            public Write {
                Objects.requireNonNull(record, "record");
            }
        }

        /**
         * Keep the existing record, reported as {@code kept}.
         *
         * @return a resolution keeping the existing record
         */
        static Resolution keep() {
            return new Keep("kept");
        }

        /**
         * Write {@code record}, reported as {@code written}.
         *
         * @param record the record to write over the existing one; its key fields must be the conflict's key
         * @return a resolution writing {@code record}
         */
        static Resolution write(DataRecord record) {
            return new Write(record, "written");
        }
    }
}

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

    /** The decision for one conflict. */
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
        /** The resolution's label in the report's conflict counts. */
        String label();

        /** Keep the existing record. */
        record Keep(String label) implements Resolution {}

        /** Write this record over the existing one (its key fields must be the conflict's key). */
        record Write(DataRecord record, String label) implements Resolution {
            public Write {
                Objects.requireNonNull(record, "record");
            }
        }

        /** Keep the existing record, reported as {@code kept}. */
        static Resolution keep() {
            return new Keep("kept");
        }

        /** Write {@code record}, reported as {@code written}. */
        static Resolution write(DataRecord record) {
            return new Write(record, "written");
        }
    }
}

package dev.migrator.api;

import java.util.Objects;

/**
 * What a data migration does when a record's key already exists in the target. Chosen for all records
 * ({@link DataMigration.Builder#conflict(ConflictStrategy)}) or per record type. Conflicts are counted in the report by
 * how they were resolved.
 */
public sealed interface ConflictStrategy {

    /** The name used in reports: {@code skip}, {@code overwrite}, {@code merge}, {@code fill}, {@code newest}, {@code fail}, {@code custom}. */
    String name();

    /** Keep the existing record; the incoming one is skipped. */
    record Skip() implements ConflictStrategy {
        @Override
        public String name() {
            return "skip";
        }
    }

    /** Replace the existing record's fields with the incoming record's. */
    record Overwrite() implements ConflictStrategy {
        @Override
        public String name() {
            return "overwrite";
        }
    }

    /**
     * Combine both: with {@code fillOnly} false the incoming fields replace the existing ones and fields the incoming
     * record lacks are kept; with {@code fillOnly} true only fields that are missing or null in the existing record
     * are filled from the incoming one.
     */
    record Merge(boolean fillOnly) implements ConflictStrategy {
        @Override
        public String name() {
            return fillOnly ? "fill" : "merge";
        }
    }

    /**
     * Keep whichever record has the later value of a timestamp field (ISO text, {@code java.time} value or epoch
     * milliseconds); on a tie, or when the incoming record has no value, the existing one is kept.
     */
    record Newest(String field) implements ConflictStrategy {
        public Newest {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String name() {
            return "newest";
        }
    }

    /** Reject the incoming record (the run stops, or with continue-on-error it goes to the error log). */
    record Fail() implements ConflictStrategy {
        @Override
        public String name() {
            return "fail";
        }
    }

    /** Ask a resolver, e.g. one that prompts a user. */
    record Custom(ConflictResolver resolver) implements ConflictStrategy {
        public Custom {
            Objects.requireNonNull(resolver, "resolver");
        }

        @Override
        public String name() {
            return "custom";
        }
    }

    /** See {@link Skip}. */
    static ConflictStrategy skip() {
        return new Skip();
    }

    /** See {@link Overwrite}. */
    static ConflictStrategy overwrite() {
        return new Overwrite();
    }

    /** See {@link Merge}: incoming fields replace existing ones, the rest are kept. */
    static ConflictStrategy merge() {
        return new Merge(false);
    }

    /** See {@link Merge}: only missing or null fields are filled. */
    static ConflictStrategy fill() {
        return new Merge(true);
    }

    /** See {@link Newest}. */
    static ConflictStrategy newest(String timestampField) {
        return new Newest(timestampField);
    }

    /** See {@link Fail}. */
    static ConflictStrategy fail() {
        return new Fail();
    }

    /** See {@link Custom}. */
    static ConflictStrategy resolveWith(ConflictResolver resolver) {
        return new Custom(resolver);
    }
}

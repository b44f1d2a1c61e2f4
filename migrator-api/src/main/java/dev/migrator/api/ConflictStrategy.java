package dev.migrator.api;

import java.util.Objects;

/**
 * What a data migration does when a record's key already exists in the target. Chosen for all records
 * ({@link DataMigration.Builder#conflict(ConflictStrategy)}) or per record type. Conflicts are counted in the report by
 * how they were resolved.
 */
public sealed interface ConflictStrategy {

    /**
     * {@return the name used in reports: {@code skip}, {@code overwrite}, {@code merge}, {@code fill}, {@code newest},
     * {@code fail}, {@code custom}}
     */
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
        /**
         * Checks that the field is given.
         *
         * @param field the timestamp field compared
         * @throws NullPointerException when {@code field} is {@code null}
         */
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
        /**
         * Checks that the resolver is given.
         *
         * @param resolver the resolver asked for each conflict
         * @throws NullPointerException when {@code resolver} is {@code null}
         */
        public Custom {
            Objects.requireNonNull(resolver, "resolver");
        }

        @Override
        public String name() {
            return "custom";
        }
    }

    /**
     * See {@link Skip}.
     *
     * @return a strategy that keeps the existing record
     */
    static ConflictStrategy skip() {
        return new Skip();
    }

    /**
     * See {@link Overwrite}.
     *
     * @return a strategy that replaces the existing record's fields with the incoming record's
     */
    static ConflictStrategy overwrite() {
        return new Overwrite();
    }

    /**
     * See {@link Merge}: incoming fields replace existing ones, the rest are kept.
     *
     * @return a strategy whose incoming fields replace existing ones, keeping the rest
     */
    static ConflictStrategy merge() {
        return new Merge(false);
    }

    /**
     * See {@link Merge}: only missing or null fields are filled.
     *
     * @return a strategy that fills only the existing record's missing or null fields
     */
    static ConflictStrategy fill() {
        return new Merge(true);
    }

    /**
     * See {@link Newest}.
     *
     * @param timestampField the field compared: ISO text, a {@code java.time} value or epoch milliseconds
     * @return a strategy that keeps the record with the later timestamp
     */
    static ConflictStrategy newest(String timestampField) {
        return new Newest(timestampField);
    }

    /**
     * See {@link Fail}.
     *
     * @return a strategy that rejects the incoming record
     */
    static ConflictStrategy fail() {
        return new Fail();
    }

    /**
     * See {@link Custom}.
     *
     * @param resolver decides each conflict, e.g. by asking a user
     * @return a strategy that asks {@code resolver}
     */
    static ConflictStrategy resolveWith(ConflictResolver resolver) {
        return new Custom(resolver);
    }
}

package dev.migrator.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where and what to restore.
 *
 * @param target the connection to restore into and, when it names a schema, the schema every table is restored into;
 *     {@code null} for the backup's own connection and schemas
 * @param tables the backup's tables to restore (qualified as in the manifest); empty for all
 * @param key the secret of an encrypted backup, or {@code null}
 * @param verify whether the restored tables are compared with the backup afterwards (default true)
 */
public record RestoreRequest(Target target, List<String> tables, BackupKey key, boolean verify) {

    /**
     * Copies the list.
     *
     * @param target the connection to restore into and, when it names a schema, the schema every table is restored
     *     into; {@code null} for the backup's own connection and schemas
     * @param tables the backup's tables to restore (qualified as in the manifest); empty for all
     * @param key the secret of an encrypted backup, or {@code null}
     * @param verify whether the restored tables are compared with the backup afterwards (default true)
     */
    public RestoreRequest {
        tables = List.copyOf(tables);
    }

    /**
     * Everything into the backup's own connection and schemas, verified.
     *
     * @return a request for every table of the backup into the connection and schemas it was taken from, verified
     */
    public static RestoreRequest defaults() {
        return builder().build();
    }

    /**
     * Starts a request.
     *
     * @return a builder with the defaults of {@link #defaults()}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RestoreRequest}. */
    public static final class Builder {
        private Target target;
        private final List<String> tables = new ArrayList<>();
        private BackupKey key;
        private boolean verify = true;

        private Builder() {}

        /**
         * Restores into this connection (and schema); default: where the backup was taken.
         *
         * @param target the connection and schema to restore into
         * @return this builder
         */
        public Builder target(Target target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * Restores only these tables of the backup.
         *
         * @param names the backup's table names, {@code schema.table}
         * @return this builder
         */
        public Builder tables(String... names) {
            tables.addAll(List.of(names));
            return this;
        }

        /**
         * The passphrase or key of an encrypted backup.
         *
         * @param key the passphrase or key the backup was encrypted with
         * @return this builder
         */
        public Builder key(BackupKey key) {
            this.key = key;
            return this;
        }

        /**
         * Whether to compare the restored tables with the backup afterwards; default true.
         *
         * @param verify {@code false} to skip the comparison
         * @return this builder
         */
        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request, immutable
         */
        public RestoreRequest build() {
            return new RestoreRequest(target, tables, key, verify);
        }
    }
}

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

    /** Copies the list. */
    public RestoreRequest {
        tables = List.copyOf(tables);
    }

    /** Everything into the backup's own connection and schemas, verified. */
    public static RestoreRequest defaults() {
        return builder().build();
    }

    /** Starts a request. */
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

        /** Restores into this connection (and schema); default: where the backup was taken. */
        public Builder target(Target target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /** Restores only these tables of the backup. */
        public Builder tables(String... names) {
            tables.addAll(List.of(names));
            return this;
        }

        /** The passphrase or key of an encrypted backup. */
        public Builder key(BackupKey key) {
            this.key = key;
            return this;
        }

        /** Whether to compare the restored tables with the backup afterwards; default true. */
        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        public RestoreRequest build() {
            return new RestoreRequest(target, tables, key, verify);
        }
    }
}

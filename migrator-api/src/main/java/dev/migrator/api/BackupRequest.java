package dev.migrator.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to back up: a connection (its default schema, or a target's), all of its tables or a chosen set, with a label,
 * compression and optional encryption.
 *
 * <pre>{@code
 * BackupManifest backup = manager.backupOperations().backup(BackupRequest.builder()
 *         .target(Target.of("core"))
 *         .tables("auth.users", "auth.sessions", "storage.objects")
 *         .label("before_v42")
 *         .key(BackupKey.passphrase(System.getenv("BACKUP_PASSPHRASE")))
 *         .build());
 * }</pre>
 *
 * @param target the connection, and the schema whose tables "all tables" means and unqualified names resolve in;
 *     {@code null} for the manager's default target
 * @param tables table names, {@code table} or {@code schema.table}; empty for every table of the schema (the history
 *     and lock tables are never included)
 * @param label a label for the backup's id: letters, digits and {@code _}, at most 40
 * @param compression how files are compressed
 * @param key the encryption secret, or {@code null} for no encryption
 * @param parallelism readers at once (1 to 16); above 1, PostgreSQL readers share one exported snapshot, read several
 *     tables at once and split a large table into key ranges read side by side (each range a file of its own)
 */
public record BackupRequest(Target target, List<String> tables, String label, Compression compression, BackupKey key, int parallelism) {

    /**
     * Validates and copies.
     *
     * @param target the connection, and the schema whose tables "all tables" means and unqualified names resolve in;
     *     {@code null} for the manager's default target
     * @param tables table names, {@code table} or {@code schema.table}; empty for every table of the schema (the
     *     history and lock tables are never included)
     * @param label a label for the backup's id: letters, digits and {@code _}, at most 40
     * @param compression how files are compressed
     * @param key the encryption secret, or {@code null} for no encryption
     * @param parallelism readers at once (1 to 16); above 1, PostgreSQL readers share one exported snapshot, read
     *     several tables at once and split a large table into key ranges read side by side (each range a file of its
     *     own)
     */
    public BackupRequest {
        tables = List.copyOf(tables);
        Objects.requireNonNull(compression, "compression");
        if (!Identifier.isLabel(label)) {
            throw new ConfigurationException("Backup label '" + label + "' is invalid: use 1 to 40 letters, digits or '_', "
                    + "e.g. before_v42.");
        }
        if (parallelism < 1 || parallelism > 16) {
            throw new ConfigurationException("Backup parallelism is " + parallelism + "; allowed: 1 to 16.");
        }
        for (String t : tables) {
            if (t == null || !t.matches("([A-Za-z_][A-Za-z0-9_$]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_$-]{0,62}")) {
                throw new InvalidIdentifierException("Table '" + t + "' is not a plain name: use table or schema.table with "
                        + "letters, digits and '_', e.g. auth.users.");
            }
        }
    }

    /** {@return the target, when one was given} */
    public Optional<Target> targetOrDefault() {
        return Optional.ofNullable(target);
    }

    /** {@return a request for every table of the default target, gzip-compressed, unencrypted} */
    public static BackupRequest defaults() {
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

    /** Builds a {@link BackupRequest}. */
    public static final class Builder {
        private Target target;
        private final List<String> tables = new ArrayList<>();
        private String label = "backup";
        private Compression compression = Compression.GZIP;
        private BackupKey key;
        private int parallelism = 1;

        private Builder() {}

        /**
         * The connection (and schema) to back up; default: the manager's default target.
         *
         * @param target the connection and schema to back up
         * @return this builder
         */
        public Builder target(Target target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * Tables to back up, {@code table} or {@code schema.table}; default: every table of the target's schema.
         *
         * @param names table names, {@code table} or {@code schema.table}
         * @return this builder
         */
        public Builder tables(String... names) {
            tables.addAll(List.of(names));
            return this;
        }

        /**
         * Tables to back up (see {@link #tables(String...)}).
         *
         * @param names table names, {@code table} or {@code schema.table}
         * @return this builder
         */
        public Builder tables(List<String> names) {
            tables.addAll(names);
            return this;
        }

        /**
         * The label in the backup's id; default {@code backup}.
         *
         * @param label letters, digits and {@code _}, at most 40
         * @return this builder
         */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /**
         * Compression; default {@link Compression#GZIP}.
         *
         * @param compression how table files are compressed, e.g. {@link Compression#ZSTD}
         * @return this builder
         */
        public Builder compression(Compression compression) {
            this.compression = compression;
            return this;
        }

        /**
         * Encrypts the table files with AES-256-GCM under this key; default: not encrypted.
         *
         * @param key a passphrase or a raw 256-bit key; keep it, as a backup cannot be read without it
         * @return this builder
         */
        public Builder key(BackupKey key) {
            this.key = key;
            return this;
        }

        /**
         * Readers at once, 1 to 16; default 1. Above 1, on a database whose readers can share a snapshot (PostgreSQL),
         * tables are read side by side and a table of more than about 100,000 rows is split by primary-key ranges into
         * up to this many parts, each read by its own reader into a file of its own.
         *
         * @param parallelism readers at once, 1 to 16
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request, immutable
         * @throws ConfigurationException when a setting is out of range, naming it
         */
        public BackupRequest build() {
            return new BackupRequest(target, tables, label, compression, key, parallelism);
        }
    }
}

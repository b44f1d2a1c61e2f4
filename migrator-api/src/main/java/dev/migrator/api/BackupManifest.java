package dev.migrator.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backup holds, as written in its {@code manifest.json}. It never holds a password or a key.
 *
 * @param formatVersion the version of the backup format (see {@link #FORMAT_VERSION})
 * @param id the backup's id, which is also its folder name: {@code backup_{label}_{timestamp}}
 * @param label the label given when it was taken
 * @param createdAt when its snapshot was taken
 * @param source where it was taken from
 * @param consistency how the tables were made consistent with each other, e.g. {@code REPEATABLE READ snapshot}
 * @param compression how table files are compressed
 * @param encryption how table files are encrypted, or {@code null} when they are not
 * @param tables one entry per table or collection, in restore order
 * @param duration how long taking it took
 */
public record BackupManifest(
        int formatVersion,
        String id,
        String label,
        Instant createdAt,
        Source source,
        String consistency,
        Compression compression,
        Encryption encryption,
        List<Table> tables,
        Duration duration) {

    /**
     * The format version this library writes when a table is split into parts ({@link Table#parts()}); a backup without
     * parts is written as version {@value #FORMAT_VERSION_SINGLE_FILES}, which earlier releases read too. Both are read.
     */
    public static final int FORMAT_VERSION = 2;

    /** The format version of a backup whose every table is one file: what releases before parts wrote and read. */
    public static final int FORMAT_VERSION_SINGLE_FILES = 1;

    /**
     * Copies the list.
     *
     * @param formatVersion the version of the backup format (see {@link #FORMAT_VERSION})
     * @param id the backup's id, which is also its folder name: {@code backup_{label}_{timestamp}}
     * @param label the label given when it was taken
     * @param createdAt when its snapshot was taken
     * @param source where it was taken from
     * @param consistency how the tables were made consistent with each other, e.g. {@code REPEATABLE READ snapshot}
     * @param compression how table files are compressed
     * @param encryption how table files are encrypted, or {@code null} when they are not
     * @param tables one entry per table or collection, in restore order
     * @param duration how long taking it took
     */
    public BackupManifest {
        Objects.requireNonNull(id, "id");
        tables = List.copyOf(tables);
    }

    /** {@return total rows in the backup} */
    public long rowCount() {
        return tables.stream().mapToLong(Table::rowCount).sum();
    }

    /** {@return total bytes of the table files} */
    public long byteSize() {
        return tables.stream().mapToLong(Table::bytes).sum();
    }

    /**
     * The entry of a table by its qualified name ({@code schema.table}).
     *
     * @param qualifiedName {@code schema.table} ({@code database.collection} on MongoDB)
     * @return the table's entry, or empty when the backup has no such table
     */
    public Optional<Table> table(String qualifiedName) {
        return tables.stream().filter(t -> t.name().equals(qualifiedName)).findFirst();
    }

    /**
     * Where a backup was taken.
     *
     * @param connection the connection's name
     * @param product the database product, e.g. {@code postgresql}
     * @param serverVersion the server's version, when known
     * @param url the connection URL with any password masked
     */
    public record Source(String connection, String product, String serverVersion, String url) {}

    /**
     * Encryption parameters; never the key.
     *
     * @param algorithm {@code AES-256-GCM-v2}: AES-256-GCM in chunks bound to the backup, table and file, with the
     *     manifest authenticated by an HMAC; {@code AES-256-GCM} for backups written before that, whose manifest is not
     *     authenticated (see the README's backup format)
     * @param keyDerivation {@code PBKDF2-HMAC-SHA256} for a passphrase, {@code raw} for a raw key
     * @param salt the PBKDF2 salt, base64, or {@code null} for a raw key
     * @param iterations PBKDF2 iterations, or 0 for a raw key
     * @param keyCheck a known text encrypted with the key, base64, so that a wrong key is found before any data
     */
    public record Encryption(String algorithm, String keyDerivation, String salt, int iterations, String keyCheck) {}

    /**
     * One table or collection.
     *
     * @param name the qualified name, {@code schema.table} ({@code database.collection} on MongoDB)
     * @param file the file name inside the backup folder; for a table in parts, the first part's
     * @param rowCount rows (documents) written, in all parts
     * @param bytes the size in bytes of the table's file, or of all its parts
     * @param sha256 the SHA-256 of the file as stored (after compression and encryption), hex; for a table in parts,
     *     the first part's (each part's is in {@link #parts()})
     * @param contentChecksum an order-independent checksum of the rows, so that a live table can be compared without
     *     decrypting the backup
     * @param columns the columns in file order (MongoDB: one column {@code document})
     * @param primaryKey the primary key's columns, possibly empty
     * @param parts the files of a table that was read in key ranges by several workers, in key order; empty when the
     *     table is one file (see {@link #files()})
     */
    public record Table(
            String name,
            String file,
            long rowCount,
            long bytes,
            String sha256,
            String contentChecksum,
            List<Column> columns,
            List<String> primaryKey,
            List<Part> parts) {

        /**
         * Copies the lists.
         *
         * @param name the qualified name, {@code schema.table} ({@code database.collection} on MongoDB)
         * @param file the file name inside the backup folder; for a table in parts, the first part's
         * @param rowCount rows (documents) written, in all parts
         * @param bytes the size in bytes of the table's file, or of all its parts
         * @param sha256 the SHA-256 of the file as stored (after compression and encryption), hex; for a table in
         *     parts, the first part's (each part's is in {@link #parts()})
         * @param contentChecksum an order-independent checksum of the rows, so that a live table can be compared
         *     without decrypting the backup
         * @param columns the columns in file order (MongoDB: one column {@code document})
         * @param primaryKey the primary key's columns, possibly empty
         * @param parts the files of a table that was read in key ranges by several workers, in key order; empty when
         *     the table is one file (see {@link #files()})
         */
        public Table {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            parts = List.copyOf(parts);
        }

        /**
         * A table in one file.
         *
         * @param name the qualified name, {@code schema.table} ({@code database.collection} on MongoDB)
         * @param file the file name inside the backup folder; for a table in parts, the first part's
         * @param rowCount rows (documents) written, in all parts
         * @param bytes the size in bytes of the table's file, or of all its parts
         * @param sha256 the SHA-256 of the file as stored (after compression and encryption), hex; for a table in
         *     parts, the first part's (each part's is in {@link #parts()})
         * @param contentChecksum an order-independent checksum of the rows, so that a live table can be compared
         *     without decrypting the backup
         * @param columns the columns in file order (MongoDB: one column {@code document})
         * @param primaryKey the primary key's columns, possibly empty
         */
        public Table(String name, String file, long rowCount, long bytes, String sha256, String contentChecksum,
                List<Column> columns, List<String> primaryKey) {
            this(name, file, rowCount, bytes, sha256, contentChecksum, columns, primaryKey, List.of());
        }

        /** {@return the table's files in order: its parts, or its one file} */
        public List<Part> files() {
            return parts.isEmpty() ? List.of(new Part(file, rowCount, bytes, sha256)) : parts;
        }
    }

    /**
     * One file of a table.
     *
     * @param file the file name inside the backup folder
     * @param rowCount rows in it
     * @param bytes its size in bytes
     * @param sha256 the SHA-256 of the file as stored, hex
     */
    public record Part(String file, long rowCount, long bytes, String sha256) {}

    /**
     * One column.
     *
     * @param name the column's name
     * @param type the database's type name, e.g. {@code numeric(12,2)} or {@code timestamp with time zone}
     * @param kind how values are encoded, e.g. {@code DECIMAL} (see {@code dev.migrator.spi.ValueKind})
     */
    public record Column(String name, String type, String kind) {}
}

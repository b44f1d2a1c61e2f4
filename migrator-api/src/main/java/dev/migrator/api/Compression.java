package dev.migrator.api;

/** How a backup's table files are compressed. Every kind stays readable by restore and verify. */
public enum Compression {
    /** gzip level 1 (the default): JSON lines compress about 2.5 times; readable by any gzip tool and every version. */
    GZIP,
    /**
     * Zstandard level 1 (zstd-jni, a native library bundled for the common platforms): files somewhat smaller than
     * gzip's, written and read at a fraction of its CPU (in migrator's profile about an eighth to compress and a tenth
     * to decompress), so a backup and a restore cost less.
     * Backups written with it are not readable by migrator versions before it, nor where the native library does not
     * load (the backup then fails before anything is written, naming the platform).
     */
    ZSTD,
    /** No compression: faster on fast disks, larger files. */
    NONE
}

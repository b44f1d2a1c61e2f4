package dev.migrator.api;

/** How a backup's table files are compressed. Every kind stays readable by restore and verify. */
public enum Compression {
    /** gzip level 1 (the default): JSON lines compress about 2.5 times; readable by any gzip tool and every version. */
    GZIP,
    /**
     * Zstandard level 1 (zstd-jni, a native library bundled for the common platforms): files about as small as gzip's,
     * compressed several times and decompressed about three times faster, so a backup and a restore cost less CPU.
     * Backups written with it are not readable by migrator versions before it, nor where the native library does not
     * load (the backup then fails before anything is written, naming the platform).
     */
    ZSTD,
    /** No compression: faster on fast disks, larger files. */
    NONE
}

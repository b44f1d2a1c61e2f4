package dev.migrator.api;

/** How a backup's table files are compressed. */
public enum Compression {
    /** gzip (the default): JSON lines compress about 5 to 10 times. */
    GZIP,
    /** No compression: faster on fast disks, larger files. */
    NONE
}

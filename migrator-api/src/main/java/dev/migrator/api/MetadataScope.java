package dev.migrator.api;

/** Who owns a metadata item: the application (shipped with the code, usually in files) or its users (changed at run time). */
public enum MetadataScope {
    /** Shipped with the application, e.g. files under version control. */
    SYSTEM,
    /** Created or changed by users at run time, e.g. rows in a database. */
    USER
}

/**
 * The MongoDB backend of migrator: {@link dev.migrator.mongo.MongoBackendProvider}, found by {@link
 * java.util.ServiceLoader} for {@code mongodb://} and {@code mongodb+srv://} URIs. Scripts are JSON arrays of database
 * commands or Java code; the history lives in a collection and the lock is a lease document. Everything else lives in
 * {@code dev.migrator.mongo.internal} and is not API.
 */
package dev.migrator.mongo;

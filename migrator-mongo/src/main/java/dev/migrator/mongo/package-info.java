/**
 * The MongoDB backend: command and Java migrations, history and lock collections, bulk read and write, and a Mongo
 * metadata loader.
 *
 * <p>Not implemented yet: this module only builds, so that the module layout is in place. The backend comes with its
 * own issue; until then no {@code BackendProvider} is registered here and a {@code mongodb://} connection fails with
 * {@code BACKEND_NOT_FOUND}.
 */
package dev.migrator.mongo;

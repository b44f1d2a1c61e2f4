/**
 * The etcd backend: {@code etcd://host:2379[,host2:2379]/prefix} and {@code etcds://} (TLS) connections, JSON scripts
 * of key-value operations each committed in one etcd transaction with its history entry, and a lease lock.
 */
package dev.migrator.etcd;

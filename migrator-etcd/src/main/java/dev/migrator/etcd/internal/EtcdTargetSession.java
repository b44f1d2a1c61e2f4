package dev.migrator.etcd.internal;

import dev.migrator.spi.HistoryStore;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TargetLock;
import dev.migrator.spi.TargetSession;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Work on one schema, the keys under {@code /{prefix}/{schema}/}. Between {@link #begin()} and {@link #commit()} the
 * operations and history writes are gathered in an {@link EtcdTransaction} and sent as one {@code Txn}; outside a
 * transaction each is sent on its own. Not thread-safe.
 */
final class EtcdTargetSession implements TargetSession {

    private final EtcdBackend backend;
    private final String schema;
    private final String root;
    private final String where;
    private final EtcdLeaseLock lock;
    private final EtcdHistoryStore history;
    private EtcdTransaction transaction;

    EtcdTargetSession(EtcdBackend backend, String schema, String historyTable) {
        this.backend = backend;
        this.schema = schema;
        this.root = backend.schemaRoot(schema);
        this.where = "'" + backend.name() + "' schema " + schema + " (" + root + ")";
        this.lock = new EtcdLeaseLock(backend, root + EtcdKeys.RESERVED + "/lock/" + historyTable, where);
        this.history = new EtcdHistoryStore(this, root, historyTable);
    }

    private KV kv() {
        return backend.client().getKVClient();
    }

    GetResponse get(String key, GetOption option, String action) {
        return backend.call(kv().get(EtcdKeys.bytes(key), option), action + " of " + where);
    }

    /** Stored keys under a prefix as this session sees them: with the open transaction's writes. */
    Map<String, byte[]> seen(String prefix, Map<String, byte[]> stored) {
        return transaction == null ? stored : transaction.overlay(prefix, stored);
    }

    /** Puts a key if it does not exist: in the open transaction, else at once. */
    void createIfAbsent(String key, String value) {
        if (transaction != null) {
            if (transaction.read(key).isEmpty()) {
                transaction.put(key, value.getBytes(StandardCharsets.UTF_8), 0);
            }
            return;
        }
        // A read first: a transaction is a raft write even when its comparison fails, and every run asks this.
        if (get(key, GetOption.builder().withCountOnly(true).build(), "read the history").getCount() > 0) {
            return;
        }
        backend.call(kv().txn().If(new Cmp(EtcdKeys.bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(EtcdKeys.bytes(key), EtcdKeys.bytes(value), PutOption.DEFAULT)).commit(),
                "create the history of " + where);
    }

    /** Writes a key in the open transaction, or at once in one of its own. */
    void write(String key, byte[] value) {
        EtcdTransaction tx = transaction != null ? transaction : new EtcdTransaction(backend, where);
        tx.put(key, value, 0);
        if (transaction == null) {
            tx.commit(lock.guard());
        }
    }

    /** Deletes a key in the open transaction, or at once. */
    void remove(String key) {
        EtcdTransaction tx = transaction != null ? transaction : new EtcdTransaction(backend, where);
        tx.delete(key);
        if (transaction == null) {
            tx.commit(lock.guard());
        }
    }

    @Override
    public String schema() {
        return schema;
    }

    /** A schema exists once a key is under its prefix. */
    @Override
    public boolean schemaExists() {
        return get(root, GetOption.builder().withRange(EtcdKeys.rangeEnd(root)).withCountOnly(true).build(),
                "check whether the schema exists").getCount() > 0;
    }

    /** etcd has no schemas: the history's marker key makes the prefix exist. */
    @Override
    public void createSchema() {
        history.createIfMissing();
    }

    @Override
    public TargetLock lock() {
        return lock;
    }

    @Override
    public HistoryStore history() {
        return history;
    }

    @Override
    public void begin() {
        if (transaction != null) {
            throw new IllegalStateException("A transaction is already open on " + where + "; commit or roll it back first.");
        }
        transaction = new EtcdTransaction(backend, where);
    }

    /** Sends the gathered operations and history writes as one {@code Txn}: all are written, or none is. */
    @Override
    public void commit() {
        if (transaction == null) {
            throw new IllegalStateException("No transaction is open on " + where + ".");
        }
        EtcdTransaction tx = transaction;
        transaction = null;
        tx.commit(lock.guard());
    }

    /** Forgets the gathered writes: nothing of them was sent. */
    @Override
    public void rollback() {
        transaction = null;
    }

    @Override
    public void execute(ParsedStatement statement) {
        lock.checkBeforeCommand(statement.line() > 0 ? "the operation at line " + statement.line() : "an operation");
        EtcdOperation op;
        try {
            op = EtcdOperation.parse(statement.text());
        } catch (IllegalArgumentException e) {
            throw new StatementException("Invalid operation: " + e.getMessage() + ".", null, null);
        }
        EtcdTransaction tx = transaction != null ? transaction : new EtcdTransaction(backend, where);
        apply(op, tx);
        if (transaction == null) {
            tx.commit(lock.guard());
        }
    }

    private void apply(EtcdOperation op, EtcdTransaction tx) {
        String key = root + op.key();
        switch (op.kind()) {
            case PUT -> tx.put(key, op.value(), lease(op));
            case DELETE -> tx.delete(key);
            case DELETE_PREFIX -> {
                Map<String, byte[]> keys = tx.under(key, false);
                checkCount(op, keys.size(), 1);
                keys.keySet().forEach(tx::delete);
            }
            case PUT_IF_ABSENT -> {
                if (tx.read(key).isEmpty()) {
                    tx.put(key, op.value(), lease(op));
                }
            }
            case COMPARE_AND_PUT -> {
                Optional<EtcdTransaction.Current> current = tx.read(key);
                if (op.expectedValue() != null) {
                    if (current.isEmpty() || !Arrays.equals(current.get().value(), op.expectedValue())) {
                        throw new StatementException("compareAndPut: the key " + op.key() + " holds "
                                + current.map(c -> "'" + shorten(c.value()) + "'").orElse("nothing (it does not exist)")
                                + ", expected '" + shorten(op.expectedValue()) + "'. Nothing was written.", "COMPARE_FAILED", null);
                    }
                } else {
                    long version = current.map(EtcdTransaction.Current::version).orElse(0L);
                    if (version == -1) {
                        throw new StatementException("compareAndPut: the key " + op.key() + " was written earlier in the "
                                + "same transaction, so its version is not known yet; compare it by \"expected\" value.",
                                "COMPARE_FAILED", null);
                    }
                    if (version != op.expectedVersion()) {
                        throw new StatementException("compareAndPut: the key " + op.key() + " is at version " + version
                                + (version == 0 ? " (it does not exist)" : "") + ", expected " + op.expectedVersion()
                                + ". Nothing was written.", "COMPARE_FAILED", null);
                    }
                }
                tx.put(key, op.value(), lease(op));
            }
            case MOVE -> {
                String to = root + op.to();
                Map<String, byte[]> keys = tx.under(key, true);
                checkCount(op, keys.size(), 2);
                keys.forEach((from, value) -> {
                    tx.put(to + from.substring(key.length()), value, 0);
                    tx.delete(from);
                });
            }
        }
    }

    /** Refuses a prefix operation on more keys than one transaction takes, before reading them all. */
    private void checkCount(EtcdOperation op, int keys, int opsPerKey) {
        EtcdBackend.Limits limits = backend.limits();
        if ((long) keys * opsPerKey > limits.maxTxnOps()) {
            throw new StatementException(op.kind().word + " of the prefix " + op.key() + " would take "
                    + (keys > limits.maxTxnOps() ? "more than " + limits.maxTxnOps() : keys * opsPerKey)
                    + " operations, over " + limits.describe() + ". Nothing was written.", null, "Split the keys into "
                    + "smaller prefixes, one script each.", null);
        }
    }

    private long lease(EtcdOperation op) {
        if (op.ttlSeconds() == 0) {
            return 0;
        }
        return backend.call(backend.client().getLeaseClient().grant(op.ttlSeconds()), "grant a lease of " + op.ttlSeconds()
                + " s for " + op.key()).getID();
    }

    private static String shorten(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        return text.length() <= 100 ? text : text.substring(0, 97) + "...";
    }

    /** The jetcd {@link Client} (borrowed: the backend closes it). */
    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type == Client.class) {
            return Optional.of(type.cast(backend.client()));
        }
        if (type == KV.class) {
            return Optional.of(type.cast(kv()));
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        rollback();
        lock.release();
    }

}

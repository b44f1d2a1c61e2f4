package dev.migrator.etcd.internal;

import dev.migrator.spi.StatementException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The writes of one etcd transaction, gathered before it is sent: a script's operations and the history entry that
 * counts them commit in one {@code Txn}, or nothing does.
 *
 * <p>Writes are kept per key, the last one winning, because etcd refuses a transaction that writes one key twice.
 * What a conditional operation read is guarded: the transaction compares each such key's modification revision with
 * the one read, and commits only if none changed in between. The lock's key is compared too, so that a run that lost
 * its lease writes nothing.
 */
final class EtcdTransaction {

    /** A key's value as a script sees it: stored, or written earlier in the same transaction (version -1). */
    record Current(byte[] value, long version) {}

    /** One write: a value (with its lease, 0 for none), or a deletion ({@code value == null}). */
    private record Write(byte[] value, long lease) {}

    private final EtcdBackend backend;
    private final String where;
    private final Map<String, Write> writes = new LinkedHashMap<>();
    private final Map<String, Long> guards = new LinkedHashMap<>();

    EtcdTransaction(EtcdBackend backend, String where) {
        this.backend = backend;
        this.where = where;
    }

    /** The key's value: the one this transaction writes, or the stored one (then guarded). */
    Optional<Current> read(String key) {
        Write written = writes.get(key);
        if (written != null) {
            return written.value() == null ? Optional.empty() : Optional.of(new Current(written.value(), -1));
        }
        GetResponse response = backend.call(backend.client().getKVClient().get(EtcdKeys.bytes(key)), "read " + key);
        if (response.getKvs().isEmpty()) {
            guards.putIfAbsent(key, 0L);
            return Optional.empty();
        }
        KeyValue kv = response.getKvs().get(0);
        guards.putIfAbsent(key, kv.getModRevision());
        return Optional.of(new Current(kv.getValue().getBytes(), kv.getVersion()));
    }

    /**
     * The keys under a prefix with their values, as this transaction sees them, each guarded when {@code guard}; at most
     * one more than the transaction limit (the caller refuses more).
     */
    Map<String, byte[]> under(String prefix, boolean guard) {
        int limit = backend.limits().maxTxnOps() + 1;
        GetOption option = GetOption.builder().withRange(EtcdKeys.rangeEnd(prefix)).withLimit(limit).build();
        GetResponse response = backend.call(backend.client().getKVClient().get(EtcdKeys.bytes(prefix), option),
                "read the keys under " + prefix);
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (KeyValue kv : response.getKvs()) {
            String key = EtcdKeys.text(kv.getKey());
            if (!writes.containsKey(key)) {
                found.put(key, kv.getValue().getBytes());
                if (guard) {
                    guards.putIfAbsent(key, kv.getModRevision());
                }
            }
        }
        writes.forEach((key, write) -> {
            if (key.startsWith(prefix) && write.value() != null) {
                found.put(key, write.value());
            }
        });
        Map<String, byte[]> sorted = new LinkedHashMap<>();
        for (String key : new TreeSet<>(found.keySet())) {
            sorted.put(key, found.get(key));
        }
        return sorted;
    }

    /** Stored keys under a prefix with this transaction's writes applied: what a read inside it sees. */
    Map<String, byte[]> overlay(String prefix, Map<String, byte[]> stored) {
        java.util.TreeMap<String, byte[]> seen = new java.util.TreeMap<>(stored);
        writes.forEach((key, write) -> {
            if (key.startsWith(prefix)) {
                if (write.value() == null) {
                    seen.remove(key);
                } else {
                    seen.put(key, write.value());
                }
            }
        });
        return seen;
    }

    void put(String key, byte[] value, long lease) {
        writes.remove(key); // keeps the order of the last write
        writes.put(key, new Write(value, lease));
    }

    void delete(String key) {
        writes.remove(key);
        writes.put(key, new Write(null, 0));
    }

    /** Whether nothing is to be written. */
    boolean isEmpty() {
        return writes.isEmpty();
    }

    /**
     * Sends the transaction, compared with the guards and the lock.
     *
     * @param lockGuard the lock's key and the creation revision this session's lock has, or {@code null} when the
     *     session holds no lock
     * @throws StatementException when it exceeds etcd's limits, a guarded key changed, or the server refuses it;
     *     nothing is written then
     */
    void commit(EtcdLeaseLock.Guard lockGuard) {
        List<Cmp> compares = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, Long> g : guards.entrySet()) {
            compares.add(new Cmp(EtcdKeys.bytes(g.getKey()), Cmp.Op.EQUAL, CmpTarget.modRevision(g.getValue())));
            bytes += g.getKey().length() + 16;
        }
        if (lockGuard != null) {
            compares.add(new Cmp(EtcdKeys.bytes(lockGuard.key()), Cmp.Op.EQUAL, CmpTarget.createRevision(lockGuard.createRevision())));
        }
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, Write> w : writes.entrySet()) {
            ByteSequence key = EtcdKeys.bytes(w.getKey());
            Write write = w.getValue();
            if (write.value() == null) {
                ops.add(Op.delete(key, DeleteOption.DEFAULT));
            } else {
                PutOption option = write.lease() == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(write.lease()).build();
                ops.add(Op.put(key, ByteSequence.from(write.value()), option));
                bytes += write.value().length;
            }
            bytes += w.getKey().length() + 16;
        }
        EtcdBackend.Limits limits = backend.limits();
        if (ops.size() > limits.maxTxnOps() || compares.size() > limits.maxTxnOps() || bytes > limits.maxRequestBytes()) {
            throw new StatementException("The transaction on " + where + " would write " + ops.size() + " keys and compare "
                    + compares.size() + " (about " + bytes + " bytes), over " + limits.describe() + ". Nothing was "
                    + "written.", null, "A script commits in one transaction with its history entry, and deletes and moves "
                    + "of a prefix write one operation per key: split the script, or raise both limits on every etcd member "
                    + "and the connection's maxTxnOps and maxRequestBytes properties.", null);
        }
        TxnResponse response;
        try {
            response = backend.call(backend.client().getKVClient().txn()
                    .If(compares.toArray(Cmp[]::new)).Then(ops.toArray(Op[]::new)).commit(), "commit the transaction on " + where);
        } catch (dev.migrator.api.DatabaseException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("too many operations") || message.contains("request is too large")) {
                throw new StatementException(message, null, "The server's limits are lower than the connection's maxTxnOps "
                        + "(" + limits.maxTxnOps() + ") and maxRequestBytes (" + limits.maxRequestBytes() + "): set them to "
                        + "the server's --max-txn-ops and --max-request-bytes, and split the script. Nothing was written.", e);
            }
            throw e;
        }
        if (!response.isSucceeded()) {
            if (lockGuard != null && !lockGuard.stillHeld()) {
                throw new StatementException("Lost the lock " + lockGuard.key() + " of " + where + " before the transaction "
                        + "committed (its lease expired or it was force-unlocked). Nothing was written; check the history "
                        + "with status() and run migrate again.", null, null);
            }
            throw new StatementException("A key the script read on " + where + " changed before its transaction committed "
                    + "(one of " + guards.keySet() + "). Nothing was written; run migrate again.", null, null);
        }
        writes.clear();
        guards.clear();
    }
}

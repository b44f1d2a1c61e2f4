package dev.migrator.etcd.internal;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionFailedException;
import dev.migrator.api.DatabaseException;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.TableInfo;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes a data migration's records ({@code key}, {@code value}) into a prefix. A batch of the engine is larger than
 * one etcd transaction may be, so writes are sent in transactions within the connection's limits as they come and the
 * session is not transactional: the checkpoint follows its batch, as on MySQL. Inserts compare each key's creation
 * revision with 0, so an existing key is refused rather than overwritten; upserts put.
 *
 * <p>Checkpoints are keys {@code /{prefix}/{schema}/__migrator/data_checkpoints/{migration}}.
 */
final class EtcdDataWriteSession implements DataWriteSession {

    private final EtcdBackend backend;

    EtcdDataWriteSession(EtcdBackend backend) {
        this.backend = backend;
    }

    private String base(TableInfo table) {
        return backend.schemaRoot(table.schema()) + table.name();
    }

    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        return table.equals(EtcdKeys.RESERVED) ? Optional.empty() : Optional.of(EtcdPrefixes.table(schema, table));
    }

    @Override
    public long count(TableInfo table) {
        return EtcdPrefixes.count(backend, backend.schemaRoot(table.schema()), table.name());
    }

    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public void begin() {}

    @Override
    public List<Object[]> find(TableInfo table, List<String> keyColumns, List<Object[]> keys) {
        checkKey(table, keyColumns);
        String base = base(table);
        List<Object[]> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += backend.limits().maxTxnOps()) {
            List<Object[]> chunk = keys.subList(from, Math.min(keys.size(), from + backend.limits().maxTxnOps()));
            List<Op> gets = new ArrayList<>();
            for (Object[] key : chunk) {
                gets.add(Op.get(EtcdKeys.bytes(EtcdPrefixes.key(base, key[0])), GetOption.DEFAULT));
            }
            TxnResponse response = backend.call(backend.client().getKVClient().txn().Then(gets.toArray(Op[]::new)).commit(),
                    "look up keys of " + base);
            // Rows in the order of the columns asked for (a lookup of presence asks for the key alone).
            List<String> columns = table.columns().stream().map(c -> c.name()).toList();
            response.getGetResponses().forEach(r -> {
                for (KeyValue kv : r.getKvs()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = columns.get(i).equals("key") ? EtcdKeys.text(kv.getKey()).substring(base.length())
                                : kv.getValue().toString(StandardCharsets.UTF_8);
                    }
                    found.add(row);
                }
            });
        }
        return found;
    }

    @Override
    public void insert(TableInfo table, List<Object[]> rows) {
        write(table, rows, true);
    }

    @Override
    public void upsert(TableInfo table, List<String> keyColumns, List<Object[]> rows) {
        checkKey(table, keyColumns);
        write(table, rows, false);
    }

    private void write(TableInfo table, List<Object[]> rows, boolean insert) {
        int keyAt = table.columns().stream().map(c -> c.name()).toList().indexOf("key");
        int valueAt = table.columns().stream().map(c -> c.name()).toList().indexOf("value");
        if (keyAt < 0 || valueAt < 0) {
            throw new ConfigurationException("Records written into the etcd prefix " + table.qualifiedName() + " need the "
                    + "fields key and value; found " + table.columns().stream().map(c -> c.name()).toList()
                    + ". Map the records to them with Transforms (rename, derive).");
        }
        String base = base(table);
        EtcdBackend.Limits limits = backend.limits();
        List<Op> puts = new ArrayList<>();
        List<Cmp> absent = new ArrayList<>();
        long bytes = 0;
        for (Object[] row : rows) {
            byte[] key = EtcdPrefixes.key(base, row[keyAt]).getBytes(StandardCharsets.UTF_8);
            byte[] value = row[valueAt] == null ? new byte[0] : String.valueOf(row[valueAt]).getBytes(StandardCharsets.UTF_8);
            long size = 2L * key.length + value.length + 32;
            if (!puts.isEmpty() && (puts.size() >= limits.maxTxnOps() || bytes + size > limits.maxRequestBytes() / 2)) {
                send(base, puts, absent);
                puts.clear();
                absent.clear();
                bytes = 0;
            }
            puts.add(Op.put(ByteSequence.from(key), ByteSequence.from(value), PutOption.DEFAULT));
            if (insert) {
                absent.add(new Cmp(ByteSequence.from(key), Cmp.Op.EQUAL, CmpTarget.createRevision(0)));
            }
            bytes += size;
        }
        if (!puts.isEmpty()) {
            send(base, puts, absent);
        }
    }

    private void send(String base, List<Op> puts, List<Cmp> absent) {
        TxnResponse response = backend.call(backend.client().getKVClient().txn().If(absent.toArray(Cmp[]::new))
                .Then(puts.toArray(Op[]::new)).commit(), "write the keys of " + base);
        if (!response.isSucceeded()) {
            throw new DatabaseException("Inserting into the etcd prefix " + base + ": a key of the batch exists already; "
                    + "nothing of these " + puts.size() + " keys was written. Use ConflictStrategy.overwrite() (or skip()) for "
                    + "keys that may exist.");
        }
    }

    private static void checkKey(TableInfo table, List<String> keyColumns) {
        if (!keyColumns.equals(List.of("key"))) {
            throw new ConfigurationException("The records of the etcd prefix " + table.qualifiedName() + " are identified by "
                    + "their key; use the key [key], not " + keyColumns + ".");
        }
    }

    @Override
    public void commit() {}

    @Override
    public void rollback() {}

    /** A server that could not be reached, or a leader change: the batch may pass when tried again. */
    @Override
    public boolean isTransient(RuntimeException failure) {
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        return failure instanceof ConnectionFailedException || message.contains("unavailable")
                || message.contains("leader changed") || message.contains("timed out");
    }

    private String checkpointKey(String schema, String migration) {
        return backend.schemaRoot(schema) + EtcdKeys.RESERVED + "/data_checkpoints/" + migration;
    }

    @Override
    public void prepareCheckpoints(String schema) {}

    @Override
    public Optional<String> loadCheckpoint(String schema, String migration) {
        List<KeyValue> kvs = backend.call(backend.client().getKVClient().get(EtcdKeys.bytes(checkpointKey(schema, migration))),
                "read the checkpoint of " + migration).getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0).getValue().toString(StandardCharsets.UTF_8));
    }

    @Override
    public void saveCheckpoint(String schema, String migration, String state) {
        backend.call(backend.client().getKVClient().put(EtcdKeys.bytes(checkpointKey(schema, migration)),
                EtcdKeys.bytes(state)), "save the checkpoint of " + migration);
    }

    @Override
    public void close() {}
}

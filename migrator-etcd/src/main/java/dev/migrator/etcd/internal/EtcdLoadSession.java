package dev.migrator.etcd.internal;

import dev.migrator.spi.LoadSession;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.TableInfo;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A restore into key prefixes: the prefix is emptied, then its keys are put in transactions that each stay within the
 * connection's limits ({@code maxTxnOps}, {@code maxRequestBytes}). A prefix larger than one transaction cannot be
 * restored atomically on etcd: the load is not transactional, as on MySQL.
 */
final class EtcdLoadSession implements LoadSession {

    private final EtcdBackend backend;

    EtcdLoadSession(EtcdBackend backend) {
        this.backend = backend;
    }

    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        return table.equals(EtcdKeys.RESERVED) ? Optional.empty() : Optional.of(EtcdPrefixes.table(schema, table));
    }

    @Override
    public List<TableInfo> loadOrder(List<TableInfo> tables) {
        return tables;
    }

    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public void begin() {}

    @Override
    public void truncate(List<TableInfo> tables) {
        for (TableInfo t : tables) {
            String base = backend.schemaRoot(t.schema()) + t.name();
            backend.call(backend.client().getKVClient().txn().Then(
                    Op.delete(EtcdKeys.bytes(base), DeleteOption.DEFAULT),
                    Op.delete(EtcdKeys.bytes(base + "/"), DeleteOption.builder().withRange(EtcdKeys.rangeEnd(base + "/")).build()))
                    .commit(), "empty " + base);
        }
    }

    @Override
    public long load(TableInfo table, Iterator<Object[]> rows) {
        String base = backend.schemaRoot(table.schema()) + table.name();
        EtcdBackend.Limits limits = backend.limits();
        long loaded = 0;
        List<Op> batch = new ArrayList<>();
        long bytes = 0;
        while (rows.hasNext()) {
            Object[] row = rows.next();
            byte[] key = EtcdPrefixes.key(base, row[0]).getBytes(StandardCharsets.UTF_8);
            byte[] value = row[1] == null ? new byte[0] : String.valueOf(row[1]).getBytes(StandardCharsets.UTF_8);
            long size = key.length + value.length + 16L;
            // Half the request limit per batch leaves room for the request's own framing.
            if (!batch.isEmpty() && (batch.size() >= limits.maxTxnOps() || bytes + size > limits.maxRequestBytes() / 2)) {
                send(batch, base);
                batch.clear();
                bytes = 0;
            }
            batch.add(Op.put(io.etcd.jetcd.ByteSequence.from(key), io.etcd.jetcd.ByteSequence.from(value), PutOption.DEFAULT));
            bytes += size;
            loaded++;
        }
        if (!batch.isEmpty()) {
            send(batch, base);
        }
        return loaded;
    }

    private void send(List<Op> batch, String base) {
        backend.call(backend.client().getKVClient().txn().Then(batch.toArray(Op[]::new)).commit(), "load the keys of " + base);
    }

    @Override
    public long read(TableInfo table, RowSink sink) {
        return EtcdPrefixes.read(backend, backend.schemaRoot(table.schema()), table.name(), 0, sink);
    }

    @Override
    public void resetSequences(TableInfo table) {}

    @Override
    public void commit() {}

    @Override
    public void rollback() {}

    @Override
    public void close() {}
}

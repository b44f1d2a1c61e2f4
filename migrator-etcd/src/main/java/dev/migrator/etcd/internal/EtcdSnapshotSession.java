package dev.migrator.etcd.internal;

import dev.migrator.spi.RowSink;
import dev.migrator.spi.SnapshotSession;
import dev.migrator.spi.TableInfo;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A backup's view of a connection: every key prefix read at one etcd revision, the first read's, so that the whole
 * backup is one point in time (as long as etcd has not compacted that revision away before the last read).
 */
final class EtcdSnapshotSession implements SnapshotSession {

    private final EtcdBackend backend;
    private long revision;

    EtcdSnapshotSession(EtcdBackend backend) {
        this.backend = backend;
    }

    /** The revision every read uses, fixed by the first. */
    private long revision() {
        if (revision == 0) {
            revision = backend.call(backend.client().getKVClient().get(EtcdKeys.bytes("/"),
                    GetOption.builder().withCountOnly(true).build()), "read the current revision").getHeader().getRevision();
        }
        return revision;
    }

    @Override
    public String consistency() {
        return "etcd revision " + revision() + " (one read revision for every key prefix)";
    }

    /** The first segments of the schema's keys, {@code __migrator} left out. */
    @Override
    public List<TableInfo> tables(String schema, List<String> exclude) {
        String root = backend.schemaRoot(schema);
        TreeSet<String> names = new TreeSet<>();
        io.etcd.jetcd.ByteSequence from = EtcdKeys.bytes(root);
        while (true) {
            GetResponse page = backend.call(backend.client().getKVClient().get(from, GetOption.builder()
                    .withRange(EtcdKeys.rangeEnd(root)).withRevision(revision()).withKeysOnly(true).withLimit(EtcdPrefixes.PAGE)
                    .build()), "list the keys of " + root);
            for (KeyValue kv : page.getKvs()) {
                String rest = EtcdKeys.text(kv.getKey()).substring(root.length());
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash));
            }
            if (!page.isMore() || page.getKvs().isEmpty()) {
                break;
            }
            byte[] last = page.getKvs().get(page.getKvs().size() - 1).getKey().getBytes();
            from = io.etcd.jetcd.ByteSequence.from(java.util.Arrays.copyOf(last, last.length + 1));
        }
        names.remove(EtcdKeys.RESERVED);
        names.removeAll(exclude);
        List<TableInfo> tables = new ArrayList<>();
        names.forEach(n -> tables.add(EtcdPrefixes.table(schema, n)));
        return tables;
    }

    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        if (table.equals(EtcdKeys.RESERVED)) {
            return Optional.empty();
        }
        String base = backend.schemaRoot(schema) + table;
        long own = backend.call(backend.client().getKVClient().get(EtcdKeys.bytes(base),
                GetOption.builder().withRevision(revision()).withCountOnly(true).build()), "describe " + base).getCount();
        long under = backend.call(backend.client().getKVClient().get(EtcdKeys.bytes(base + "/"),
                GetOption.builder().withRange(EtcdKeys.rangeEnd(base + "/")).withRevision(revision()).withCountOnly(true)
                        .build()), "describe " + base).getCount();
        return own + under == 0 ? Optional.empty() : Optional.of(EtcdPrefixes.table(schema, table));
    }

    @Override
    public long read(TableInfo table, RowSink sink) {
        return EtcdPrefixes.read(backend, backend.schemaRoot(table.schema()), table.name(), revision(), sink);
    }

    @Override
    public void close() {}
}

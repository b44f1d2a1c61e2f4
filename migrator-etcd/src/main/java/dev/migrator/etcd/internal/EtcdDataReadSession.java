package dev.migrator.etcd.internal;

import dev.migrator.api.ConfigurationException;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.TableInfo;
import io.etcd.jetcd.options.GetOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a data migration's source prefix as records of {@code key} and {@code value} (see {@link EtcdPrefixes}) in key
 * order, every read of the session at the revision of its first, so a run reads one point in time.
 */
final class EtcdDataReadSession implements DataReadSession {

    private final EtcdBackend backend;
    private long revision;

    EtcdDataReadSession(EtcdBackend backend) {
        this.backend = backend;
    }

    private long revision() {
        if (revision == 0) {
            revision = backend.call(backend.client().getKVClient().get(EtcdKeys.bytes("/"),
                    GetOption.builder().withCountOnly(true).build()), "read the current revision").getHeader().getRevision();
        }
        return revision;
    }

    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        if (table.equals(EtcdKeys.RESERVED)) {
            return Optional.empty();
        }
        return EtcdPrefixes.count(backend, backend.schemaRoot(schema), table) == 0 ? Optional.empty()
                : Optional.of(EtcdPrefixes.table(schema, table));
    }

    @Override
    public OptionalLong count(TableInfo table, String filter) {
        noFilter(table, filter);
        return OptionalLong.of(EtcdPrefixes.count(backend, backend.schemaRoot(table.schema()), table.name()));
    }

    @Override
    public long read(TableInfo table, String filter, List<String> orderBy, Object[] after, RowSink sink) {
        noFilter(table, filter);
        if (!orderBy.equals(List.of("key"))) {
            throw new ConfigurationException("The records of the etcd prefix " + table.qualifiedName() + " are read in the "
                    + "order of their key; order by [key], not " + orderBy + ".");
        }
        String from = after == null ? null : String.valueOf(after[0]);
        return EtcdPrefixes.read(backend, backend.schemaRoot(table.schema()), table.name(), revision(), from, sink);
    }

    private static void noFilter(TableInfo table, String filter) {
        if (filter != null && !filter.isBlank()) {
            throw new ConfigurationException("The etcd prefix " + table.qualifiedName() + " is read whole: etcd has no query "
                    + "language for a filter ('" + filter + "'). Drop the filter and keep the records wanted with "
                    + "Transforms.filter(...).");
        }
    }

    @Override
    public void close() {}
}

package dev.migrator.etcd.internal;

import dev.migrator.api.DatabaseException;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Key prefixes as the tables of backups and restores. The "table" {@code t} of a schema holds the key {@code
 * /{prefix}/{schema}/t} and every key under {@code /{prefix}/{schema}/t/}; its records have two text columns: {@code
 * key}, the rest of the key after {@code t} ({@code ""} for the key itself, {@code "/a"} for {@code t/a}), and {@code
 * value}, the value as UTF-8 text.
 */
final class EtcdPrefixes {

    static final List<ColumnInfo> COLUMNS = List.of(ColumnInfo.of("key", "key", ValueKind.STRING),
            ColumnInfo.of("value", "value", ValueKind.STRING));

    /** Keys read per request. */
    static final int PAGE = 1000;

    private EtcdPrefixes() {}

    /** The number of records of a prefix now. */
    static long count(EtcdBackend backend, String root, String name) {
        String base = root + name;
        long own = backend.call(backend.client().getKVClient().get(EtcdKeys.bytes(base),
                GetOption.builder().withCountOnly(true).build()), "count " + base).getCount();
        return own + backend.call(backend.client().getKVClient().get(EtcdKeys.bytes(base + "/"),
                GetOption.builder().withRange(EtcdKeys.rangeEnd(base + "/")).withCountOnly(true).build()), "count " + base)
                .getCount();
    }

    /** The absolute key of a record: the prefix's base and the record's {@code key}, empty or starting with '/'. */
    static String key(String base, Object rest) {
        String text = String.valueOf(rest);
        if (!text.isEmpty() && !text.startsWith("/")) {
            throw new IllegalArgumentException("A record of " + base + " has the key '" + text + "': the keys of a "
                    + "prefix's records are empty (the prefix's own key) or start with '/', e.g. '/a'.");
        }
        return base + text;
    }

    static TableInfo table(String schema, String name) {
        return new TableInfo(schema, name, COLUMNS, List.of("key"));
    }

    /**
     * Streams a prefix's records at a revision (0: the current one), in key order, a page at a time.
     *
     * @return the records read
     */
    static long read(EtcdBackend backend, String root, String name, long revision, RowSink sink) {
        return read(backend, root, name, revision, null, sink);
    }

    /**
     * Streams a prefix's records after the record whose key is {@code after} ({@code null}: from the start), in key
     * order, a page at a time.
     *
     * @return the records read
     */
    static long read(EtcdBackend backend, String root, String name, long revision, String after, RowSink sink) {
        String base = root + name;
        long count = 0;
        if (after == null) {
            GetOption exact = revision == 0 ? GetOption.DEFAULT : GetOption.builder().withRevision(revision).build();
            GetResponse own = backend.call(backend.client().getKVClient().get(EtcdKeys.bytes(base), exact), "read " + base);
            for (KeyValue kv : own.getKvs()) {
                count += emit(base, kv, sink);
            }
        }
        String prefix = base + "/";
        ByteSequence end = EtcdKeys.rangeEnd(prefix);
        ByteSequence from = EtcdKeys.bytes(prefix);
        if (after != null && !after.isEmpty()) {
            byte[] last = (base + after).getBytes(StandardCharsets.UTF_8);
            from = ByteSequence.from(java.util.Arrays.copyOf(last, last.length + 1)); // the smallest key after it
        }
        while (true) {
            GetOption.Builder option = GetOption.builder().withRange(end).withLimit(PAGE);
            if (revision != 0) {
                option.withRevision(revision);
            }
            GetResponse page = backend.call(backend.client().getKVClient().get(from, option.build()), "read the keys under " + prefix);
            for (KeyValue kv : page.getKvs()) {
                count += emit(base, kv, sink);
            }
            if (!page.isMore() || page.getKvs().isEmpty()) {
                return count;
            }
            byte[] last = page.getKvs().get(page.getKvs().size() - 1).getKey().getBytes();
            byte[] next = java.util.Arrays.copyOf(last, last.length + 1); // the smallest key after the last one
            from = ByteSequence.from(next);
        }
    }

    private static int emit(String base, KeyValue kv, RowSink sink) {
        String key = EtcdKeys.text(kv.getKey());
        String value;
        try {
            value = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(kv.getValue().getBytes())).toString();
        } catch (CharacterCodingException e) {
            throw new DatabaseException("The value of " + key + " is not UTF-8 text; backups of etcd keep values as text. "
                    + "Leave this prefix out of the backup.", e);
        }
        try {
            sink.accept(new Object[] {key.substring(base.length()), value});
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return 1;
    }
}

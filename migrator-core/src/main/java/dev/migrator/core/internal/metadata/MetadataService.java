package dev.migrator.core.internal.metadata;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DataRecord;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataImport;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataManager;
import dev.migrator.api.MetadataProblem;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataResults;
import dev.migrator.api.MetadataScope;
import dev.migrator.core.internal.data.SchemaValidator;
import dev.migrator.spi.engine.MetadataSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata manager: loaders chosen by the strategy, a TTL cache invalidated by every write through it, parallel
 * loading, validation, export/import and copies. Thread-safe.
 */
public final class MetadataService implements MetadataManager {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataService.class);
    private static final int MAX_NAMESPACE = 100;
    private static final int EXPORT_FORMAT = 1;
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final MetadataSettings s;
    private final Map<String, MetadataLoader> loaders;
    private final SchemaValidator schemas;
    private final ExecutorService pool;
    private final Map<String, Cached<Optional<MetadataItem>>> items = new ConcurrentHashMap<>();
    private final Map<MetadataQuery, Cached<List<MetadataItem>>> lists = new ConcurrentHashMap<>();
    private volatile List<MetadataProblem> problems = List.of();
    private volatile List<MetadataProblem> importErrors = List.of();

    private record Cached<T>(T value, long expiresAt) {
        boolean fresh() {
            return System.nanoTime() < expiresAt;
        }
    }

    public MetadataService(MetadataSettings settings) {
        this.s = settings;
        Map<String, MetadataLoader> map = new LinkedHashMap<>();
        // The default loader first: it is asked first, and its items win over another loader's copy.
        settings.loaders().stream().filter(l -> l.name().equals(settings.defaultLoader())).forEach(l -> map.put(l.name(), l));
        settings.loaders().forEach(l -> map.putIfAbsent(l.name(), l));
        this.loaders = Collections.unmodifiableMap(map);
        this.schemas = settings.schemas().isEmpty() ? null : new SchemaValidator(settings.schemas());
        this.pool = Executors.newFixedThreadPool(settings.parallelism(), r -> {
            Thread t = new Thread(r, "migrator-metadata");
            t.setDaemon(true);
            return t;
        });
        if (settings.prefetch()) {
            long start = System.nanoTime();
            List<MetadataItem> all = list(MetadataQuery.all());
            for (MetadataItem i : all) {
                items.put(i.key(), cached(Optional.of(i)));
            }
            LOG.info("Prefetched {} metadata items from {} loader(s) in {} ms", all.size(), loaders.size(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private <T> Cached<T> cached(T value) {
        long ttl = s.cacheTtl().toNanos();
        return new Cached<>(value, ttl == 0 ? Long.MIN_VALUE : System.nanoTime() + ttl);
    }

    // ------------------------------------------------------------------ reading

    @Override
    public Optional<MetadataItem> get(String type, String name, String namespace) {
        String key = MetadataItem.key(type, name, namespace);
        Cached<Optional<MetadataItem>> c = items.get(key);
        if (c != null && c.fresh()) {
            return c.value();
        }
        Optional<MetadataItem> found = Optional.empty();
        for (MetadataLoader l : candidates(type)) {
            if (!l.capabilities().read()) {
                continue;
            }
            found = l.get(type, name, namespace == null ? MetadataItem.DEFAULT_NAMESPACE : namespace);
            if (found.isPresent()) {
                break;
            }
        }
        if (!s.cacheTtl().isZero()) {
            items.put(key, cached(found));
        }
        return found;
    }

    /** The loaders to ask for a type: the strategy's for system, then for user items, the default, then the rest. */
    private List<MetadataLoader> candidates(String type) {
        Set<String> names = new LinkedHashSet<>();
        if (s.strategy() != null) {
            for (MetadataScope scope : MetadataScope.values()) {
                String n = s.strategy().loaderFor(type, scope);
                if (n != null && loaders.containsKey(n)) {
                    names.add(n);
                }
            }
        }
        names.add(s.defaultLoader());
        names.addAll(loaders.keySet());
        return names.stream().map(loaders::get).toList();
    }

    @Override
    public List<MetadataItem> list(MetadataQuery query) {
        Cached<List<MetadataItem>> c = lists.get(query);
        if (c != null && c.fresh()) {
            return c.value();
        }
        Map<String, Future<List<MetadataItem>>> futures = new LinkedHashMap<>();
        for (MetadataLoader l : loaders.values()) {
            if (l.capabilities().list()) {
                futures.put(l.name(), pool.submit(() -> l.list(query)));
            }
        }
        Map<String, MetadataItem> merged = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        List<MetadataProblem> found = new ArrayList<>();
        for (Map.Entry<String, Future<List<MetadataItem>>> e : futures.entrySet()) {
            List<MetadataItem> got = await(e.getValue(), e.getKey());
            found.addAll(loaders.get(e.getKey()).problems());
            for (MetadataItem i : got) {
                MetadataItem before = merged.putIfAbsent(i.key(), i);
                if (before == null) {
                    from.put(i.key(), e.getKey());
                } else {
                    found.add(new MetadataProblem(e.getKey(), null, i.key(), "also in loader " + from.get(i.key())
                            + ", whose copy is used; delete one of them (" + ErrorCode.METADATA_DUPLICATE + ")"));
                }
            }
        }
        problems = List.copyOf(found);
        List<MetadataItem> out = List.copyOf(merged.values());
        if (!s.cacheTtl().isZero()) {
            lists.put(query, cached(out));
        }
        return out;
    }

    private static <T> T await(Future<T> f, String loader) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.migrator.api.MigrationInterruptedException("Interrupted while loading metadata.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new MetadataException(ErrorCode.DATABASE_ERROR, "Metadata loader " + loader + " failed: " + e.getCause(),
                    List.of(), e.getCause());
        }
    }

    @Override
    public List<MetadataProblem> problems() {
        return problems;
    }

    // ------------------------------------------------------------------ writing

    @Override
    public MetadataItem save(MetadataItem item) {
        List<MetadataProblem> p = validate(item);
        if (!p.isEmpty()) {
            throw new MetadataException(ErrorCode.METADATA_INVALID, "Metadata item " + item.key() + " is not valid: "
                    + p.stream().map(MetadataProblem::message).toList() + ". Nothing was saved.", p, null);
        }
        MetadataLoader l = writer(item, null);
        try {
            return l.save(item);
        } finally {
            invalidate();
        }
    }

    private MetadataLoader writer(MetadataItem item, String requested) {
        String name = requested;
        if (name == null && s.strategy() != null) {
            name = s.strategy().loaderFor(item.type(), item.scope());
        }
        if (name == null) {
            name = s.defaultLoader();
        }
        MetadataLoader l = loaders.get(name);
        if (l == null) {
            throw new ConfigurationException("Metadata loader '" + name + "' (chosen for " + item.key() + ") does not exist; "
                    + "the loaders are " + loaders.keySet() + ".");
        }
        if (!l.capabilities().write()) {
            throw new MetadataException(ErrorCode.METADATA_NOT_WRITABLE, "Metadata loader " + name + " is read-only; "
                    + item.key() + " was not saved. Choose a writable loader for it in the strategy.");
        }
        return l;
    }

    @Override
    public boolean delete(String type, String name, String namespace) {
        boolean any = false;
        try {
            for (MetadataLoader l : candidates(type)) {
                if (l.capabilities().write() && l.delete(type, name, namespace)) {
                    any = true;
                    break;
                }
            }
        } finally {
            invalidate();
        }
        return any;
    }

    @Override
    public List<MetadataProblem> validate(MetadataItem item) {
        List<MetadataProblem> out = new ArrayList<>();
        String key = item.key();
        if (!s.types().isEmpty() && !s.types().contains(item.type())) {
            out.add(new MetadataProblem("validation", null, key, "unknown type '" + item.type() + "'; the known types are "
                    + new java.util.TreeSet<>(s.types()) + " (add it with MetadataManager.Builder.types(...))"));
        }
        if (!s.namePattern().matcher(item.name()).matches()) {
            out.add(new MetadataProblem("validation", null, key, "the name '" + item.name() + "' does not match "
                    + s.namePattern().pattern()));
        }
        if (!dev.migrator.api.Identifier.isName(item.namespace(), MAX_NAMESPACE)) {
            out.add(new MetadataProblem("validation", null, key, "the namespace '" + item.namespace() + "' is not allowed; "
                    + "use 1 to 100 letters, digits, '_', '.' or '-'"));
        }
        for (String f : s.required().getOrDefault(item.type(), List.of())) {
            if (item.body().get(f) == null) {
                out.add(new MetadataProblem("validation", null, key, "the required field '" + f + "' is missing"));
            }
        }
        if (schemas != null) {
            for (String p : schemas.validate(DataRecord.of(item.type(), item.body()))) {
                out.add(new MetadataProblem("validation", null, key, p));
            }
        }
        return out;
    }

    @Override
    public void invalidate() {
        items.clear();
        lists.clear();
    }

    // ------------------------------------------------------------------ export and import

    @Override
    public MetadataResults.Export export(Path file, MetadataQuery query, String loader, boolean pretty, boolean includeStats) {
        long start = System.nanoTime();
        List<MetadataItem> all;
        if (loader != null) {
            MetadataLoader l = loaders.get(loader);
            if (l == null) {
                throw new ConfigurationException("Metadata loader '" + loader + "' does not exist; the loaders are "
                        + loaders.keySet() + ".");
            }
            all = l.list(query);
        } else {
            all = list(query);
        }
        MetadataResults.Stats stats = includeStats ? statsOf(all, loader) : null;
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(tmp);
                    JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                if (pretty) {
                    g.useDefaultPrettyPrinter();
                }
                g.setCodec(JSON);
                g.writeStartObject();
                g.writeNumberField("formatVersion", EXPORT_FORMAT);
                g.writeStringField("exportedAt", Instant.now().toString());
                g.writeNumberField("count", all.size());
                if (stats != null) {
                    g.writeObjectField("stats", statsJson(stats));
                }
                g.writeArrayFieldStart("items");
                for (MetadataItem i : all) {
                    g.writeStartObject();
                    g.writeStringField("type", i.type());
                    g.writeStringField("name", i.name());
                    g.writeStringField("namespace", i.namespace());
                    g.writeStringField("scope", i.scope().name().toLowerCase(java.util.Locale.ROOT));
                    g.writeStringField("checksum", i.checksum() != null ? i.checksum() : MetadataItem.checksumOf(i.body()));
                    g.writeObjectField("body", i.body());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, "Cannot write the metadata export " + file + ": "
                    + e.getMessage() + ". Check the path and free space; no partial file was left.", List.of(), e);
        }
        LOG.info("Exported {} metadata items to {}", all.size(), file);
        return new MetadataResults.Export(file, all.size(), stats, Duration.ofNanos(System.nanoTime() - start));
    }

    private static Map<String, Object> statsJson(MetadataResults.Stats st) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", st.total());
        m.put("byType", new TreeMap<>(st.byType()));
        m.put("byNamespace", new TreeMap<>(st.byNamespace()));
        Map<String, Long> scope = new TreeMap<>();
        st.byScope().forEach((k, v) -> scope.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
        m.put("byScope", scope);
        m.put("byLoader", new TreeMap<>(st.byLoader()));
        return m;
    }

    /** Reads an export file's items, with a problem per unreadable item; malformed JSON stops with file and position. */
    private List<MetadataItem> readExport(Path file, List<MetadataProblem> problems) {
        List<MetadataItem> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, file + " is not a metadata export (it does "
                        + "not start with an object). Nothing was written.");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken t = p.nextToken();
                if ("formatVersion".equals(field) && p.getIntValue() != EXPORT_FORMAT) {
                    throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, file + " has export format version "
                            + p.getText() + "; this migrator reads version " + EXPORT_FORMAT + ". Nothing was written.");
                }
                if ("items".equals(field) && t == JsonToken.START_ARRAY) {
                    int index = 0;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String location = "line " + p.getCurrentLocation().getLineNr() + ", column "
                                + p.getCurrentLocation().getColumnNr();
                        @SuppressWarnings("unchecked")
                        Map<String, Object> n = p.readValueAs(LinkedHashMap.class);
                        try {
                            out.add(item(n));
                        } catch (RuntimeException e) {
                            problems.add(new MetadataProblem(file.toString(), location, "item " + index, e.getMessage()));
                        }
                        index++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String where = e.getLocation() == null ? null
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, file + (where == null ? "" : " " + where)
                    + ": malformed JSON (" + e.getOriginalMessage() + "). Nothing was written; fix the file and import again.",
                    List.of(new MetadataProblem(file.toString(), where, null, e.getOriginalMessage())), e);
        } catch (IOException e) {
            throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, "Cannot read " + file + ": " + e.getMessage()
                    + ". Nothing was written.", List.of(), e);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static MetadataItem item(Map<String, Object> n) {
        Object type = n.get("type");
        Object name = n.get("name");
        if (!(type instanceof String) || !(name instanceof String)) {
            throw new IllegalArgumentException("an item needs a text 'type' and 'name'");
        }
        Object body = n.get("body");
        if (!(body instanceof Map)) {
            throw new IllegalArgumentException("the item " + type + "/" + name + " has no 'body' object");
        }
        Object scope = n.get("scope");
        MetadataScope sc;
        try {
            sc = scope == null ? MetadataScope.SYSTEM : MetadataScope.valueOf(scope.toString().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the item " + type + "/" + name + " has scope '" + scope
                    + "'; allowed: system, user");
        }
        return new MetadataItem((String) type, (String) name, (String) n.get("namespace"), sc, (Map<String, Object>) body,
                null, Optional.empty());
    }

    @Override
    public MetadataResults.Import importFrom(MetadataImport request) {
        List<MetadataProblem> problems = new ArrayList<>();
        List<MetadataItem> incoming;
        try {
            incoming = readExport(request.source(), problems);
        } catch (MetadataException e) {
            importErrors = e.problems();
            throw e;
        }
        return apply(request.source().toString(), incoming, problems, request.strategy(), request.validate(),
                request.continueOnError(), request.loader(), request.dryRun());
    }

    @Override
    public MetadataResults.Import copy(String fromLoader, String toLoader, MetadataImport.Strategy strategy, boolean dryRun) {
        MetadataLoader from = loaders.get(fromLoader);
        if (from == null || !loaders.containsKey(toLoader)) {
            throw new ConfigurationException("Cannot copy metadata from '" + fromLoader + "' to '" + toLoader + "'; the "
                    + "loaders are " + loaders.keySet() + ".");
        }
        List<MetadataItem> all = from.list(MetadataQuery.all());
        List<MetadataProblem> problems = new ArrayList<>(from.problems());
        if (!problems.isEmpty() && strategy == MetadataImport.Strategy.REPLACE) {
            // A source item that could not be read would be deleted from the target by REPLACE: refuse instead.
            importErrors = List.copyOf(problems);
            throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, "Loader " + fromLoader + " has items that cannot "
                    + "be read, so a REPLACE copy could delete their copies in " + toLoader + ": " + problems
                    + ". Nothing was written; fix them first.", problems, null);
        }
        // Unreadable source items are reported, not copied; with MERGE or SKIP nothing of theirs in the target is lost.
        MetadataResults.Import r = apply("loader " + fromLoader, all, new ArrayList<>(), strategy, true, false, toLoader,
                dryRun);
        if (problems.isEmpty()) {
            return r;
        }
        List<MetadataProblem> allProblems = new ArrayList<>(problems);
        allProblems.addAll(r.problems());
        importErrors = List.copyOf(allProblems);
        LOG.warn("Copied metadata from {} to {} without {} item(s) that cannot be read: {}", fromLoader, toLoader,
                problems.size(), problems);
        return new MetadataResults.Import(r.created(), r.updated(), r.unchanged(), r.skipped(), r.deleted(),
                r.failed() + problems.size(), allProblems, r.dryRun(), r.duration());
    }

    private MetadataResults.Import apply(String source, List<MetadataItem> incoming, List<MetadataProblem> problems,
            MetadataImport.Strategy strategy, boolean validate, boolean continueOnError, String loader, boolean dryRun) {
        long start = System.nanoTime();
        Map<String, MetadataItem> byKey = new LinkedHashMap<>();
        Set<String> rejected = new LinkedHashSet<>();
        for (MetadataItem i : incoming) {
            if (byKey.containsKey(i.key())) {
                problems.add(new MetadataProblem(source, null, i.key(), "appears twice (" + ErrorCode.METADATA_DUPLICATE
                        + "); keep one"));
                rejected.add(i.key());
                continue;
            }
            byKey.put(i.key(), i);
            if (validate) {
                for (MetadataProblem p : validate(i)) {
                    problems.add(new MetadataProblem(source, p.location(), p.item(), p.message()));
                    rejected.add(i.key());
                }
            }
        }
        if (!problems.isEmpty() && !continueOnError) {
            importErrors = List.copyOf(problems);
            throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, "The import from " + source + " has "
                    + problems.size() + " problem(s), so nothing was written: " + problems.stream().limit(5)
                    .map(MetadataProblem::toString).toList() + (problems.size() > 5 ? " …" : "")
                    + ". Fix them, or import with continueOnError(true) to write the valid items.", problems, null);
        }
        rejected.forEach(byKey::remove);
        // Group by the loader each item goes to, then compare with what that loader holds.
        Map<MetadataLoader, List<MetadataItem>> perLoader = new LinkedHashMap<>();
        for (MetadataItem i : byKey.values()) {
            perLoader.computeIfAbsent(writer(i, loader), k -> new ArrayList<>()).add(i);
        }
        long created = 0;
        long updated = 0;
        long unchanged = 0;
        long skipped = 0;
        long deleted = 0;
        try {
            for (Map.Entry<MetadataLoader, List<MetadataItem>> e : perLoader.entrySet()) {
                MetadataLoader l = e.getKey();
                Map<String, MetadataItem> existing = new LinkedHashMap<>();
                for (MetadataItem i : l.list(MetadataQuery.all())) {
                    existing.put(i.key(), i);
                }
                List<MetadataItem> writes = new ArrayList<>();
                for (MetadataItem i : e.getValue()) {
                    MetadataItem there = existing.get(i.key());
                    if (there == null) {
                        created++;
                        writes.add(i);
                    } else if (strategy == MetadataImport.Strategy.SKIP) {
                        skipped++;
                    } else if (MetadataItem.checksumOf(there.body()).equals(MetadataItem.checksumOf(i.body()))
                            && there.scope() == i.scope()) {
                        unchanged++;
                    } else {
                        updated++;
                        writes.add(i);
                    }
                }
                List<MetadataItem> deletes = new ArrayList<>();
                if (strategy == MetadataImport.Strategy.REPLACE) {
                    Set<String> types = new LinkedHashSet<>();
                    incoming.forEach(i -> types.add(i.type()));
                    for (MetadataItem there : existing.values()) {
                        if (!byKey.containsKey(there.key()) && (loader != null || types.contains(there.type()))
                                && !rejected.contains(there.key())) {
                            deletes.add(there);
                        }
                    }
                    deleted += deletes.size();
                }
                if (!dryRun) {
                    if (!writes.isEmpty()) {
                        l.saveAll(writes);
                    }
                    for (MetadataItem d : deletes) {
                        l.delete(d.type(), d.name(), d.namespace());
                    }
                }
            }
        } finally {
            if (!dryRun) {
                invalidate();
            }
        }
        importErrors = List.copyOf(problems);
        MetadataResults.Import r = new MetadataResults.Import(created, updated, unchanged, skipped, deleted, rejected.size(),
                problems, dryRun, Duration.ofNanos(System.nanoTime() - start));
        LOG.info("{} metadata from {}: {} created, {} updated, {} unchanged, {} skipped, {} deleted, {} failed",
                dryRun ? "Dry run of importing" : "Imported", source, created, updated, unchanged, skipped, deleted, r.failed());
        return r;
    }

    @Override
    public List<MetadataProblem> lastImportErrors() {
        return importErrors;
    }

    // ------------------------------------------------------------------ statistics

    @Override
    public MetadataResults.Stats stats() {
        return statsOf(null, null);
    }

    private MetadataResults.Stats statsOf(List<MetadataItem> given, String onlyLoader) {
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byNamespace = new TreeMap<>();
        Map<MetadataScope, Long> byScope = new TreeMap<>();
        Map<String, Long> byLoader = new TreeMap<>();
        Map<String, MetadataItem> seen = new LinkedHashMap<>();
        for (MetadataLoader l : loaders.values()) {
            if (onlyLoader != null && !onlyLoader.equals(l.name()) || !l.capabilities().list()) {
                continue;
            }
            List<MetadataItem> of = l.list(MetadataQuery.all());
            byLoader.put(l.name(), (long) of.size());
            of.forEach(i -> seen.putIfAbsent(i.key(), i));
        }
        for (MetadataItem i : given != null ? given : seen.values()) {
            byType.merge(i.type(), 1L, Long::sum);
            byNamespace.merge(i.namespace(), 1L, Long::sum);
            byScope.merge(i.scope(), 1L, Long::sum);
        }
        long total = given != null ? given.size() : seen.size();
        return new MetadataResults.Stats(total, byType, byNamespace, byScope, byLoader);
    }

    @Override
    public Map<String, MetadataLoader> loaders() {
        return loaders;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        for (MetadataLoader l : loaders.values()) {
            try {
                l.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing metadata loader {} failed: {}", l.name(), e.toString());
            }
        }
    }
}

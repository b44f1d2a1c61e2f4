package dev.migrator.core.internal.metadata;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    private final MetadataSettings s;
    private final Map<String, MetadataLoader> loaders;
    private final SchemaValidator schemas;
    private final ExecutorService pool;
    private final MetadataCache cache;
    private volatile List<MetadataProblem> problems = List.of();
    private volatile List<MetadataProblem> importErrors = List.of();

    public MetadataService(MetadataSettings settings) {
        this.s = settings;
        this.cache = new MetadataCache(settings.cacheTtl());
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
                cache.prefetched(i);
            }
            LOG.info("Prefetched {} metadata items from {} loader(s) in {} ms", all.size(), loaders.size(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Override
    public Optional<MetadataItem> get(String type, String name, String namespace) {
        String key = MetadataItem.key(type, name, namespace);
        Optional<MetadataItem> cached = cache.item(key);
        if (cached != null) {
            return cached;
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
        cache.putItem(key, found);
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
        List<MetadataItem> cached = cache.list(query);
        if (cached != null) {
            return cached;
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
        cache.putList(query, out);
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
        cache.clear();
    }

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
        MetadataResults.Stats stats = includeStats ? MetadataStats.of(loaders.values(), all, loader) : null;
        MetadataExportFile.write(file, all, stats, pretty);
        LOG.info("Exported {} metadata items to {}", all.size(), file);
        return new MetadataResults.Export(file, all.size(), stats, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public MetadataResults.Import importFrom(MetadataImport request) {
        List<MetadataProblem> problems = new ArrayList<>();
        List<MetadataItem> incoming;
        try {
            incoming = MetadataExportFile.read(request.source(), problems);
        } catch (MetadataException e) {
            importErrors = e.problems();
            throw e;
        }
        return apply(MetadataImporter.Run.of(request), incoming, problems);
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
        MetadataResults.Import r = apply(MetadataImporter.Run.copy(fromLoader, toLoader, strategy, dryRun), all,
                new ArrayList<>());
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

    private MetadataResults.Import apply(MetadataImporter.Run run, List<MetadataItem> incoming,
            List<MetadataProblem> problems) {
        long start = System.nanoTime();
        MetadataImporter.Selection selection = MetadataImporter.select(run, incoming, problems, this::validate);
        if (!problems.isEmpty() && !run.continueOnError()) {
            importErrors = List.copyOf(problems);
            throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, "The import from " + run.source() + " has "
                    + problems.size() + " problem(s), so nothing was written: " + problems.stream().limit(5)
                    .map(MetadataProblem::toString).toList() + (problems.size() > 5 ? " …" : "")
                    + ". Fix them, or import with continueOnError(true) to write the valid items.", problems, null);
        }
        MetadataImporter.Counts n;
        try {
            n = MetadataImporter.write(run, incoming, selection, i -> writer(i, run.loader()));
        } finally {
            if (!run.dryRun()) {
                invalidate();
            }
        }
        importErrors = List.copyOf(problems);
        MetadataResults.Import r = new MetadataResults.Import(n.created(), n.updated(), n.unchanged(), n.skipped(),
                n.deleted(), selection.rejected().size(), problems, run.dryRun(),
                Duration.ofNanos(System.nanoTime() - start));
        LOG.info("{} metadata from {}: {} created, {} updated, {} unchanged, {} skipped, {} deleted, {} failed",
                run.dryRun() ? "Dry run of importing" : "Imported", run.source(), n.created(), n.updated(),
                n.unchanged(), n.skipped(), n.deleted(), r.failed());
        return r;
    }

    @Override
    public List<MetadataProblem> lastImportErrors() {
        return importErrors;
    }

    @Override
    public MetadataResults.Stats stats() {
        return MetadataStats.of(loaders.values(), null, null);
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

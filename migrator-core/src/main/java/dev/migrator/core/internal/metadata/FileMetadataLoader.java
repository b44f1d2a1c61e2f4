package dev.migrator.core.internal.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataCapabilities;
import dev.migrator.api.MetadataChange;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataProblem;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file:} loader: a folder of {@code {name}.{type}.json}, {@code .yaml} and {@code .yml} files, each holding
 * one item's body as an object. Files at the top are in namespace {@code default}; a subfolder is a namespace (one
 * level deep). Files carry no scope: every item has the loader's. Hidden files (our temp files are hidden), other
 * extensions and deeper folders are ignored.
 *
 * <p>Writes are atomic per file (a temp file in the same folder, then an atomic rename), so readers see the old file or
 * the new one, never half of one. Thread-safe: writes are serialised, reads take no lock. Owns only its watches, which
 * {@link #close()} stops; the folder and its files are the caller's.
 */
final class FileMetadataLoader implements MetadataLoader {

    /** The protocol served. */
    public static final String PROTOCOL = "file:";

    private static final Logger LOG = LoggerFactory.getLogger(FileMetadataLoader.class);

    private final String name;
    private final Path directory;
    private final MetadataScope scope;
    private final MetadataFileCodec codec = new MetadataFileCodec();
    private final MetadataFolder folder;
    // Serialises writes, and a watch's rescan with them: a watch must not mistake our own write for another writer's.
    private final Object lock = new Object();
    private final Set<FileMetadataWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile List<MetadataProblem> problems = List.of();
    private volatile boolean closed;

    /**
     * A loader over a folder, which need not exist yet (it is created by the first save or watch).
     *
     * @param name the loader's name
     * @param directory the folder
     * @param scope the scope of every item read; {@code SYSTEM} when {@code null}
     */
    public FileMetadataLoader(String name, Path directory, MetadataScope scope) {
        this.name = Objects.requireNonNull(name, "name");
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        this.scope = scope == null ? MetadataScope.SYSTEM : scope;
        this.folder = new MetadataFolder(this.name, this.directory);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    /** The folder read and written. */
    public Path directory() {
        return directory;
    }

    @Override
    public MetadataCapabilities capabilities() {
        return MetadataCapabilities.all();
    }

    /**
     * Reads only the item's own files ({@code {name}.{type}.json}, {@code .yaml}, {@code .yml}; for the default
     * namespace also in a {@code default/} subfolder).
     *
     * @throws MetadataException {@link ErrorCode#METADATA_INVALID} when the file is malformed (naming it and the line
     *     and column) or the identity could leave the folder; {@link ErrorCode#METADATA_DUPLICATE} when two files hold
     *     the item
     */
    @Override
    public Optional<MetadataItem> get(String type, String name, String namespace) {
        String ns = namespace(namespace);
        checkIdentity(type, name, ns);
        List<MetadataFile> files = folder.filesOf(type, name, ns);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        if (files.size() > 1) {
            MetadataProblem p = duplicate(files);
            throw new MetadataException(ErrorCode.METADATA_DUPLICATE, p.message(), List.of(p), null);
        }
        MetadataFile file = files.get(0);
        try {
            return Optional.of(read(file));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted since we looked
        } catch (IOException e) {
            throw new MetadataException(ErrorCode.METADATA_INVALID, "Cannot read metadata file " + file.path() + ": " + e
                    + ". Check its permissions.", List.of(), e);
        } catch (MetadataFileCodec.MalformedException e) {
            MetadataProblem p = malformed(file, e);
            throw new MetadataException(ErrorCode.METADATA_INVALID, p.toString(), List.of(p), e);
        }
    }

    /**
     * The matching items, sorted by namespace, type and name. Files of other types are skipped by their names, unread.
     * Malformed files, files holding the same item and JSON or YAML files without a type in their name are left out
     * and reported by {@link #problems()}; the other items still load.
     *
     * @throws MetadataException {@link ErrorCode#METADATA_INVALID} when the query's type or namespace could leave the
     *     folder
     */
    @Override
    public List<MetadataItem> list(MetadataQuery query) {
        MetadataQuery q = query == null ? MetadataQuery.all() : query;
        if (q.type() != null) {
            MetadataFile.checkSegment("type", q.type());
        }
        if (q.namespace() != null) {
            MetadataFile.checkSegment("namespace", q.namespace());
        }
        List<MetadataProblem> found = new ArrayList<>();
        if (q.scope() != null && q.scope() != scope) {
            problems = List.of();
            return List.of();
        }
        Map<String, List<MetadataFile>> byKey = new LinkedHashMap<>();
        for (MetadataFile f : folder.scan(q.namespace(), q.type() == null ? found : null)) {
            if (q.type() == null || q.type().equals(f.type())) {
                byKey.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f);
            }
        }
        List<MetadataItem> items = new ArrayList<>();
        for (List<MetadataFile> files : byKey.values()) {
            if (files.size() > 1) {
                found.add(duplicate(files));
                continue;
            }
            MetadataFile file = files.get(0);
            try {
                items.add(read(file));
            } catch (NoSuchFileException e) {
                // deleted since we listed the folder: not an item any more
            } catch (IOException e) {
                found.add(new MetadataProblem(file.path().toString(), null, file.key(), "Cannot read the file: " + e
                        + ". Check its permissions; it was left out."));
            } catch (MetadataFileCodec.MalformedException e) {
                found.add(malformed(file, e));
            }
        }
        for (MetadataProblem p : found) {
            LOG.warn("[{}] {}", name, p);
        }
        problems = List.copyOf(found);
        items.sort(Comparator.comparing(MetadataItem::namespace).thenComparing(MetadataItem::type)
                .thenComparing(MetadataItem::name));
        return List.copyOf(items);
    }

    /** The problems of the last {@link #list}. */
    @Override
    public List<MetadataProblem> problems() {
        return problems;
    }

    /**
     * Writes the item's file atomically, creating its namespace folder. An item already stored as {@code .yaml} or
     * {@code .yml} stays YAML; others are written as {@code {name}.{type}.json}, pretty-printed with two-space indents,
     * keys in the body's order and a trailing newline. The item's scope is not stored (files carry none): the item
     * returned, like every item read back, has the loader's scope. Its body is as {@link #get} will read it (integers
     * as {@code Long}, decimals as {@code BigDecimal}).
     *
     * @throws MetadataException {@link ErrorCode#METADATA_INVALID} when the type, name or namespace could leave the
     *     folder or the body cannot be written as JSON; {@link ErrorCode#METADATA_DUPLICATE} when two files already
     *     hold the item; {@link ErrorCode#METADATA_NOT_WRITABLE} when the file cannot be written
     */
    @Override
    public MetadataItem save(MetadataItem item) {
        Objects.requireNonNull(item, "item");
        String ns = namespace(item.namespace());
        checkIdentity(item.type(), item.name(), ns);
        synchronized (lock) {
            List<MetadataFile> existing = folder.filesOf(item.type(), item.name(), ns);
            if (existing.size() > 1) {
                MetadataProblem p = duplicate(existing);
                throw new MetadataException(ErrorCode.METADATA_DUPLICATE, p.message(), List.of(p), null);
            }
            MetadataFile target = existing.isEmpty()
                    ? new MetadataFile(folder.folderOf(ns).resolve(MetadataFile.fileName(item.type(), item.name(),
                            MetadataFile.Format.JSON)), item.type(), item.name(), ns, MetadataFile.Format.JSON)
                    : existing.get(0);
            byte[] content;
            Map<String, Object> body;
            try {
                content = codec.write(item.body(), target.format());
                body = codec.read(content, target.format());
            } catch (JsonProcessingException | MetadataFileCodec.MalformedException e) {
                throw new MetadataException(ErrorCode.METADATA_INVALID, "The body of " + item.key() + " cannot be "
                        + "stored in " + target.path() + ": " + e.getMessage() + ". Use JSON values only (maps, lists, "
                        + "strings, finite numbers, booleans, null).", List.of(), e);
            }
            Instant at;
            try {
                Files.createDirectories(target.path().getParent());
                AtomicFiles.write(target.path(), out -> out.write(content), name);
                at = Files.getLastModifiedTime(target.path()).toInstant();
            } catch (IOException e) {
                throw new MetadataException(ErrorCode.METADATA_NOT_WRITABLE, "Cannot write metadata file " + target.path()
                        + ": " + e + ". Check that the folder " + directory + " is writable.", List.of(), e);
            }
            watches.forEach(w -> w.ownChange(target));
            LOG.debug("[{}] saved {} to {}", name, item.key(), target.path());
            return new MetadataItem(item.type(), item.name(), ns, scope, body, MetadataItem.checksumOf(body),
                    Optional.of(at));
        }
    }

    /**
     * Saves the items one after the other, each file atomically. Files are not transactional: on the first failure
     * it stops and throws, and the items before it stay saved.
     *
     * @throws MetadataException as {@link #save}
     */
    @Override
    public List<MetadataItem> saveAll(List<MetadataItem> items) {
        List<MetadataItem> saved = new ArrayList<>(items.size());
        for (MetadataItem item : items) {
            saved.add(save(item));
        }
        return List.copyOf(saved);
    }

    /**
     * Deletes the item's file (every file holding it, when there are two).
     *
     * @return {@code false} when no file held it
     * @throws MetadataException {@link ErrorCode#METADATA_INVALID} when the identity could leave the folder;
     *     {@link ErrorCode#METADATA_NOT_WRITABLE} when a file cannot be deleted
     */
    @Override
    public boolean delete(String type, String name, String namespace) {
        String ns = namespace(namespace);
        checkIdentity(type, name, ns);
        synchronized (lock) {
            boolean deleted = false;
            for (MetadataFile f : folder.filesOf(type, name, ns)) {
                try {
                    deleted |= Files.deleteIfExists(f.path());
                } catch (IOException e) {
                    throw new MetadataException(ErrorCode.METADATA_NOT_WRITABLE, "Cannot delete metadata file " + f.path()
                            + ": " + e + ". Check that the folder is writable.", List.of(), e);
                }
                watches.forEach(w -> w.ownChange(f));
            }
            return deleted;
        }
    }

    /**
     * Watches the folder and its namespace folders (also ones created later) on a daemon thread. Changes are reported
     * once a burst of file events has been quiet for a moment, one {@link MetadataChange} per item created, changed
     * or deleted by another writer; this loader's own saves and deletes are not reported. The listener runs on the
     * watch thread; an exception it throws is logged and the watch goes on.
     *
     * @return stops this watch
     * @throws MetadataException {@link ErrorCode#METADATA_NOT_WRITABLE} when the folder cannot be watched
     */
    @Override
    public AutoCloseable watch(Consumer<MetadataChange> listener) {
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new IllegalStateException("Metadata loader " + name + " is closed; open a new one to watch " + directory
                    + ".");
        }
        FileMetadataWatch w;
        try {
            Files.createDirectories(directory);
            w = new FileMetadataWatch(this, listener);
        } catch (IOException e) {
            throw new MetadataException(ErrorCode.METADATA_NOT_WRITABLE, "Cannot watch metadata folder " + directory
                    + ": " + e + ". Check that it exists and is readable.", List.of(), e);
        }
        watches.add(w);
        return () -> {
            watches.remove(w);
            w.close();
        };
    }

    /** Stops every watch; the files stay. */
    @Override
    public void close() {
        closed = true;
        for (FileMetadataWatch w : List.copyOf(watches)) {
            watches.remove(w);
            w.close();
        }
    }

    @Override
    public String toString() {
        return "FileMetadataLoader[" + name + ", " + directory + "]";
    }

    // What FileMetadataWatch needs.

    Object lock() {
        return lock;
    }

    /** Every item file, without reading any. */
    List<MetadataFile> scanAll() {
        return folder.scan(null, null);
    }

    /** The namespace folders present now. */
    List<Path> namespaceFolders() {
        return folder.namespaceFolders();
    }

    private static String namespace(String ns) {
        return ns == null || ns.isEmpty() ? MetadataItem.DEFAULT_NAMESPACE : ns;
    }

    private static void checkIdentity(String type, String name, String namespace) {
        MetadataFile.checkSegment("type", type);
        MetadataFile.checkSegment("name", name);
        MetadataFile.checkSegment("namespace", namespace);
    }

    private MetadataItem read(MetadataFile file) throws IOException, MetadataFileCodec.MalformedException {
        Instant at = Files.getLastModifiedTime(file.path()).toInstant();
        Map<String, Object> body = codec.read(Files.readAllBytes(file.path()), file.format());
        return new MetadataItem(file.type(), file.name(), file.namespace(), scope, body, MetadataItem.checksumOf(body),
                Optional.of(at));
    }

    private static MetadataProblem malformed(MetadataFile file, MetadataFileCodec.MalformedException e) {
        return new MetadataProblem(file.path().toString(), e.location, file.key(), "The file is not a valid item: "
                + e.getMessage() + ". Fix it; it was left out and the other items still load.");
    }

    private static MetadataProblem duplicate(List<MetadataFile> files) {
        String paths = files.stream().map(f -> f.path().toString()).collect(Collectors.joining(" and "));
        return new MetadataProblem(files.get(0).path().toString(), null, files.get(0).key(), ErrorCode.METADATA_DUPLICATE
                + ": " + files.get(0).key() + " is defined by " + paths + "; both were left out. Delete or rename all "
                + "but one of them.");
    }
}

package dev.migrator.core.internal.metadata;

import dev.migrator.api.MetadataChange;
import dev.migrator.api.MetadataItem;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch of a {@link FileMetadataLoader}'s folder. File events only say "something changed here": after a burst
 * of them has been quiet for {@link #QUIET_MILLIS}, the folder is listed again and compared with the last listing,
 * item by item. That reports an editor's save-via-rename as one UPDATED, ignores temp files, survives an overflow of
 * the event queue, and picks up namespace folders created later.
 */
final class FileMetadataWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileMetadataWatch.class);

    /** How long the folder must be quiet before changes are reported. */
    static final long QUIET_MILLIS = 200;

    private record FileState(Instant modified, long size, Object fileKey) {}

    private record Identity(String type, String name, String namespace) implements Comparable<Identity> {
        @Override
        public int compareTo(Identity o) {
            return MetadataItem.key(type, name, namespace).compareTo(MetadataItem.key(o.type, o.name, o.namespace));
        }
    }

    private final FileMetadataLoader loader;
    private final Consumer<MetadataChange> listener;
    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    // The item files as last seen; guarded by loader.lock().
    private Map<Identity, Map<Path, FileState>> seen;

    FileMetadataWatch(FileMetadataLoader loader, Consumer<MetadataChange> listener) throws IOException {
        this.loader = loader;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.service = loader.directory().getFileSystem().newWatchService();
        try {
            synchronized (loader.lock()) {
                // Register before the first listing: a change in between is then seen by both or by the next rescan.
                register(loader.directory());
                loader.namespaceFolders().forEach(this::register);
                seen = listing();
            }
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        thread = new Thread(this::run, "migrator-metadata-watch-" + loader.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Records a save or delete of the loader itself, so that it is not reported. Called under loader.lock(). */
    void ownChange(MetadataFile file) {
        synchronized (loader.lock()) {
            if (seen == null) {
                return;
            }
            Identity id = new Identity(file.type(), file.name(), file.namespace());
            Map<Path, FileState> files = new HashMap<>(seen.getOrDefault(id, Map.of()));
            FileState state = state(file.path());
            if (state == null) {
                files.remove(file.path());
            } else {
                files.put(file.path(), state);
            }
            if (files.isEmpty()) {
                seen.remove(id);
            } else {
                seen.put(id, files);
            }
            if (state != null) {
                register(file.path().getParent());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("[{}] closing the watch service: {}", loader.name(), e.toString());
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long lastEvent = 0;
        boolean pending = false;
        try {
            while (running) {
                WatchKey key = service.poll(QUIET_MILLIS / 4, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    if (!key.reset()) {
                        synchronized (loader.lock()) {
                            keys.values().remove(key);
                        }
                    }
                    pending = true;
                    lastEvent = System.nanoTime();
                    continue;
                }
                if (pending && System.nanoTime() - lastEvent >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
                    pending = false;
                    report(rescan());
                }
            }
        } catch (ClosedWatchServiceException e) {
            // closed: the watch ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<MetadataChange> rescan() {
        try {
            synchronized (loader.lock()) {
                loader.namespaceFolders().forEach(this::register);
                Map<Identity, Map<Path, FileState>> now = listing();
                List<MetadataChange> changes = new ArrayList<>();
                TreeSet<Identity> ids = new TreeSet<>(seen.keySet());
                ids.addAll(now.keySet());
                for (Identity id : ids) {
                    Map<Path, FileState> before = seen.get(id);
                    Map<Path, FileState> after = now.get(id);
                    MetadataChange.Kind kind = before == null ? MetadataChange.Kind.CREATED
                            : after == null ? MetadataChange.Kind.DELETED
                            : before.equals(after) ? null : MetadataChange.Kind.UPDATED;
                    if (kind != null) {
                        changes.add(new MetadataChange(kind, id.type(), id.name(), id.namespace(), loader.name()));
                    }
                }
                seen = now;
                return changes;
            }
        } catch (RuntimeException e) {
            LOG.warn("[{}] cannot list {} after a change: {}; the watch goes on.", loader.name(), loader.directory(),
                    e.toString());
            return List.of();
        }
    }

    private void report(List<MetadataChange> changes) {
        for (MetadataChange c : changes) {
            LOG.debug("[{}] {} {}", loader.name(), c.kind(), MetadataItem.key(c.type(), c.name(), c.namespace()));
            try {
                listener.accept(c);
            } catch (RuntimeException e) {
                LOG.warn("[{}] the metadata change listener failed on {} {}: {}; the watch goes on.", loader.name(),
                        c.kind(), MetadataItem.key(c.type(), c.name(), c.namespace()), e.toString(), e);
            }
        }
    }

    private Map<Identity, Map<Path, FileState>> listing() {
        Map<Identity, Map<Path, FileState>> m = new TreeMap<>();
        for (MetadataFile f : loader.scanAll()) {
            FileState s = state(f.path());
            if (s != null) {
                m.computeIfAbsent(new Identity(f.type(), f.name(), f.namespace()), k -> new HashMap<>()).put(f.path(), s);
            }
        }
        return m;
    }

    private void register(Path folder) {
        if (keys.containsKey(folder) || !running) {
            return;
        }
        try {
            keys.put(folder, folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
        } catch (NoSuchFileException | ClosedWatchServiceException e) {
            // gone, or the watch was closed meanwhile
        } catch (IOException e) {
            LOG.warn("[{}] cannot watch {}: {}; changes there are seen only with changes elsewhere.", loader.name(),
                    folder, e.toString());
        }
    }

    private static FileState state(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new FileState(a.lastModifiedTime().toInstant(), a.size(), a.fileKey());
        } catch (IOException e) {
            return null;
        }
    }
}

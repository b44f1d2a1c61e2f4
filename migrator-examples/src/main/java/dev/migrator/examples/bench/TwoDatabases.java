package dev.migrator.examples.bench;

import dev.migrator.api.MigrationManager;
import java.nio.file.Path;

/**
 * A source and a target database of their own on one server, for a copy between them; created here, dropped by
 * {@link #close()}.
 */
final class TwoDatabases implements AutoCloseable {
    final BenchServer server;
    final String src;
    final String dst;

    TwoDatabases(BenchServer server) {
        this.server = server;
        this.src = server.createDatabase("src");
        String target;
        try {
            target = server.createDatabase("dst");
        } catch (RuntimeException e) {
            server.dropDatabase(src);
            throw e;
        }
        this.dst = target;
    }

    /** A manager with connections {@code src} and {@code dst}, its backups in {@code backups}; the caller closes it. */
    MigrationManager manager(Path backups) {
        return MigrationManager.builder()
                .connection("src", server.urlFor(src), server.user, server.password)
                .connection("dst", server.urlFor(dst), server.user, server.password)
                .backupDirectory(backups)
                .build();
    }

    @Override
    public void close() {
        server.dropDatabase(src);
        server.dropDatabase(dst);
    }
}

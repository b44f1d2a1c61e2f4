package dev.migrator.core.internal;

import dev.migrator.core.internal.backup.BackupEngine;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupOperations;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.BackupStore;
import dev.migrator.api.MigrationEvent;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import dev.migrator.api.Target;
import dev.migrator.api.VerifyReport;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.core.internal.backup.BackupRunner;
import dev.migrator.core.internal.backup.FileBackupStore;
import dev.migrator.core.internal.schema.ResolvedTarget;
import dev.migrator.core.internal.schema.TargetResolver;
import dev.migrator.core.internal.util.Identifiers;
import dev.migrator.spi.Backend;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** The engine's {@link BackupOperations}: checks the request's names and connection, then hands it to the runner. */
final class EngineBackups implements BackupOperations, BackupEngine {

    private final TargetResolver resolver;
    private final Map<String, ConnectionConfig> connections;
    private final Map<String, Backend> backends;
    private final FileBackupStore store;
    private final BackupRunner runner;
    private final Consumer<MigrationEvent> events;

    EngineBackups(TargetResolver resolver, Map<String, ConnectionConfig> connections, Map<String, Backend> backends,
            FileBackupStore store, BackupRunner runner, Consumer<MigrationEvent> events) {
        this.events = events;
        this.resolver = resolver;
        this.connections = connections;
        this.backends = backends;
        this.store = store;
        this.runner = runner;
    }

    @Override
    public BackupManifest backup(BackupRequest request) {
        // Before resolving: the default schema is looked up on the server, and a refused call opens nothing.
        for (String table : request.tables()) {
            Identifiers.refuseSystemSchemaOf(table, "Backup table " + table);
        }
        Target t = request.target() != null ? request.target() : resolver.defaultTarget();
        ResolvedTarget rt = resolver.resolve(t);
        BackupManifest manifest = runner.backup(rt, connections.get(t.connection()), request);
        events.accept(new MigrationEvent.BackupTaken(rt.target(), manifest));
        return manifest;
    }

    @Override
    public RestoreResult restore(String backupId, RestoreRequest request) {
        Objects.requireNonNull(backupId, "backupId");
        Instant start = Instant.now();
        RestoreResult result;
        try {
            if (request.target() != null) {
                resolver.requireConnection(request.target().connection());
            }
            result = runner.restore(backupId, request, backends);
        } catch (RuntimeException e) {
            events.accept(new MigrationEvent.RestoreFinished(restoreTarget(backupId, request), backupId, 0, 0,
                    Duration.between(start, Instant.now()), Optional.of(e)));
            throw e;
        }
        String schema = request.target() != null ? request.target().schema() : null;
        events.accept(new MigrationEvent.RestoreFinished(Target.of(result.connection(), schema), backupId,
                result.tables().size(), result.rowCount(), result.duration(), Optional.empty()));
        return result;
    }

    /**
     * Where a failed restore was headed: the request's target, else the connection the backup was taken from, else
     * (an unknown or unreadable backup) the default target's connection.
     */
    private Target restoreTarget(String backupId, RestoreRequest request) {
        if (request.target() != null) {
            return request.target();
        }
        try {
            return Target.of(store.manifest(backupId).source().connection());
        } catch (RuntimeException e) {
            return Target.of(resolver.defaultTarget().connection());
        }
    }

    @Override
    public VerifyReport verify(String backupId) {
        return runner.verify(backupId, null, backends);
    }

    @Override
    public VerifyReport verify(String backupId, Target target) {
        resolver.requireConnection(target.connection());
        return runner.verify(backupId, target, backends);
    }

    @Override
    public BackupStore store() {
        return store;
    }
}

package dev.migrator.core.internal.schema;

import dev.migrator.api.MigrationEvent;
import dev.migrator.api.Target;
import dev.migrator.api.Version;
import dev.migrator.spi.Backend;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.TargetSession;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every command on one resolved target shares: the target, its backend, the engine's settings and where events
 * go. Commands are built from it per call; it holds no state of a run.
 */
record TargetScope(ResolvedTarget resolved, EngineSettings settings, Consumer<MigrationEvent> events) {

    public Target target() {
        return resolved.target();
    }

    Backend backend() {
        return resolved.backend();
    }

    /** A session on the target's schema and history table; the caller closes it. */
    TargetSession openSession() {
        return backend().openSession(resolved.schema(), settings.historyTable());
    }

    /** The history rules applied to {@code rows} and the target's local scripts. */
    HistoryAnalysis analyse(List<HistoryRow> rows, boolean outOfOrder) {
        return HistoryAnalysis.of(target(), resolved.scripts(), resolved.repeatables(), rows, outOfOrder || settings.outOfOrder());
    }

    /** The history as it stands, read without the lock (nothing is written from it). */
    HistoryAnalysis readAnalysis(boolean outOfOrder) {
        try (TargetSession session = openSession()) {
            List<HistoryRow> rows = session.schemaExists() ? session.history().read() : List.of();
            return analyse(rows, outOfOrder);
        }
    }

    /** The local script a history row recorded, or {@code null} when none has its version. */
    LoadedScript scriptOf(HistoryRow row) {
        Version v = Version.parse(row.version());
        for (LoadedScript s : resolved.scripts()) {
            if (s.version().equals(v)) {
                return s;
            }
        }
        return null;
    }

    /** The history-row factory for this target's connection. */
    HistoryRows rows() {
        return new HistoryRows(settings.installedBy(target().connection()));
    }
}

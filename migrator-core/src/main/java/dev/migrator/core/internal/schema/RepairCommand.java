package dev.migrator.core.internal.schema;

import dev.migrator.api.RepairResult;
import dev.migrator.api.Target;
import dev.migrator.api.Version;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.TargetSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Repair on one target: removes failed entries and records the local checksum of edited scripts, under the lock. */
final class RepairCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RepairCommand.class);

    private final TargetScope scope;

    public RepairCommand(TargetScope scope) {
        this.scope = scope;
    }

    public List<RepairResult.Action> run() {
        Target target = scope.target();
        try (TargetSession session = scope.openSession()) {
            if (!session.schemaExists() || !session.history().exists()) {
                return List.of();
            }
            return new LockGuard(scope).underLock(session, lock -> {
                List<HistoryRow> history = session.history().read();
                HistoryAnalysis analysis = scope.analyse(history, true);
                List<RepairResult.Action> actions = new ArrayList<>();
                for (HistoryRow row : history) {
                    // A failed repeatable script blocks nothing (the next migrate runs it again): its row stays as a record.
                    if (!row.success() && row.version() != null) {
                        session.history().delete(row.rank());
                        actions.add(new RepairResult.Action(target, Version.parse(row.version()), row.name(),
                                RepairResult.Kind.REMOVED_FAILED_ENTRY));
                        LoadedScript local = scope.scriptOf(row);
                        LOG.info("{}: repair removed the failed entry of {}", target,
                                local != null ? local.label() : ScriptNames.recorded(row.version(), row.name()));
                    }
                }
                for (Map.Entry<LoadedScript, HistoryRow> change : analysis.checksumChanges) {
                    LoadedScript s = change.getKey();
                    session.history().update(HistoryRows.realigned(change.getValue(), s));
                    actions.add(new RepairResult.Action(target, s.version(), s.name(), RepairResult.Kind.REALIGNED_CHECKSUM));
                    LOG.info("{}: repair recorded the new checksum of {}", target, s.label());
                }
                return actions;
            });
        }
    }
}

package dev.migrator.core.internal.schema;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.Version;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.TargetSession;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Baseline on one target: records that an existing database without history stands at a version. */
final class BaselineCommand {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineCommand.class);

    private final TargetScope scope;

    public BaselineCommand(TargetScope scope) {
        this.scope = scope;
    }

    public void run(Version version) {
        try (TargetSession session = scope.openSession()) {
            new LockGuard(scope).underLock(session, lock -> {
                if (!session.schemaExists()) {
                    session.createSchema();
                }
                session.history().createIfMissing();
                List<HistoryRow> rows = session.history().read();
                if (!rows.isEmpty()) {
                    throw new ConfigurationException("Cannot baseline " + scope.target() + " at " + version + ": its history "
                            + "already has " + rows.size() + " entries. Baseline is for an existing database without history; "
                            + "use migrate() instead.");
                }
                session.history().insert(scope.rows().baseline(version));
                LOG.info("{}: baselined at version {}", scope.target(), version);
                return null;
            });
        }
    }
}

package dev.migrator.spring.boot;

import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.ScriptState;
import dev.migrator.api.Target;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.Ordered;

/**
 * Runs {@link MigrationManager#migrate()} when the application context creates this bean. The auto-configuration
 * makes the data layer (JPA's {@code EntityManagerFactory}, {@code JdbcTemplate}, {@code NamedParameterJdbcTemplate},
 * jOOQ's {@code DSLContext} and every bean Boot marks as depending on database initialisation) depend on it, so the
 * schema is up to date before any of them starts. A failing migration fails the start-up with the library's
 * exception. Borrows the manager; the context closes it.
 */
public class MigratorMigrationInitializer implements InitializingBean, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(MigratorMigrationInitializer.class);

    private final MigrationManager manager;
    private final String baselineVersion;
    private final SchemaProbe probe;
    private final String historyTable;
    private int order;

    /** Migrates at start-up, never baselining. */
    public MigratorMigrationInitializer(MigrationManager manager) {
        this(manager, null, null, null);
    }

    /**
     * Migrates at start-up; first baselines at {@code baselineVersion} each target whose history is empty and whose
     * schema {@code probe} finds not empty.
     */
    public MigratorMigrationInitializer(MigrationManager manager, String baselineVersion, SchemaProbe probe,
            String historyTable) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.baselineVersion = baselineVersion == null || baselineVersion.isBlank() ? null : baselineVersion;
        if (this.baselineVersion != null && probe == null) {
            throw new IllegalArgumentException("migrator.baseline-version is set to " + baselineVersion
                    + " but there is no SchemaProbe to tell an empty schema from a used one: with a MigrationManager bean of"
                    + " your own, define a SchemaProbe bean too.");
        }
        this.probe = probe;
        this.historyTable = historyTable;
    }

    @Override
    public void afterPropertiesSet() {
        if (baselineVersion != null) {
            baselineUsedSchemas();
        }
        MigrateResult result = manager.migrate();
        LOG.info("migrator: {} script(s) applied on {} target(s) in {} ms", result.applied().size(),
                result.targets().size(), result.duration().toMillis());
    }

    private void baselineUsedSchemas() {
        for (Target target : manager.targets()) {
            // An empty history shows every local script as pending: anything else means a row exists.
            boolean historyEmpty = manager.status(target).scripts().stream()
                    .allMatch(s -> s.state() == ScriptState.PENDING);
            if (historyEmpty && probe.hasObjects(target, historyTable)) {
                LOG.info("migrator: {}: history empty and schema not empty, baselining at {} (migrator.baseline-version)",
                        target, baselineVersion);
                manager.schema().baseline(target, baselineVersion);
            }
        }
    }

    @Override
    public int getOrder() {
        return order;
    }

    /** The order among other initialisers; default 0. */
    public void setOrder(int order) {
        this.order = order;
    }
}

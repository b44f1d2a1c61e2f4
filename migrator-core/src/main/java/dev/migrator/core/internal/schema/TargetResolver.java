package dev.migrator.core.internal.schema;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.Target;
import dev.migrator.core.internal.util.Identifiers;
import dev.migrator.spi.Backend;
import dev.migrator.spi.engine.MigrationSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's targets and how a requested target becomes a {@link ResolvedTarget}: connection known, default schema
 * filled in and validated, environment bound, scripts and placeholders chosen. Immutable; safe to share.
 */
public final class TargetResolver {

    private static final Logger LOG = LoggerFactory.getLogger(TargetResolver.class);

    private final MigrationSettings settings;
    private final ScriptCatalog catalog;
    private final Map<String, Backend> backends;
    private final List<String> connectionNames;
    private final List<Target> targets;

    /**
     * @param targets the manager's targets, from {@link #targetsOf}
     * @param backends the opened backend of every connection, by name
     * @param connectionNames every configured connection, in order; the first is the default
     */
    public TargetResolver(MigrationSettings settings, ScriptCatalog catalog, List<Target> targets, Map<String, Backend> backends,
            List<String> connectionNames) {
        this.settings = settings;
        this.catalog = catalog;
        this.targets = List.copyOf(targets);
        this.backends = Map.copyOf(backends);
        this.connectionNames = List.copyOf(connectionNames);
    }

    /**
     * The targets of {@code settings}: those the scripts declare (patterns bound to every environment), those set
     * explicitly, or else the default connection's default schema. Checked before any connection is opened, so that a
     * typo opens nothing.
     *
     * @param connectionNames every configured connection, in order; the first is the default
     */
    public static List<Target> targetsOf(MigrationSettings settings, ScriptCatalog catalog, List<String> connectionNames) {
        Set<Target> all = new LinkedHashSet<>(catalog.declaredTargets(settings.environments()));
        for (Target t : settings.targets()) {
            if (!connectionNames.contains(t.connection())) {
                throw unknownConnection(t.connection(), connectionNames);
            }
            if (t.isPattern()) {
                settings.environments().forEach(env -> all.add(t.forEnvironment(env)));
            } else {
                all.add(t);
            }
        }
        if (all.isEmpty()) {
            all.add(Target.of(connectionNames.get(0)));
        }
        for (Target t : catalog.declaredTargets(List.of())) {
            if (t.isPattern() && settings.environments().isEmpty()) {
                LOG.warn("Scripts for schema pattern {} are not migrated by migrate(): no environments are set. "
                        + "Set environments(...) or migrate(Target.of(\"{}\", \"<schema>\")).", t, t.connection());
            }
        }
        return List.copyOf(all);
    }

    /** The manager's targets, in order. */
    public List<Target> targets() {
        return targets;
    }

    /** The target an operation without one uses: the first of the manager's. */
    public Target defaultTarget() {
        return targets.isEmpty() ? Target.of(connectionNames.get(0)) : targets.get(0);
    }

    /** {@code requested} resolved, or every target of the manager when it is empty. */
    public List<ResolvedTarget> resolveAll(List<Target> requested) {
        List<Target> list = requested.isEmpty() ? targets : requested;
        List<ResolvedTarget> resolved = new ArrayList<>(list.size());
        for (Target t : list) {
            resolved.add(resolve(t));
        }
        return resolved;
    }

    public ResolvedTarget resolve(Target requested) {
        Backend backend = backends.get(requested.connection());
        if (backend == null) {
            throw unknownConnection(requested.connection());
        }
        if (requested.isPattern()) {
            throw new ConfigurationException("Target " + requested + " still holds {environment}. Name the schema "
                    + "(e.g. cli_dev), or set environments(...) and call migrate().");
        }
        String schema = requested.schema() != null ? requested.schema() : backend.defaultSchema();
        Identifiers.requireSchema(schema, "Schema name for connection '" + requested.connection() + "'");
        String environment = catalog.environmentOf(requested.connection(), schema);
        Map<String, String> placeholders = new HashMap<>(settings.placeholders());
        placeholders.putIfAbsent("schema", schema);
        placeholders.putIfAbsent("connection", requested.connection());
        placeholders.putIfAbsent("historyTable", settings.historyTable());
        if (environment != null) {
            placeholders.putIfAbsent("environment", environment);
        }
        return new ResolvedTarget(Target.of(requested.connection(), schema), schema, environment, backend,
                catalog.scriptsFor(requested.connection(), schema), Map.copyOf(placeholders),
                catalog.repeatablesFor(requested.connection(), schema), catalog.callbacksFor(requested.connection(), schema));
    }

    /** Throws when {@code connection} is not configured. */
    public void requireConnection(String connection) {
        if (!connectionNames.contains(connection)) {
            throw unknownConnection(connection);
        }
    }

    public ConfigurationException unknownConnection(String name) {
        return unknownConnection(name, connectionNames);
    }

    private static ConfigurationException unknownConnection(String name, List<String> known) {
        return new ConfigurationException("Unknown connection '" + name + "'. Known: " + known
                + ". Declare it with connection(\"" + name + "\", url, user, password).");
    }
}

package dev.migrator.core.internal.schema;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DuplicateVersionException;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import dev.migrator.api.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * All scripts of a manager, loaded once at build time, and the rule that picks a target's scripts: scripts whose
 * schema pattern names the target's schema; where none does, the connection's scripts without a schema.
 */
public final class ScriptCatalog {

    private final List<LoadedScript> scripts;

    /**
     * @param scripts scripts given in code
     * @param files scripts discovered in locations
     */
    public ScriptCatalog(List<Script> scripts, List<LoadedScript.FromFile> files, String defaultConnection, Set<String> connections) {
        List<LoadedScript> all = new ArrayList<>(scripts.size() + files.size());
        for (Script s : scripts) {
            all.add(LoadedScript.of(s, defaultConnection));
        }
        for (LoadedScript.FromFile f : files) {
            all.add(LoadedScript.of(f, defaultConnection));
        }
        List<LoadedScript> loaded = new ArrayList<>(all.size());
        for (LoadedScript ls : all) {
            if (!connections.contains(ls.connection())) {
                throw new ConfigurationException("Script " + ls.label() + " names connection '" + ls.connection()
                        + "', which is not configured. Known connections: " + connections
                        + ". Add it with connection(\"" + ls.connection() + "\", url, user, password).");
            }
            loaded.add(ls);
        }
        loaded.sort(Comparator.comparing(LoadedScript::version));
        // One version identifies one script within a connection and schema pattern.
        Map<String, Map<Version, LoadedScript>> groups = new HashMap<>();
        for (LoadedScript ls : loaded) {
            String group = ls.connection() + "/" + Objects.toString(ls.schemaPattern(), "");
            LoadedScript previous = groups.computeIfAbsent(group, k -> new HashMap<>()).putIfAbsent(ls.version(), ls);
            if (previous != null) {
                throw new DuplicateVersionException("Two scripts have version " + ls.version() + " for connection '"
                        + ls.connection() + "'" + (ls.schemaPattern() == null ? "" : " schema " + ls.schemaPattern())
                        + ": " + previous.label() + " and " + ls.label()
                        + ". Give one of them a new version; a version identifies one script.");
            }
        }
        this.scripts = List.copyOf(loaded);
    }

    public List<LoadedScript> all() {
        return scripts;
    }

    /** The scripts of a resolved schema, in version order. */
    public List<LoadedScript> scriptsFor(String connection, String schema) {
        List<LoadedScript> specific = new ArrayList<>();
        List<LoadedScript> generic = new ArrayList<>();
        for (LoadedScript s : scripts) {
            if (!s.connection().equals(connection)) {
                continue;
            }
            if (s.schemaPattern() == null) {
                generic.add(s);
            } else if (s.matchesSchema(schema)) {
                specific.add(s);
            }
        }
        return specific.isEmpty() ? generic : specific;
    }

    /** The environment id bound by a script pattern naming this schema, or {@code null}. */
    public String environmentOf(String connection, String schema) {
        for (LoadedScript s : scripts) {
            if (s.connection().equals(connection)) {
                String env = s.environmentOf(schema);
                if (env != null) {
                    return env;
                }
            }
        }
        return null;
    }

    /** The targets named by scripts, patterns expanded per environment, in first-seen order. */
    public Set<Target> declaredTargets(List<String> environments) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (LoadedScript s : scripts) {
            Target t = Target.of(s.connection(), s.schemaPattern());
            if (t.isPattern()) {
                for (String env : environments) {
                    Target e = t.forEnvironment(env);
                    targets.putIfAbsent(e.toString(), e);
                }
            } else {
                targets.putIfAbsent(t.toString(), t);
            }
        }
        return new LinkedHashSet<>(targets.values());
    }
}

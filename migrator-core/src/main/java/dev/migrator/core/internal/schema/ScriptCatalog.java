package dev.migrator.core.internal.schema;

import dev.migrator.api.Callback;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DuplicateVersionException;
import dev.migrator.api.RepeatableScript;
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
    /** Repeatable scripts in name order. */
    private final List<LoadedScript> repeatables;
    /** Callback files in location order. */
    private final List<LoadedScript> callbackFiles;
    private final List<Callback> callbacks;

    /**
     * @param scripts scripts given in code
     * @param files scripts discovered in locations
     * @param repeatableScripts repeatable scripts given in code
     * @param repeatableFiles repeatable scripts discovered in locations
     * @param callbackFiles callback files discovered in locations, in location order
     * @param callbacks callbacks given in code, in registration order
     */
    public ScriptCatalog(List<Script> scripts, List<LoadedScript.FromFile> files, List<RepeatableScript> repeatableScripts,
            List<LoadedScript.FromFile> repeatableFiles, List<LoadedScript.FromFile> callbackFiles, List<Callback> callbacks,
            String defaultConnection, Set<String> connections) {
        List<LoadedScript> repeatable = new ArrayList<>();
        for (RepeatableScript r : repeatableScripts) {
            repeatable.add(requireConnection(LoadedScript.of(r, defaultConnection), connections));
        }
        for (LoadedScript.FromFile f : repeatableFiles) {
            repeatable.add(requireConnection(LoadedScript.of(f, defaultConnection), connections));
        }
        repeatable.sort(Comparator.comparing(LoadedScript::name));
        // One name identifies one repeatable script within a connection and schema pattern.
        Map<String, LoadedScript> names = new HashMap<>();
        for (LoadedScript r : repeatable) {
            LoadedScript previous = names.putIfAbsent(r.connection() + "/" + Objects.toString(r.schemaPattern(), "") + "/" + r.name(), r);
            if (previous != null) {
                throw new ConfigurationException("Two repeatable scripts are named " + ScriptNames.escape(r.name())
                        + " for connection '" + r.connection() + "'"
                        + (r.schemaPattern() == null ? "" : " schema " + r.schemaPattern()) + ": " + previous.label() + " and "
                        + r.label() + ". Rename one of them; a name identifies one repeatable script.");
            }
        }
        this.repeatables = List.copyOf(repeatable);
        List<LoadedScript> callbackScripts = new ArrayList<>();
        for (LoadedScript.FromFile f : callbackFiles) {
            callbackScripts.add(requireConnection(LoadedScript.of(f, defaultConnection), connections));
        }
        this.callbackFiles = List.copyOf(callbackScripts);
        this.callbacks = List.copyOf(callbacks);
        List<LoadedScript> all = new ArrayList<>(scripts.size() + files.size());
        for (Script s : scripts) {
            all.add(LoadedScript.of(s, defaultConnection));
        }
        for (LoadedScript.FromFile f : files) {
            all.add(LoadedScript.of(f, defaultConnection));
        }
        List<LoadedScript> loaded = new ArrayList<>(all.size());
        for (LoadedScript ls : all) {
            loaded.add(requireConnection(ls, connections));
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

    private static LoadedScript requireConnection(LoadedScript ls, Set<String> connections) {
        if (!connections.contains(ls.connection())) {
            throw new ConfigurationException("Script " + ls.label() + " names connection '" + ls.connection()
                    + "', which is not configured. Known connections: " + connections
                    + ". Add it with connection(\"" + ls.connection() + "\", url, user, password).");
        }
        return ls;
    }

    /** The repeatable scripts of a resolved schema, in name order: chosen as {@link #scriptsFor} chooses scripts. */
    public List<LoadedScript> repeatablesFor(String connection, String schema) {
        return select(repeatables, connection, schema);
    }

    /**
     * The callbacks of a resolved schema: the callback files of its connection whose location names no schema or one
     * matching it, in location order, then the callbacks given in code.
     */
    public TargetCallbacks callbacksFor(String connection, String schema) {
        List<LoadedScript> files = new ArrayList<>();
        for (LoadedScript c : callbackFiles) {
            if (c.connection().equals(connection) && (c.schemaPattern() == null || c.matchesSchema(schema))) {
                files.add(c);
            }
        }
        return TargetCallbacks.of(files, callbacks, connection);
    }

    public List<LoadedScript> all() {
        return scripts;
    }

    /** The scripts of a resolved schema, in version order. */
    public List<LoadedScript> scriptsFor(String connection, String schema) {
        return select(scripts, connection, schema);
    }

    private static List<LoadedScript> select(List<LoadedScript> from, String connection, String schema) {
        List<LoadedScript> specific = new ArrayList<>();
        List<LoadedScript> generic = new ArrayList<>();
        for (LoadedScript s : from) {
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
        for (LoadedScript s : withRepeatables()) {
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
        for (LoadedScript s : withRepeatables()) {
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

    private List<LoadedScript> withRepeatables() {
        if (repeatables.isEmpty()) {
            return scripts;
        }
        List<LoadedScript> both = new ArrayList<>(scripts);
        both.addAll(repeatables);
        return both;
    }
}

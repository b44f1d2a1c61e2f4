package dev.migrator.core.internal.data;

import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a data migration's checkpoint is a position in: its source, targets, conflict strategies, transforms, validators,
 * schemas and type options, each as readable text. A resume continues the same work only; when a part differs from the
 * one stored with the checkpoint, the resume is refused naming the part (see {@link DataRunner}).
 *
 * <p>Transforms and validators are code: their number is compared, not what they do, so fixing the body of a
 * transform that rejected a record and resuming is allowed (the message of a rejection suggests exactly that).
 */
final class Definition {

    private Definition() {}

    /** The parts of a migration's definition, in a fixed order. */
    static Map<String, String> of(DataMigration m, DataMigrationOptions o) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("source", m.source().describe());
        Map<String, String> targets = new TreeMap<>();
        m.targets().forEach((type, t) -> targets.put(type, target(t)));
        if (m.defaultTarget() != null) {
            targets.put("*", target(m.defaultTarget()));
        }
        parts.put("targets", targets.toString());
        Map<String, String> conflicts = new TreeMap<>();
        m.conflicts().forEach((type, s) -> conflicts.put(type, strategy(s)));
        conflicts.put("*", strategy(m.conflict("\u0000default")));
        parts.put("conflicts", conflicts.toString());
        parts.put("transforms", String.valueOf(m.transforms().size()));
        parts.put("validators", String.valueOf(m.validators().size()));
        parts.put("schemas", new TreeMap<>(m.schemas()).toString());
        List<String> types = new ArrayList<>();
        if (!o.includeTypes().isEmpty()) {
            types.add("include " + new TreeSet<>(o.includeTypes()));
        }
        if (!o.excludeTypes().isEmpty()) {
            types.add("exclude " + new TreeSet<>(o.excludeTypes()));
        }
        if (o.filter() != null) {
            types.add("a filter");
        }
        parts.put("record selection", types.isEmpty() ? "every record" : String.join(", ", types));
        return parts;
    }

    /** The parts that differ, as {@code part: was …, now …}; empty when none. */
    static List<String> changes(Map<String, String> stored, Map<String, String> now) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            String was = stored.get(e.getKey());
            // A part the stored checkpoint does not know (written by an older version) is not a change.
            if (was != null && !was.equals(e.getValue())) {
                out.add(e.getKey() + ": was " + clip(was) + ", now " + clip(e.getValue()));
            }
        }
        return out;
    }

    private static String target(DataTarget t) {
        return t.connection() + ":" + t.table() + " keys " + t.keys();
    }

    private static String strategy(ConflictStrategy s) {
        // A resolver is code: its identity (a lambda's class name) differs between JVMs.
        return s instanceof ConflictStrategy.Custom ? "custom" : s.toString();
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}

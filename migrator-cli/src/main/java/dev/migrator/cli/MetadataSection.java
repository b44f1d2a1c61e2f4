package dev.migrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The tool's own {@code metadata} section of the configuration file: its loaders, the default one and the types. The
 * library's reader hands it over as plain values with every {@code ${...}} already expanded.
 *
 * <pre>
 * metadata:
 *   default: files
 *   types: [object, view]
 *   loaders:
 *     files: { directory: metadata }
 *     db: { connection: core, schema: public }
 * </pre>
 *
 * @param loaders the loaders, in the file's order
 * @param defaultLoader the {@code default} loader's name, or {@code null}
 * @param types the metadata types
 */
record MetadataSection(List<LoaderSpec> loaders, String defaultLoader, List<String> types) {

    private static final Set<String> LOADER_KEYS =
            Set.of("directory", "connection", "url", "user", "password", "schema", "table", "autoMigrate", "uri");

    /** A metadata loader as written in the file; a {@code connection} is looked up when the loader is opened. */
    record LoaderSpec(String name, Path directory, String connection, String url, String user, String password,
            String schema, String table, Boolean autoMigrate, String uri) {}

    /**
     * Reads the section; folders are relative to {@code base}, the file's folder, and every password goes to
     * {@code secret}.
     */
    static MetadataSection read(Object section, Path base, Path file, Consumer<String> secret) {
        return new Reader(file).section(section, base, secret);
    }

    /** Reads values with the messages of the file's other options, naming the file. */
    private record Reader(Path file) {

        MetadataSection section(Object node, Path base, Consumer<String> secret) {
            Map<String, Object> map = object(node);
            known(map, Set.of("loaders", "default", "types"), "metadata");
            List<String> types = new ArrayList<>();
            for (Object t : array(map.get("types"), "metadata.types")) {
                types.add(text(t, "metadata.types[]"));
            }
            String defaultLoader = map.containsKey("default") ? text(map.get("default"), "metadata.default") : null;
            List<LoaderSpec> loaders = new ArrayList<>();
            object(map.get("loaders")).forEach((name, value) -> {
                LoaderSpec spec = loader(name, value, base);
                if (spec.password() != null) {
                    secret.accept(spec.password());
                }
                loaders.add(spec);
            });
            return new MetadataSection(List.copyOf(loaders), defaultLoader, List.copyOf(types));
        }

        private LoaderSpec loader(String name, Object value, Path base) {
            String where = "metadata.loaders." + name;
            Map<String, Object> l = object(value);
            known(l, LOADER_KEYS, where);
            LoaderSpec spec = new LoaderSpec(name,
                    l.containsKey("directory") ? base.resolve(text(l.get("directory"), where + ".directory")).normalize()
                            : null,
                    optional(l, "connection", where), optional(l, "url", where), nonNull(l, "user", where),
                    nonNull(l, "password", where), nonNull(l, "schema", where), optional(l, "table", where),
                    bool(l, "autoMigrate"), optional(l, "uri", where));
            if (spec.directory() == null && spec.connection() == null && spec.url() == null && spec.uri() == null) {
                throw bad(where + " needs directory (a folder of files), connection or url (a database table), or "
                        + "uri (a MongoDB collection)");
            }
            return spec;
        }

        /** A key that, when present, must hold text. */
        private String optional(Map<String, Object> map, String key, String where) {
            return map.containsKey(key) ? text(map.get(key), where + "." + key) : null;
        }

        /** A key whose {@code null} value means "not given". */
        private String nonNull(Map<String, Object> map, String key, String where) {
            return map.get(key) != null ? text(map.get(key), where + "." + key) : null;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> object(Object node) {
            // Anything but an object has no keys; the section has always been read so.
            return node instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }

        private List<?> array(Object node, String where) {
            if (node == null) {
                return List.of();
            }
            if (!(node instanceof List<?> list)) {
                throw bad(where + " must be a list");
            }
            return list;
        }

        private String text(Object node, String where) {
            if (!(node instanceof String text)) {
                throw bad(where + " must be a text value");
            }
            return text;
        }

        private Boolean bool(Map<String, Object> map, String key) {
            if (!map.containsKey(key)) {
                return null;
            }
            String raw = text(map.get(key), key).strip().toLowerCase(Locale.ROOT);
            if (!raw.equals("true") && !raw.equals("false")) {
                throw bad(key + " is '" + raw + "'; expected true or false");
            }
            return Boolean.parseBoolean(raw);
        }

        private void known(Map<String, Object> map, Set<String> keys, String where) {
            for (String k : map.keySet()) {
                if (!keys.contains(k)) {
                    throw bad("unknown key '" + k + "' in " + where + "; known keys: " + new TreeSet<>(keys));
                }
            }
        }

        private CliException bad(String what) {
            return CliException.usage("Configuration file " + file + ": " + what + ".");
        }
    }
}

package dev.migrator.core.internal.metadata;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataItem;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One item file of a {@code file:} loader: {@code {name}.{type}.json}, {@code .yaml} or {@code .yml}, at the top of the
 * folder (namespace {@code default}) or one folder down (the folder's name is the namespace). The type is the segment
 * before the extension and the name is everything before it, so {@code my.view.name.view.json} is the view
 * {@code my.view.name}.
 *
 * @param path the file
 * @param type the item's type
 * @param name the item's name
 * @param namespace the item's namespace
 * @param format JSON or YAML
 */
record MetadataFile(Path path, String type, String name, String namespace, Format format) {

    /** How a file is written. */
    enum Format {
        JSON(".json"),
        YAML(".yaml"),
        YML(".yml");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        boolean yaml() {
            return this != JSON;
        }

        static Optional<Format> of(String fileName) {
            for (Format f : values()) {
                if (fileName.endsWith(f.extension)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** The item's {@code type/namespace/name}. */
    String key() {
        return MetadataItem.key(type, name, namespace);
    }

    /** The file's name in the folder, e.g. {@code account.object.json}. */
    static String fileName(String type, String name, Format format) {
        return name + "." + type + format.extension;
    }

    /** Whether a file is one a loader must never read: hidden (our temp files are), or not JSON or YAML. */
    static boolean ignored(String fileName) {
        return fileName.startsWith(".") || Format.of(fileName).isEmpty();
    }

    /**
     * Parses an item file's name; empty when the file is ignored or names no type ({@link #typeless}).
     */
    static Optional<MetadataFile> parse(Path path, String namespace) {
        String fileName = path.getFileName().toString();
        if (ignored(fileName)) {
            return Optional.empty();
        }
        Format format = Format.of(fileName).orElseThrow();
        String base = fileName.substring(0, fileName.length() - format.extension.length());
        int dot = base.lastIndexOf('.');
        if (dot <= 0 || dot == base.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new MetadataFile(path, base.substring(dot + 1), base.substring(0, dot), namespace, format));
    }

    /** Whether a JSON or YAML file's name lacks the {@code .{type}} part, e.g. {@code account.json}. */
    static boolean typeless(Path path) {
        String fileName = path.getFileName().toString();
        return !ignored(fileName) && parse(path, MetadataItem.DEFAULT_NAMESPACE).isEmpty();
    }

    /**
     * Checks that a type, name or namespace stays one plain file or folder name inside the loader's folder.
     *
     * @throws MetadataException {@link ErrorCode#METADATA_INVALID} naming the value and what is allowed
     */
    static void checkSegment(String what, String value) {
        String problem = null;
        if (value == null || value.isEmpty()) {
            problem = "it is empty";
        } else if (value.startsWith(".")) {
            problem = "it starts with a dot";
        } else if (value.contains("..")) {
            problem = "it contains '..'";
        } else if (what.equals("type") && value.contains(".")) {
            problem = "a type holds no dot (the file name {name}.{type}.json ends with it)";
        } else {
            for (int i = 0; i < value.length() && problem == null; i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    problem = "it contains a control character";
                } else if ("/\\:*?\"<>|".indexOf(c) >= 0) {
                    problem = "it contains '" + c + "'";
                }
            }
        }
        if (problem != null) {
            throw new MetadataException(ErrorCode.METADATA_INVALID, "The metadata " + what + " '" + value
                    + "' cannot be stored as a file: " + problem + ". Use letters, digits, '_', '-' and (in names and "
                    + "namespaces, not first) '.'; path separators, '..' and a leading dot would leave the folder.");
        }
    }
}

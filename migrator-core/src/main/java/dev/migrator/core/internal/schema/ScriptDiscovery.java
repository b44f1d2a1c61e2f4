package dev.migrator.core.internal.schema;

import dev.migrator.api.CallbackEvent;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DuplicateVersionException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.api.Target;
import dev.migrator.api.TransactionMode;
import dev.migrator.api.Version;
import dev.migrator.api.VersionFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds script files in {@code classpath:} and {@code filesystem:} locations and pairs ups with downs. Both naming
 * conventions are accepted: {@code V{version}__{name}.sql} with {@code U{version}__{name}.sql} as its down, and
 * {@code {version}_{name}.sql} with {@code {version}_{name}_down.sql}.
 */
public final class ScriptDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptDiscovery.class);

    /** The two naming conventions, compiled when first needed: the usual V1__name.sql is read by hand. */
    private static final class Patterns {
        /** {@code V1.2__name.sql}, {@code U1.2__name.sql}. */
        static final Pattern FLYWAY_STYLE = Pattern.compile("([VU])(\\d+(?:[._]\\d+)*)__(.+)\\.(sql|json)");

        /** {@code 20250101120000_name.sql}, {@code 20250101120000_name_down.sql}. */
        static final Pattern TIMESTAMP_STYLE = Pattern.compile("(\\d+(?:\\.\\d+)*)_(.+?)(_down)?\\.(sql|json)");
    }

    private final ClassLoader classLoader;

    public ScriptDiscovery(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** A script file's name, parsed. */
    record FileName(Version version, String name, boolean down) {}

    /**
     * Parses a file name; empty when it follows neither convention.
     *
     * @throws ScriptParseException when the name follows one but a part of its version has more than 40 digits
     */
    static java.util.Optional<FileName> parseName(String fileName) {
        FileName plain = parsePlainFlywayStyle(fileName);
        return plain != null ? java.util.Optional.of(plain) : parseNameByPatterns(fileName);
    }

    /**
     * {@code V1.2__name.sql} read by hand, as {@link Patterns#FLYWAY_STYLE} matches it — every application start parses
     * every file name, and a hand loop costs a cold JVM far less than the regex engine. Returns {@code null} whenever the
     * pattern would not match or the name holds a line terminator (which {@code .} does not match): those names go
     * through the patterns, so that a result from here is always the patterns' own.
     */
    private static FileName parsePlainFlywayStyle(String f) {
        int n = f.length();
        if (n < 5 || (f.charAt(0) != 'V' && f.charAt(0) != 'U')) {
            return null;
        }
        int i = 1;
        if (!isDigit(f, i)) {
            return null;
        }
        while (isDigit(f, i)) {
            i++;
        }
        while (i < n && (f.charAt(i) == '.' || f.charAt(i) == '_') && isDigit(f, i + 1)) {
            i++;
            while (isDigit(f, i)) {
                i++;
            }
        }
        int versionEnd = i;
        if (i + 1 >= n || f.charAt(i) != '_' || f.charAt(i + 1) != '_') {
            return null;
        }
        int nameStart = i + 2;
        int nameEnd = f.endsWith(".sql") ? n - 4 : f.endsWith(".json") ? n - 5 : -1;
        if (nameEnd <= nameStart) {
            return null;
        }
        for (int k = nameStart; k < nameEnd; k++) {
            char c = f.charAt(k);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return null;
            }
        }
        return new FileName(version(f.substring(1, versionEnd), f), f.substring(nameStart, nameEnd), f.charAt(0) == 'U');
    }

    private static boolean isDigit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    /** {@link #parseName} by the two patterns alone: the reference the hand-written reading is tested against. */
    static java.util.Optional<FileName> parseNameByPatterns(String fileName) {
        Matcher m = Patterns.FLYWAY_STYLE.matcher(fileName);
        if (m.matches()) {
            return java.util.Optional.of(new FileName(version(m.group(2), fileName), m.group(3), m.group(1).equals("U")));
        }
        m = Patterns.TIMESTAMP_STYLE.matcher(fileName);
        if (m.matches()) {
            return java.util.Optional.of(new FileName(version(m.group(1), fileName), m.group(2), m.group(3) != null));
        }
        return java.util.Optional.empty();
    }

    /** Whether a file name follows one of the conventions (a version too long to parse counts: it still names a script). */
    static boolean parseNameQuietly(String fileName) {
        return Patterns.FLYWAY_STYLE.matcher(fileName).matches() || Patterns.TIMESTAMP_STYLE.matcher(fileName).matches();
    }

    /** The patterns leave digits and separators: Version refuses only a part longer than it holds. */
    private static Version version(String text, String fileName) {
        try {
            return Version.parse(text);
        } catch (VersionFormatException e) {
            throw new ScriptParseException("Script " + ScriptNames.escape(fileName) + " has a version with a part of more"
                    + " than 40 digits. Rename it with a shorter version, e.g. V1.2__name.sql or 20250101120000_name.sql.", e);
        }
    }

    /**
     * What one location holds besides versioned scripts.
     *
     * @param scripts versioned scripts, by version
     * @param repeatables {@code R__{name}.sql} (or {@code .json}) files, by name
     * @param callbacks callback files ({@code beforeMigrate.sql} and the other {@link CallbackEvent} names), by path
     */
    public record Found(List<LoadedScript.FromFile> scripts, List<LoadedScript.FromFile> repeatables,
            List<LoadedScript.FromFile> callbacks) {}

    /** The event a callback file's name stands for, e.g. {@code afterMigrate.sql}; empty for any other name. */
    static java.util.Optional<CallbackEvent> callbackEvent(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || !(fileName.endsWith(".sql") || fileName.endsWith(".json"))) {
            return java.util.Optional.empty();
        }
        String base = fileName.substring(0, dot);
        for (CallbackEvent e : CallbackEvent.values()) {
            if (e.fileName().equals(base)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }

    /** The name of a repeatable script file, {@code R__{name}.sql} or {@code .json}; empty for any other name. */
    static java.util.Optional<String> repeatableName(String fileName) {
        int end = fileName.endsWith(".sql") ? fileName.length() - 4 : fileName.endsWith(".json") ? fileName.length() - 5 : -1;
        if (end <= 3 || !fileName.startsWith("R__")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(fileName.substring(3, end));
    }

    /** The versioned scripts of one location; {@link #discover} tells the rest. */
    public List<LoadedScript.FromFile> load(String location, Target target) {
        return discover(location, target).scripts();
    }

    /**
     * Loads the scripts, repeatable scripts and callback files of one location.
     *
     * @param target the target the location's scripts apply to, or {@code null} for the default
     * @throws ConfigurationException when the location does not exist or cannot be read
     * @throws DuplicateVersionException when two ups (or two downs) of the location share a version
     * @throws ScriptParseException when a down has no up, a file is not UTF-8, a script's file name holds an invisible
     *     or control character, or a version has a part of more than 40 digits
     */
    public Found discover(String location, Target target) {
        List<Resource> resources = resources(location);
        Map<String, Resource> repeatables = new TreeMap<>();
        List<Resource> callbacks = new ArrayList<>();
        resources.sort((a, b) -> a.path().compareTo(b.path()));
        Map<Version, Resource> ups = new TreeMap<>();
        Map<Version, Resource> downs = new LinkedHashMap<>();
        Map<Version, FileName> names = new LinkedHashMap<>();
        for (Resource r : resources) {
            var parsed = parseName(r.fileName());
            if (parsed.isEmpty()) {
                // Asked only of names that are no versioned script's: the usual V1__name.sql costs nothing more.
                var repeatable = repeatableName(r.fileName());
                if (repeatable.isPresent()) {
                    ScriptNames.requireVisible(r.fileName(), "Script file " + r.path(), "Rename the file with visible characters only.");
                    Resource previous = repeatables.putIfAbsent(repeatable.get(), r);
                    if (previous != null) {
                        throw new ScriptParseException("Two repeatable scripts are named " + ScriptNames.escape(repeatable.get())
                                + ": " + ScriptNames.escape(previous.path()) + " and " + ScriptNames.escape(r.path())
                                + ". Rename one of them; a name identifies one repeatable script.");
                    }
                    continue;
                }
                if (callbackEvent(r.fileName()).isPresent()) {
                    callbacks.add(r);
                    continue;
                }
                if (r.fileName().endsWith(".sql") || r.fileName().endsWith(".json")) {
                    LOG.warn("Ignoring {}: its name matches neither V{version}__{name}.sql (U... for its down) nor "
                            + "{version}_{name}.sql ({version}_{name}_down.sql for its down) nor R__{name}.sql (repeatable) "
                            + "nor a callback (beforeMigrate.sql...), .json alike for MongoDB; rename it to have it run.",
                            ScriptNames.escape(r.path()));
                }
                continue;
            }
            FileName name = parsed.get();
            ScriptNames.requireVisible(r.fileName(), "Script file " + r.path(), "Rename the file with visible characters only.");
            Map<Version, Resource> bucket = name.down() ? downs : ups;
            Resource previous = bucket.putIfAbsent(name.version(), r);
            if (previous != null) {
                throw new DuplicateVersionException("Two " + (name.down() ? "down" : "up") + " scripts have version "
                        + name.version() + ": " + previous.path() + " and " + r.path()
                        + ". Give one of them a new version; a version identifies one script.");
            }
            if (!name.down()) {
                names.put(name.version(), name);
            }
        }
        for (Map.Entry<Version, Resource> down : downs.entrySet()) {
            if (!ups.containsKey(down.getKey())) {
                throw new ScriptParseException("Down script " + down.getValue().path() + " has no up script of version "
                        + down.getKey() + ". Add the up script, or fix the down's version.");
            }
        }
        List<LoadedScript.FromFile> scripts = new ArrayList<>(ups.size());
        ScriptScanner scanner = new ScriptScanner();
        for (Map.Entry<Version, Resource> up : ups.entrySet()) {
            FileName name = names.get(up.getKey());
            Resource upFile = up.getValue();
            // Read once here for the checksum and the header, and again when it runs: never kept.
            ScriptScanner.Scanned upScan = scanner.scan(upFile, true);
            Resource downFile = downs.get(up.getKey());
            ScriptScanner.Scanned downScan = downFile == null ? null : scanner.scan(downFile, false);
            String type = upFile.fileName().endsWith(".json") || upScan.startsLikeJson() ? "JSON" : "SQL";
            scripts.add(new LoadedScript.FromFile(up.getKey(), name.name(), upFile.path(), target, upFile.text(),
                    upScan.marker(), upScan.checksum(), type, downFile == null ? null : downFile.text(),
                    downScan == null ? null : downScan.marker(), LoadedScript.Kind.VERSIONED));
        }
        List<LoadedScript.FromFile> repeatableFiles = new ArrayList<>(repeatables.size());
        for (Map.Entry<String, Resource> e : repeatables.entrySet()) {
            repeatableFiles.add(unversioned(scanner, e.getValue(), e.getKey(), target, LoadedScript.Kind.REPEATABLE));
        }
        List<LoadedScript.FromFile> callbackFiles = new ArrayList<>(callbacks.size());
        for (Resource r : callbacks) {
            String event = callbackEvent(r.fileName()).orElseThrow().fileName();
            callbackFiles.add(unversioned(scanner, r, event, target, LoadedScript.Kind.CALLBACK));
        }
        LOG.debug("Found {} scripts ({} downs), {} repeatable scripts and {} callbacks in {}", scripts.size(), downs.size(),
                repeatableFiles.size(), callbackFiles.size(), location);
        return new Found(scripts, repeatableFiles, callbackFiles);
    }

    private static LoadedScript.FromFile unversioned(ScriptScanner scanner, Resource file, String name, Target target,
            LoadedScript.Kind kind) {
        ScriptScanner.Scanned scan = scanner.scan(file, true);
        String type = file.fileName().endsWith(".json") || scan.startsLikeJson() ? "JSON" : "SQL";
        return new LoadedScript.FromFile(null, name, file.path(), target, file.text(), scan.marker(), scan.checksum(), type,
                null, null, kind);
    }

    private List<Resource> resources(String location) {
        if (location.startsWith("classpath:")) {
            return classpathResources(location.substring("classpath:".length()), location);
        }
        String path = location.startsWith("filesystem:") ? location.substring("filesystem:".length()) : location;
        Path dir = Paths.get(path);
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("Script location " + location + " is not a directory (resolved to "
                    + dir.toAbsolutePath() + "). Create it, or fix the location: classpath:db/migration or filesystem:/path.");
        }
        return fileResources(dir);
    }

    private static List<Resource> fileResources(Path dir) {
        List<Resource> found = new ArrayList<>();
        try {
            // One directory walk that hands each file's attributes over: no second stat per file.
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path p, BasicFileAttributes attributes) {
                    // A link counts when it leads to a regular file, as Files.isRegularFile says.
                    if (attributes.isRegularFile() || attributes.isSymbolicLink() && Files.isRegularFile(p)) {
                        found.add(new Resource(p.toString(), p.getFileName().toString(), () -> Files.newInputStream(p)));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list scripts in " + dir, e);
        }
        return found;
    }

    private List<Resource> classpathResources(String rawPath, String location) {
        String path = rawPath.replaceAll("^/+", "").replaceAll("/+$", "");
        List<Resource> found = new ArrayList<>();
        boolean any = false;
        try {
            Enumeration<URL> urls = classLoader.getResources(path);
            while (urls.hasMoreElements()) {
                any = true;
                URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) {
                    for (Resource r : fileResources(Paths.get(url.toURI()))) {
                        String relative = r.path().substring(Paths.get(url.toURI()).toString().length()).replace('\\', '/');
                        found.add(new Resource("classpath:" + path + relative, r.fileName(), r.opener()));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    found.addAll(jarResources(url, path));
                } else {
                    LOG.warn("Cannot list {} ({}): only file and jar class path entries are scanned", location, url);
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new ConfigurationException("Cannot scan script location " + location + ": " + e.getMessage(), e);
        }
        if (!any) {
            throw new ConfigurationException("Script location " + location + " was not found on the class path. "
                    + "Check the folder name (e.g. src/main/resources/" + path + "), or remove the location.");
        }
        return found;
    }

    private List<Resource> jarResources(URL url, String path) throws IOException {
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        List<Resource> found = new ArrayList<>();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            return found;
        }
        String prefix = path.isEmpty() ? "" : path + "/";
        try (JarFile jar = jarConnection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(prefix)) {
                    String fileName = name.substring(name.lastIndexOf('/') + 1);
                    String resourceName = name;
                    found.add(new Resource("classpath:" + name, fileName, () -> openClasspath(resourceName)));
                }
            }
        }
        return found;
    }

    private InputStream openClasspath(String name) throws IOException {
        InputStream in = classLoader.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource disappeared: " + name);
        }
        return in;
    }

    record Resource(String path, String fileName, ScriptText.Opener opener) {

        ScriptText text() {
            return new ScriptText.Resource(path, opener);
        }
    }
}

package dev.migrator.core.internal.schema;

import dev.migrator.core.internal.FuzzStats;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DuplicateVersionException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.api.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Script file names and folders of scripts. An input is a listing, UTF-8: lines before the first {@code ### } header
 * are file names to parse; each {@code ### name} line starts a file of that name whose content is the lines up to the
 * next header. {@code parseName} returns a name or nothing, or throws a {@link ScriptParseException} naming the file;
 * discovery over a folder of those files returns scripts in version order or throws a typed error
 * (DuplicateVersionException, ScriptParseException, ConfigurationException). Inputs:
 * {@code ScriptNameFuzzTestInputs/discover/}.
 */
class ScriptNameFuzzTest {

    private static final String HEADER = "### ";
    private static final FuzzStats STATS = new FuzzStats("ScriptNameFuzzTest.discover");

    @TempDir
    static Path root;

    @FuzzTest
    void discover(byte[] input) throws Exception {
        STATS.check(() -> {
            String listing = new String(input, StandardCharsets.UTF_8);
            Map<String, String> files = new LinkedHashMap<>();
            String current = null;
            StringBuilder content = new StringBuilder();
            for (String line : listing.split("\n", -1)) {
                if (line.startsWith(HEADER)) {
                    if (current != null) {
                        files.put(current, content.toString());
                    }
                    current = line.substring(HEADER.length());
                    content.setLength(0);
                    checkParse(current);
                } else if (current != null) {
                    content.append(line).append('\n');
                } else {
                    checkParse(line);
                }
            }
            if (current != null) {
                files.put(current, content.toString());
            }
            checkDiscovery(files);
        });
    }

    private static void checkParse(String fileName) {
        Optional<ScriptDiscovery.FileName> parsed;
        try {
            parsed = ScriptDiscovery.parseName(fileName);
        } catch (ScriptParseException e) {
            assertThat(e.getMessage()).contains(ScriptNames.escape(fileName));
            assertThat(ScriptNames.anyHidden(e.getMessage())).as("hidden characters in %s", e.getMessage()).isFalse();
            return;
        }
        if (parsed.isEmpty()) {
            return;
        }
        ScriptDiscovery.FileName name = parsed.get();
        assertThat(fileName).matches("(?s).*\\.(sql|json)");
        assertThat(name.name()).isNotEmpty();
        assertThat(Version.parse(name.version().toString())).isEqualTo(name.version());
        assertThat(ScriptDiscovery.parseName(fileName)).contains(name);
    }

    private static void checkDiscovery(Map<String, String> files) throws IOException {
        Path dir = root.resolve("scripts");
        deleteTree(dir);
        Files.createDirectories(dir);
        Map<String, String> written = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = fileIn(dir, f.getKey());
            if (file != null && !Files.exists(file)) {
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
                written.put(f.getKey(), f.getValue());
            }
        }
        List<LoadedScript.FromFile> scripts;
        try {
            scripts = new ScriptDiscovery(ScriptNameFuzzTest.class.getClassLoader()).load("filesystem:" + dir, null);
        } catch (DuplicateVersionException | ScriptParseException | ConfigurationException e) {
            assertThat(e.getMessage()).isNotBlank();
            // A message names files, and must not be disguised by the characters it refuses (issue 16, item 8).
            assertThat(ScriptNames.anyHidden(e.getMessage())).as("hidden characters in %s", e.getMessage()).isFalse();
            return;
        }
        List<Version> versions = new ArrayList<>();
        for (LoadedScript.FromFile s : scripts) {
            assertThat(ScriptNames.anyHidden(s.name())).as("hidden characters in %s", s.source()).isFalse();
            versions.add(Version.parse(s.version().toString()));
            String fileName = Path.of(s.source()).getFileName().toString();
            ScriptDiscovery.FileName name = ScriptDiscovery.parseName(fileName).orElseThrow();
            assertThat(name.down()).as(fileName).isFalse();
            assertThat(name.version()).isEqualTo(versions.get(versions.size() - 1));
            assertThat(ScriptDiscoveryTest.text(new LoadedScript.Text(s.up(), s.upMarker(), s.checksum())))
                    .isEqualTo(written.get(fileName));
            assertThat(s.checksum()).isEqualTo(Checksums.of(written.get(fileName)));
        }
        assertThat(versions).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
        long ups = written.keySet().stream()
                .map(ScriptDiscovery::parseName)
                .flatMap(Optional::stream)
                .filter(n -> !n.down())
                .count();
        assertThat(scripts).as("one script per up file").hasSize((int) ups);
    }

    /** The file for a name in the listing, or {@code null} when no file can have that name here. */
    private static Path fileIn(Path dir, String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\0")
                || name.getBytes(StandardCharsets.UTF_8).length > 255) {
            return null;
        }
        try {
            return dir.resolve(name);
        } catch (InvalidPathException e) {
            return null; // not in the file system's character set
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @AfterAll
    static void printStats() {
        STATS.print();
    }
}

package dev.migrator.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.spi.engine.MigrationSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 9: a 108 MB YAML file took 147 MB of heap before it was refused, and JSON files had no limit at all.
 * The size is checked before anything is read, the same limit for both formats, and the heap the refusal costs is
 * measured on this thread.
 */
class ConfigFileSizeLimitTest {

    /** The size the review used. */
    private static final long HOSTILE_BYTES = 108L * 1024 * 1024;

    /** Far below the file's size: what checking a path and building one message may cost. */
    private static final long ALLOCATION_BUDGET = 4L * 1024 * 1024;

    @TempDir
    Path dir;

    private static MigrationSettings codeDefaults() {
        return new MigrationSettings(List.of(), List.of(), List.of(), MigrationSettings.DEFAULT_HISTORY_TABLE, List.of(),
                MigrationSettings.DEFAULT_LOCK_TIMEOUT, Map.of(), List.of(), List.of(), true, false, true, null, null,
                ConfigFileSizeLimitTest.class.getClassLoader(), null);
    }

    @Test
    void yaml108MB_refusedNamingFileSizeAndLimit_withAllocationFarBelowTheFileSize() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        write(file, "placeholders:\n", i -> "  key" + i + ": value" + i + "\n");

        assertRefusedCheaply(file);
    }

    @Test
    void json108MB_refusedNamingFileSizeAndLimit_withAllocationFarBelowTheFileSize() throws Exception {
        Path file = dir.resolve("migrator.json");
        write(file, "{\"placeholders\": {\"key\": \"value\"", i -> ", \"key" + i + "\": \"value" + i + "\"");
        Files.writeString(file, "}}", java.nio.file.StandardOpenOption.APPEND);

        assertRefusedCheaply(file);
    }

    @Test
    void fileOfExactlyTheLimit_loads_andOneByteMore_isRefused() throws Exception {
        for (String name : List.of("migrator.yaml", "migrator.json")) {
            Path file = dir.resolve(name);
            String head = "{\"installedBy\": \"deploy\"}";
            Files.writeString(file, head + " ".repeat((int) ConfigFile.MAX_BYTES - head.length()));
            assertThat(Files.size(file)).isEqualTo(ConfigFile.MAX_BYTES);

            assertThat(new ConfigFile(file, k -> null).mergeInto(codeDefaults()).installedBy()).isEqualTo("deploy");

            Files.writeString(file, " ", java.nio.file.StandardOpenOption.APPEND);
            assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage(tooLarge(file, ConfigFile.MAX_BYTES + 1));
        }
    }

    private void assertRefusedCheaply(Path file) throws IOException {
        long size = Files.size(file);
        assertThat(size).isGreaterThanOrEqualTo(HOSTILE_BYTES);
        ConfigFile config = new ConfigFile(file, k -> null);
        MigrationSettings code = codeDefaults();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);

        assertThatThrownBy(() -> config.mergeInto(code))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(tooLarge(file, size));

        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated to refuse a %d-byte file", size).isLessThan(ALLOCATION_BUDGET);
    }

    private static String tooLarge(Path file, long size) {
        return "Configuration file " + file + " is " + size + " bytes; a configuration file may hold at most 1048576 bytes"
                + " (1 MiB). Nothing was read. Check that it is the file you meant: connections and settings belong"
                + " there, data does not.";
    }

    /** Writes the head, then lines until the file holds {@link #HOSTILE_BYTES}. */
    private static void write(Path file, String head, java.util.function.IntFunction<String> line) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(head);
            long written = head.length();
            for (int i = 0; written < HOSTILE_BYTES; i++) {
                String next = line.apply(i);
                out.write(next);
                written += next.length();
            }
        }
    }
}

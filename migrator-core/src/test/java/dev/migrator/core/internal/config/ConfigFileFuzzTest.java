package dev.migrator.core.internal.config;

import dev.migrator.core.internal.FuzzStats;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.migrator.api.ConfigurationException;
import dev.migrator.spi.engine.MigrationSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any configuration file, as YAML and as JSON, with any environment: merging gives settings or a {@link
 * ConfigurationException} naming the file. An input's optional first line {@code limit N} sets the file size limit
 * (so that small inputs reach the size check; default {@link ConfigFile#MAX_BYTES}), its following {@code env
 * NAME=value} lines are the environment; the rest is the file's bytes. Inputs: {@code ConfigFileFuzzTestInputs/mergeInto/}.
 */
class ConfigFileFuzzTest {

    private static final byte[] ENV = "env ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LIMIT = "limit ".getBytes(StandardCharsets.US_ASCII);
    private static final FuzzStats STATS = new FuzzStats("ConfigFileFuzzTest.mergeInto");

    @TempDir
    static Path dir;

    @FuzzTest
    void mergeInto(byte[] input) throws Exception {
        STATS.check(() -> {
            Map<String, String> environment = new HashMap<>();
            int start = 0;
            long limit = ConfigFile.MAX_BYTES;
            if (startsWith(input, 0, LIMIT)) {
                int end = lineEnd(input, 0);
                String digits = new String(input, LIMIT.length, end - LIMIT.length, StandardCharsets.US_ASCII).strip();
                limit = digits.matches("\\d{1,7}") ? Long.parseLong(digits) : limit;
                start = Math.min(input.length, end + 1);
            }
            while (startsWith(input, start, ENV)) {
                int end = lineEnd(input, start);
                String line = new String(input, start + ENV.length, end - start - ENV.length, StandardCharsets.UTF_8);
                int eq = line.indexOf('=');
                if (eq > 0) {
                    environment.put(line.substring(0, eq), line.substring(eq + 1));
                }
                start = Math.min(input.length, end + 1);
            }
            byte[] content = Arrays.copyOfRange(input, start, input.length);
            for (String name : List.of("migrator.yaml", "migrator.json")) {
                Path file = dir.resolve(name);
                Files.write(file, content);
                try {
                    MigrationSettings merged = new ConfigFile(file, environment::get, limit).mergeInto(codeDefaults());
                    assertThat(merged.historyTable()).isNotBlank();
                    assertThat((long) content.length).as("a file over the limit is never read").isLessThanOrEqualTo(limit);
                } catch (ConfigurationException e) {
                    assertThat(e.getMessage()).as("the message names the file").contains(file.toString());
                    if (content.length > limit) {
                        assertThat(e.getMessage()).as("over the limit").contains(" is " + content.length + " bytes; a "
                                + "configuration file may hold at most " + limit + " bytes");
                    }
                }
            }
        });
    }

    private static MigrationSettings codeDefaults() {
        return new MigrationSettings(List.of(), List.of(), List.of(), MigrationSettings.DEFAULT_HISTORY_TABLE, List.of(),
                MigrationSettings.DEFAULT_LOCK_TIMEOUT, Map.of(), List.of(), List.of(), true, false, true, null, null,
                ConfigFileFuzzTest.class.getClassLoader(), null);
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (bytes.length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(byte[] bytes, int from) {
        int i = from;
        while (i < bytes.length && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    @AfterAll
    static void printStats() {
        STATS.print();
    }
}

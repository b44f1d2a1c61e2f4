package dev.migrator.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the benchmark programs share: options ({@code --name=value} or {@code -Dbench.name}), statistics, files. */
final class BenchSupport {

    private BenchSupport() {}

    /**
     * Keeps the library's INFO lines (one per script, table, batch) off the console, which would otherwise be part of
     * what is measured; a level set with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} wins. Call before any logger.
     */
    static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    /** A benchmark's last line: where its table was written; exits with 1 when a measurement failed or was wrong. */
    static void finish(Path out, boolean failed) {
        System.out.println("Written to " + out.toAbsolutePath());
        if (failed) {
            System.exit(1);
        }
    }

    /** {@code --name=value} arguments; {@code example} shows a good one in the error. */
    static Map<String, String> parseArgs(String[] args, String example) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'; use --name=value, e.g. " + example);
            }
            map.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return map;
    }

    static String option(Map<String, String> args, String name, String fallback) {
        return args.getOrDefault(name, System.getProperty("bench." + name, fallback));
    }

    static int intOption(Map<String, String> args, String name, int fallback, int min, int max) {
        String raw = option(args, name, String.valueOf(fallback)).replace("_", "");
        int value;
        try {
            value = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench." + name + " is '" + raw + "'; expected a whole number", e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("bench." + name + " is " + value + "; allowed: " + min + " to " + max);
        }
        return value;
    }

    static List<String> listOption(Map<String, String> args, String name, String fallback, List<String> allowed) {
        List<String> values = Arrays.stream(option(args, name, fallback).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
        for (String v : values) {
            if (!allowed.contains(v)) {
                throw new IllegalArgumentException("bench." + name + " contains '" + v + "'; allowed: " + allowed);
            }
        }
        return values;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** Where results go by default: {@code target/<file>} of this module, from the project root or the module. */
    static String defaultOut(String file) {
        return Files.isDirectory(Path.of("migrator-examples")) ? "migrator-examples/target/" + file : "target/" + file;
    }

    /** The one-minute load average, so a table says how busy the machine was. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package dev.migrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Tables and JSON documents on stdout; every string passes through the secret scrubber. */
final class Output {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final UnaryOperator<String> scrub;

    Output(PrintWriter out, UnaryOperator<String> scrub) {
        this.out = out;
        this.scrub = scrub;
    }

    void line(String text) {
        out.println(scrub.apply(text));
        out.flush();
    }

    /** One JSON document: a map of strings, numbers, booleans, lists and maps. */
    void json(Map<String, ?> document) {
        try {
            out.println(scrub.apply(JSON.writeValueAsString(document)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the JSON output: " + e.getOriginalMessage(), e);
        }
        out.flush();
    }

    /** A table with a header line; columns as wide as their widest cell. */
    void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        line(format(headers, widths));
        char[] rule = new char[Arrays.stream(widths).sum() + 2 * (widths.length - 1)];
        Arrays.fill(rule, '-');
        line(new String(rule));
        for (List<String> row : rows) {
            line(format(row, widths));
        }
    }

    private static String format(List<String> row, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String c = cell(row, i);
            sb.append(c);
            if (i < widths.length - 1) {
                sb.append(" ".repeat(widths[i] - c.length() + 2));
            }
        }
        return sb.toString().stripTrailing();
    }

    private static String cell(List<String> row, int i) {
        String c = i < row.size() ? row.get(i) : "";
        return c == null ? "" : c;
    }

    static Map<String, Object> doc(String command) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("command", command);
        d.put("ok", true);
        return d;
    }

    static List<Object> list() {
        return new ArrayList<>();
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v instanceof Instant t) {
                v = t.toString();
            } else if (v instanceof Duration d) {
                v = d.toMillis();
            } else if (v instanceof java.util.Optional<?> o) {
                v = o.map(x -> x instanceof Instant t ? (Object) t.toString() : x).orElse(null);
            } else if (v instanceof java.nio.file.Path p) {
                v = p.toString();
            } else if (v instanceof Enum<?> e) {
                v = e.name();
            } else if (v != null && !(v instanceof String || v instanceof Number || v instanceof Boolean
                    || v instanceof Map || v instanceof List)) {
                v = v.toString();
            }
            m.put((String) keyValues[i], v);
        }
        return m;
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String millis(Duration d) {
        if (d == null) {
            return "";
        }
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

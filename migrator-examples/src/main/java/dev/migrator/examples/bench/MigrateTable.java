package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.median;
import static dev.migrator.examples.bench.BenchSupport.millis;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The migrate benchmark's figures: one row per backend and tool, aggregated over rounds, and the Markdown table. */
final class MigrateTable {

    private MigrateTable() {}

    static final class Row {
        String backend;
        String tool;
        double coldSeconds;
        Double floorSeconds;
        Double noopMedianMs;
        Double noopP95Ms;
        Double noopFirstMs;
        String error;

        double coldMin;
        double coldMax;
        int rounds = 1;

        /** Medians over rounds; any failed round fails the row. */
        static Row aggregate(String backend, String tool, List<Row> samples) {
            Row row = new Row();
            row.backend = backend;
            row.tool = tool;
            row.rounds = samples.size();
            for (Row sample : samples) {
                if (sample.error != null) {
                    row.error = sample.error;
                    return row;
                }
            }
            row.coldSeconds = median(samples.stream().mapToDouble(r -> r.coldSeconds).toArray());
            row.coldMin = samples.stream().mapToDouble(r -> r.coldSeconds).min().orElseThrow();
            row.coldMax = samples.stream().mapToDouble(r -> r.coldSeconds).max().orElseThrow();
            if (samples.get(0).noopMedianMs != null) {
                row.noopMedianMs = median(samples.stream().mapToDouble(r -> r.noopMedianMs).toArray());
                row.noopP95Ms = median(samples.stream().mapToDouble(r -> r.noopP95Ms).toArray());
                row.noopFirstMs = median(samples.stream().mapToDouble(r -> r.noopFirstMs).toArray());
            }
            return row;
        }

        void setNoop(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            noopMedianMs = sorted.length % 2 == 1
                    ? millis(sorted[sorted.length / 2])
                    : (millis(sorted[sorted.length / 2 - 1]) + millis(sorted[sorted.length / 2])) / 2;
            int p95 = (int) Math.ceil(0.95 * sorted.length) - 1;
            noopP95Ms = millis(sorted[Math.max(0, p95)]);
        }
    }

    static String markdown(
            List<Row> rows, int scripts, int rounds, int noopRuns, int warmup, List<String> servers, String load) {
        StringBuilder sb = new StringBuilder();
        sb.append("| backend | tool | cold apply (s) | range (s) | scripts/s | vs floor | no-op migrate, warm: median / p95"
                + " (ms) | no-op migrate, fresh instance (ms) |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            if (r.error != null) {
                sb.append("| ").append(r.backend).append(" | ").append(r.tool)
                        .append(" | failed: ").append(r.error.replace('|', '/')).append(" | | | | | |\n");
                continue;
            }
            String vsFloor = r.floorSeconds == null || r.tool.startsWith("floor")
                    ? (r.tool.startsWith("floor") ? "—" : "n/a")
                    : String.format(Locale.ROOT, "%+.0f %%", (r.coldSeconds / r.floorSeconds - 1) * 100);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f–%.2f | %.0f | %s | %s | %s |%n",
                    r.backend, r.tool, r.coldSeconds, r.coldMin, r.coldMax, scripts / r.coldSeconds, vsFloor,
                    r.noopMedianMs == null ? "—" : String.format(Locale.ROOT, "%.1f / %.1f", r.noopMedianMs, r.noopP95Ms),
                    r.noopFirstMs == null ? "—" : String.format(Locale.ROOT, "%.0f", r.noopFirstMs)));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT,
                "%d scripts (one CREATE TABLE with 5 columns and one CREATE INDEX each), each run on its own fresh "
                        + "database; medians of %d rounds (tool order rotated each round), range = fastest–slowest "
                        + "cold apply; no-op warm = %d calls on the same instance, fresh instance = build + first "
                        + "migrate(); each tool first applied %d scripts to a throw-away database (JVM warm-up). "
                        + "Measured %s, Java %s, %d cores, load average %s. %s.%n",
                scripts, rounds, noopRuns, warmup, LocalDate.now(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), load, String.join("; ", servers)));
        return sb.toString();
    }
}

package dev.migrator.cli;

import dev.migrator.api.DataMigrationListener;
import dev.migrator.api.DataProgress;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A data migration's progress: a redrawn bar with rate and ETA when a person watches (a console), otherwise a plain
 * line per stage and at most one every few seconds, so a log file stays readable. The CLI's on stderr; the examples'
 * programs use it too ({@link #on}).
 */
public final class Progress implements DataMigrationListener {

    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean enabled;
    // Set once a count made beside the run is known (see expect); read by the listener's thread.
    private volatile long expected;
    private DataProgress.Stage lastStage;
    private long lastPrinted;
    private boolean barOpen;

    Progress(PrintWriter err, boolean terminal, boolean enabled) {
        this(err, terminal, enabled, -1);
    }

    private Progress(PrintWriter err, boolean terminal, boolean enabled, long expected) {
        this.err = err;
        this.terminal = terminal;
        this.enabled = enabled;
        this.expected = expected;
    }

    /**
     * Progress on {@code out} (a bar when {@code terminal}); {@code expected} is the record count to show percent and
     * ETA against when the source cannot tell it (a JSON file: a dry run counts them), or -1.
     */
    public static Progress on(PrintStream out, boolean terminal, long expected) {
        return new Progress(new PrintWriter(out, true, StandardCharsets.UTF_8), terminal, true, expected);
    }

    /** The record count to show percent and ETA against from now on, when the events have no total of their own. */
    void expect(long records) {
        expected = records;
    }

    @Override
    public synchronized void onProgress(DataProgress event) {
        if (!enabled) {
            return;
        }
        long count = expected;
        // The count is of the source's records: it applies to the migrate stage only (a backup counts table rows).
        DataProgress p = event.total() < 0 && count >= 0 && event.stage() == DataProgress.Stage.MIGRATE
                ? new DataProgress(event.migration(), event.stage(), event.done(), count, event.recordsPerSecond())
                : event;
        boolean stageChanged = p.stage() != lastStage;
        lastStage = p.stage();
        if (terminal) {
            if (stageChanged && barOpen) {
                err.println();
            }
            err.print("\r" + bar(p));
            barOpen = true;
            if (p.stage() == DataProgress.Stage.DONE) {
                err.println();
                barOpen = false;
            }
            err.flush();
            return;
        }
        long now = System.nanoTime();
        if (stageChanged || now - lastPrinted >= PLAIN_EVERY_NANOS) {
            lastPrinted = now;
            err.println(plain(p));
            err.flush();
        }
    }

    /** A finished step of work without a record count (a backup, a restore). */
    void step(String text) {
        if (enabled) {
            finish();
            err.println(text);
            err.flush();
        }
    }

    /** Ends the bar's line, if one is open. */
    public void finish() {
        if (barOpen) {
            err.println();
            err.flush();
            barOpen = false;
        }
    }

    static String bar(DataProgress p) {
        int width = 30;
        double pct = p.percent().orElse(-1.0);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s ", p.stage().name().toLowerCase(Locale.ROOT)));
        if (pct >= 0) {
            int filled = (int) Math.round(Math.min(100, pct) / 100 * width);
            sb.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append(']');
            sb.append(String.format(Locale.ROOT, " %5.1f%%", pct));
        }
        sb.append(String.format(Locale.ROOT, " %,d%s", p.done(), p.total() >= 0 ? String.format(Locale.ROOT, "/%,d", p.total()) : ""));
        sb.append(String.format(Locale.ROOT, "  %,.0f rec/s", p.recordsPerSecond()));
        p.eta().ifPresent(eta -> sb.append("  ETA ").append(eta(eta)));
        return sb.append("   ").toString();
    }

    static String plain(DataProgress p) {
        StringBuilder sb = new StringBuilder(p.migration()).append(": ").append(p.stage().name().toLowerCase(Locale.ROOT));
        sb.append(String.format(Locale.ROOT, " %d", p.done()));
        if (p.total() >= 0) {
            sb.append(" of ").append(p.total());
        }
        p.percent().ifPresent(pct -> sb.append(String.format(Locale.ROOT, " (%.1f%%)", pct)));
        sb.append(String.format(Locale.ROOT, ", %.0f records/s", p.recordsPerSecond()));
        p.eta().ifPresent(eta -> sb.append(", ETA ").append(eta(eta)));
        return sb.toString();
    }

    static String eta(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

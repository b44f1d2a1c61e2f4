package dev.migrator.examples;

import dev.migrator.api.DataMigrationListener;
import dev.migrator.api.DataProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows a data migration's progress: on a terminal one line redrawn in place (a bar, percent, records/s, ETA),
 * otherwise a plain line every ten percent and at each stage.
 */
final class ProgressBar implements DataMigrationListener {
    private final long expected;
    private final PrintStream out;
    private final boolean terminal;
    private DataProgress.Stage stage;
    private long nextTenth;
    private long lastTotal;
    private double lastRate;

    ProgressBar(long expected, PrintStream out, boolean terminal) {
        this.expected = expected;
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void onProgress(DataProgress p) {
        if (p.stage() != stage) {
            if (stage == DataProgress.Stage.MIGRATE) {
                // Progress is reported at most ten times a second: the last batch's may not have come.
                draw(100.0, lastTotal, lastTotal, lastRate, "0:00");
                if (terminal) {
                    out.println();
                }
            }
            stage = p.stage();
            if (p.stage() != DataProgress.Stage.MIGRATE) {
                out.println(switch (p.stage()) {
                    case BACKUP -> "Backing up the target tables ...";
                    case VERIFY -> "Verifying counts and foreign keys ...";
                    case RESTORE -> "Restoring the target tables from the backup ...";
                    case DONE -> "Done.";
                    default -> p.stage().toString();
                });
                return;
            }
        }
        if (p.stage() != DataProgress.Stage.MIGRATE) {
            return;
        }
        long total = p.total() > 0 ? p.total() : expected;
        double percent = total > 0 ? Math.min(100.0, 100.0 * p.done() / total) : 0;
        String eta = p.eta().or(() -> p.recordsPerSecond() > 0 && total > 0
                ? java.util.Optional.of(Duration.ofMillis((long) (Math.max(0, total - p.done()) * 1000
                        / p.recordsPerSecond())))
                : java.util.Optional.empty()).map(ProgressBar::format).orElse("?");
        lastTotal = total;
        lastRate = p.recordsPerSecond();
        if (terminal || percent >= nextTenth * 10) {
            draw(percent, p.done(), total, p.recordsPerSecond(), eta);
            nextTenth = (long) (percent / 10) + 1;
        }
    }

    private void draw(double percent, long done, long total, double rate, String eta) {
        if (terminal) {
            int filled = (int) (percent / 100 * 30);
            out.printf(Locale.ROOT, "\r[%s%s] %5.1f %%  %,d of %,d records  %,.0f records/s  ETA %s   ",
                    "#".repeat(filled), ".".repeat(30 - filled), percent, done, total, rate, eta);
            out.flush();
        } else {
            out.printf(Locale.ROOT, "  %5.1f %%  %,d of %,d records  %,.0f records/s  ETA %s%n", percent, done, total,
                    rate, eta);
        }
    }

    private static String format(Duration d) {
        long s = Math.max(0, (d.toMillis() + 999) / 1000);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

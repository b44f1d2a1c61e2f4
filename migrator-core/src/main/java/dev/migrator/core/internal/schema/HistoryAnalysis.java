package dev.migrator.core.internal.schema;

import dev.migrator.api.RepeatableState;
import dev.migrator.api.RepeatableStatus;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.Target;
import dev.migrator.api.ValidationProblem;
import dev.migrator.api.Version;
import dev.migrator.spi.HistoryRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's history rules, in one place: what is applied, pending, failed, missing, edited or out of order.
 * Backends only store rows; they never decide any of this.
 */
final class HistoryAnalysis {

    static final String BASELINE_TYPE = "BASELINE";

    public final List<ScriptStatus> statuses = new ArrayList<>();
    public final List<ValidationProblem> problems = new ArrayList<>();
    /** Pending scripts in version order (out-of-order ones included only when allowed). */
    final List<LoadedScript> pending = new ArrayList<>();
    /** Successful non-baseline rows by version, for rollback. */
    public final Map<Version, HistoryRow> applied = new HashMap<>();
    /** Checksum realignments repair would make: local script and its row. */
    final List<Map.Entry<LoadedScript, HistoryRow>> checksumChanges = new ArrayList<>();
    /** Every local repeatable script's state, in name order. */
    final List<RepeatableStatus> repeatableStatuses = new ArrayList<>();
    /** Repeatable scripts to run (new, changed, or failed last time), in name order. */
    final List<LoadedScript> pendingRepeatables = new ArrayList<>();
    HistoryRow failed;
    LoadedScript failedScript;
    public Version baseline;
    Version current;
    int nextRank = 1;

    private HistoryAnalysis() {}

    static HistoryAnalysis of(Target target, List<LoadedScript> local, List<HistoryRow> rows, boolean outOfOrderAllowed) {
        return of(target, local, List.of(), rows, outOfOrderAllowed);
    }

    static HistoryAnalysis of(Target target, List<LoadedScript> local, List<LoadedScript> repeatables, List<HistoryRow> rows,
            boolean outOfOrderAllowed) {
        HistoryAnalysis a = new HistoryAnalysis();
        Map<Version, HistoryRow> byVersion = new HashMap<>();
        // A repeatable script's rows have no version; its last row (highest rank) says how it last ran.
        Map<String, HistoryRow> lastRepeatableRun = new HashMap<>();
        HistoryRow baselineRow = null;
        for (HistoryRow row : rows) {
            a.nextRank = Math.max(a.nextRank, row.rank() + 1);
            if (row.version() == null) {
                lastRepeatableRun.merge(row.name(), row, (x, y) -> x.rank() > y.rank() ? x : y);
                continue;
            }
            Version v = Version.parse(row.version());
            if (BASELINE_TYPE.equals(row.type())) {
                baselineRow = row;
                a.baseline = v;
            } else {
                byVersion.put(v, row);
            }
            if (row.success() && (a.current == null || v.compareTo(a.current) > 0)) {
                a.current = v;
            }
        }
        Version maxLocal = local.isEmpty() ? null : local.get(local.size() - 1).version();
        Map<Version, LoadedScript> localByVersion = new HashMap<>();
        for (LoadedScript s : local) {
            localByVersion.put(s.version(), s);
            HistoryRow row = byVersion.get(s.version());
            if (row != null) {
                if (!row.success()) {
                    a.failed = row;
                    a.failedScript = s;
                    a.statuses.add(new ScriptStatus.Failed(target, s.version(), s.name(), row.installedAt(), row.statementsCompleted()));
                    a.problems.add(failedProblem(target, s.version(), s.name(), s.source(), row));
                } else if (checksumDiffers(row, s)) {
                    a.applied.put(s.version(), row);
                    a.checksumChanges.add(Map.entry(s, row));
                    a.statuses.add(new ScriptStatus.ChecksumChanged(target, s.version(), s.name(), row.installedAt(),
                            row.checksum(), s.checksum()));
                    a.problems.add(new ValidationProblem(target, s.version(), s.name(), ValidationProblem.Kind.CHECKSUM_CHANGED,
                            s.label() + " on " + target + " was edited after it was applied: recorded checksum "
                                    + row.checksum() + ", local checksum " + s.checksum()
                                    + ". Revert the edit, or run repair() to record the new checksum."));
                } else {
                    a.applied.put(s.version(), row);
                    a.statuses.add(new ScriptStatus.Applied(target, s.version(), s.name(), row.installedAt(),
                            row.executionTime(), row.installedBy()));
                }
            } else if (a.baseline != null && s.version().compareTo(a.baseline) <= 0) {
                a.statuses.add(new ScriptStatus.Baseline(target, s.version(), s.name(), baselineRow.installedAt()));
            } else if (a.current != null && s.version().compareTo(a.current) < 0) {
                a.statuses.add(new ScriptStatus.OutOfOrder(target, s.version(), s.name()));
                if (outOfOrderAllowed) {
                    a.pending.add(s);
                } else {
                    a.problems.add(new ValidationProblem(target, s.version(), s.name(), ValidationProblem.Kind.OUT_OF_ORDER,
                            s.label() + " on " + target + " is pending but older than the applied version " + a.current
                                    + ". Give it a version newer than " + a.current
                                    + ", or allow it with outOfOrder(true)."));
                }
            } else {
                a.statuses.add(new ScriptStatus.Pending(target, s.version(), s.name()));
                a.pending.add(s);
            }
        }
        for (Map.Entry<Version, HistoryRow> e : byVersion.entrySet()) {
            if (localByVersion.containsKey(e.getKey())) {
                continue;
            }
            HistoryRow row = e.getValue();
            a.statuses.add(new ScriptStatus.Missing(target, e.getKey(), row.name(), row.installedAt()));
            if (!row.success()) {
                a.failed = row;
                a.problems.add(failedProblem(target, e.getKey(), row.name(), null, row));
            } else if (maxLocal != null && e.getKey().compareTo(maxLocal) < 0) {
                // Applied versions newer than every local script are a newer deployment's work (a rolling upgrade):
                // shown as missing, never a validation failure.
                a.problems.add(new ValidationProblem(target, e.getKey(), row.name(), ValidationProblem.Kind.MISSING,
                        "Script " + ScriptNames.recorded(e.getKey(), row.name()) + " is recorded as applied on " + target
                                + " but no longer found locally. Restore the script file, or check the locations."));
            }
        }
        if (baselineRow != null && !localByVersion.containsKey(a.baseline)) {
            a.statuses.add(new ScriptStatus.Baseline(target, a.baseline, baselineRow.name(), baselineRow.installedAt()));
        }
        for (LoadedScript r : repeatables) {
            HistoryRow last = lastRepeatableRun.get(r.name());
            RepeatableState state;
            if (last == null) {
                state = RepeatableState.PENDING_NEW;
            } else if (!last.success()) {
                state = RepeatableState.FAILED;
            } else if (Objects.equals(last.checksum(), r.checksum())) {
                state = RepeatableState.APPLIED;
            } else {
                state = RepeatableState.PENDING_CHANGED;
            }
            if (state != RepeatableState.APPLIED) {
                a.pendingRepeatables.add(r);
            }
            a.repeatableStatuses.add(new RepeatableStatus(target, r.name(), state,
                    Optional.ofNullable(last).map(HistoryRow::installedAt)));
        }
        a.statuses.sort(Comparator.comparing(ScriptStatus::version));
        a.problems.sort(Comparator.comparing(ValidationProblem::version));
        return a;
    }

    Optional<Version> current() {
        return Optional.ofNullable(current);
    }

    /** Problems that block a migrate, failed entries aside (they have their own exception). */
    List<ValidationProblem> blockingProblems() {
        // A loop, not a stream: every application start asks, and a stream pipeline's classes are start-up time.
        List<ValidationProblem> blocking = new ArrayList<>();
        for (ValidationProblem p : problems) {
            if (p.kind() != ValidationProblem.Kind.FAILED) {
                blocking.add(p);
            }
        }
        return List.copyOf(blocking);
    }

    static boolean checksumDiffers(HistoryRow row, LoadedScript s) {
        if (row.checksum() == null || s.checksum() == null) {
            return false;
        }
        // A checksum stored by another algorithm version is not comparable; it is never reported as an edit.
        if (row.checksumAlgorithm() != null && !Checksums.isKnown(row.checksumAlgorithm()) && !s.explicitChecksum()) {
            return false;
        }
        return !row.checksum().equals(s.checksum());
    }

    private static ValidationProblem failedProblem(Target target, Version version, String name, String source, HistoryRow row) {
        return new ValidationProblem(target, version, name, ValidationProblem.Kind.FAILED,
                (source == null ? "Script " + ScriptNames.recorded(version, name) + " (not found locally)"
                        : ScriptNames.display(version, name, source) + " (" + ScriptNames.escape(source) + ")")
                        + " failed in an earlier run on " + target + " at "
                        + Optional.ofNullable(row.installedAt()).map(Instant::toString).orElse("an unknown time")
                        + " after " + row.statementsCompleted() + " completed statement(s), or that run was stopped "
                        + "there (killed, or its connection lost); then statement " + (row.statementsCompleted() + 1)
                        + " may have completed too: check it and undo it by hand. Fix the cause, then "
                        + "migrate with resumeFailed(true) to continue from statement " + (row.statementsCompleted() + 1)
                        + ", or undo the completed statements by hand and run repair() to clear the entry.");
    }
}

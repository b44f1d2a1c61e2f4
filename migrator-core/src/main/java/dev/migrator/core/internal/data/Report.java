package dev.migrator.core.internal.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataRecord;
import dev.migrator.api.DataVerification;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run's counts, rejected records (kept and logged) and the report it ends with. Used by the writer thread only. */
final class Report {

    private static final Logger LOG = LoggerFactory.getLogger(Report.class);
    private static final int KEPT_REJECTIONS = 100;

    private final DataMigration m;
    private final DataMigrationOptions o;
    private final Instant startedAt;
    long read;
    long written;
    long skipped;
    long failed;
    final Map<String, Long> conflicts = new TreeMap<>();
    final Map<String, TypeTally> types = new TreeMap<>();
    private final List<DataMigrationResult.Rejection> rejections = new ArrayList<>();
    private BufferedWriter errorLog;

    Report(DataMigration m, DataMigrationOptions o, Instant startedAt) {
        this.m = m;
        this.o = o;
        this.startedAt = startedAt;
    }

    TypeTally type(String type) {
        return types.computeIfAbsent(type, t -> new TypeTally());
    }

    /** Keeps and logs a rejected record. */
    void reject(long position, DataRecord r, Map<String, Object> key, String reason) {
        if (rejections.size() < KEPT_REJECTIONS) {
            rejections.add(new DataMigrationResult.Rejection(position, r.type(), key, reason));
        }
        if (o.errorLog() != null) {
            try {
                if (errorLog == null) {
                    Path parent = o.errorLog().toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    errorLog = Files.newBufferedWriter(o.errorLog(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
                ObjectNode n = Coercion.JSON.createObjectNode();
                n.put("migration", m.name());
                n.put("at", Instant.now().toString());
                n.put("position", position);
                n.put("type", r.type());
                n.put("reason", reason);
                n.set("record", Coercion.JSON.valueToTree(Coercion.plain(r.fields())));
                errorLog.write(n.toString());
                errorLog.newLine();
                errorLog.flush();
            } catch (IOException e) {
                LOG.warn("[{}] Cannot write the error log {}: {}", m.name(), o.errorLog(), e.getMessage());
            }
        }
    }

    void close() {
        if (errorLog != null) {
            try {
                errorLog.close();
            } catch (IOException e) {
                LOG.debug("closing the error log: {}", e.getMessage());
            }
            errorLog = null;
        }
    }

    DataMigrationResult result(Checkpoint cp, long resumedAfter, Optional<String> backupId, boolean restored,
            Optional<DataVerification> verification) {
        close();
        Map<String, DataMigrationResult.TypeCounts> byType = new TreeMap<>();
        types.forEach((t, c) -> byType.put(t, new DataMigrationResult.TypeCounts(c.read, c.written, c.skipped, c.failed)));
        return new DataMigrationResult(m.name(), m.source().describe(), o.dryRun(), startedAt,
                Duration.between(startedAt, Instant.now()), resumedAfter, read, written, skipped, failed, conflicts, byType,
                backupId, restored, verification,
                Optional.ofNullable(o.errorLog()).filter(p -> Files.exists(p) && failed > 0), rejections);
    }

    /**
     * The failure with this run's report attached (and written to the report file).
     *
     * @param backupId the backup this run took before its first write, or {@code null} when it took none
     */
    DataMigrationException failed(DataMigrationException e, Checkpoint cp, long resumedAfter, String backupId,
            Restored restored) {
        boolean targetsRestored = restored != null && restored.backupId() != null;
        DataMigrationResult r = result(cp, resumedAfter, Optional.ofNullable(backupId), targetsRestored, Optional.empty());
        write(r);
        String next = restored == null ? "" : restored.position() > 0 ? "the next run resumes after record "
                + (restored.position() - 1) + ", where this one started." : "the next run starts from the first record.";
        String message = e.getMessage() + (targetsRestored ? " The targets were restored from backup " + backupId
                + ", taken by this run before its first write (writes made before this run started are kept); " + next
                : restored != null ? " This run wrote nothing; its checkpoint went back to where it started, so " + next
                : e.code() != dev.migrator.api.ErrorCode.DATA_SOURCE_CHANGED && cp != null && cp.position > 0 && !o.dryRun()
                        ? " The batches before it are committed; the next run resumes after record " + (cp.position - 1)
                        + (backupId != null ? " (backup " + backupId + " holds the targets as they were before this run)"
                                : "") + "." : "");
        DataMigrationException out = new DataMigrationException(e.code(), message, r, e.getCause() != null ? e.getCause() : e);
        for (Throwable s : e.getSuppressed()) {
            out.addSuppressed(s);
        }
        return out;
    }

    /**
     * What a failed run put back: the checkpoint, to {@code position} where the run started, and the targets from
     * {@code backupId} — {@code null} when the run had written nothing.
     */
    record Restored(long position, String backupId) {}

    void write(DataMigrationResult r) {
        if (o.reportFile() == null) {
            return;
        }
        try {
            Path parent = o.reportFile().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(o.reportFile(), json(r));
        } catch (IOException e) {
            LOG.warn("[{}] Cannot write the report {}: {}", m.name(), o.reportFile(), e.getMessage());
        }
    }

    static String json(DataMigrationResult r) {
        ObjectNode n = Coercion.JSON.createObjectNode();
        n.put("migration", r.migration());
        n.put("source", r.source());
        n.put("dryRun", r.dryRun());
        n.put("startedAt", r.startedAt().toString());
        n.put("durationMs", r.duration().toMillis());
        n.put("resumedAfter", r.resumedAfter());
        n.put("read", r.read());
        n.put("written", r.written());
        n.put("skipped", r.skipped());
        n.put("failed", r.failed());
        n.put("recordsPerSecond", Math.round(r.recordsPerSecond()));
        ObjectNode c = n.putObject("conflicts");
        r.conflicts().forEach(c::put);
        ObjectNode t = n.putObject("types");
        r.types().forEach((k, v) -> t.putObject(k).put("read", v.read()).put("written", v.written())
                .put("skipped", v.skipped()).put("failed", v.failed()));
        n.put("backupId", r.backupId().orElse(null));
        n.put("restored", r.restored());
        r.errorLog().ifPresent(p -> n.put("errorLog", p.toString()));
        r.verification().ifPresent(v -> {
            ObjectNode vn = n.putObject("verification");
            vn.put("valid", v.isValid());
            ArrayNode tables = vn.putArray("tables");
            for (DataVerification.TableCheck tc : v.tables()) {
                ObjectNode x = tables.addObject();
                x.put("table", tc.table());
                x.put("expectedRows", tc.expectedRows());
                x.put("targetRows", tc.targetRows());
                if (tc.checksumMatches() != null) {
                    x.put("checksumMatches", tc.checksumMatches());
                }
                ObjectNode orphans = x.putObject("orphans");
                tc.orphans().forEach(orphans::put);
                ArrayNode p = x.putArray("problems");
                tc.problems().forEach(p::add);
                ArrayNode notes = x.putArray("notes");
                tc.notes().forEach(notes::add);
            }
        });
        ArrayNode rej = n.putArray("rejections");
        for (DataMigrationResult.Rejection x : r.rejections()) {
            rej.addObject().put("position", x.position()).put("type", x.type()).put("reason", x.reason())
                    .set("key", Coercion.JSON.valueToTree(Coercion.plain(x.key())));
        }
        try {
            return Coercion.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

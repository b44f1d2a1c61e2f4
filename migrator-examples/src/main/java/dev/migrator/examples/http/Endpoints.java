package dev.migrator.examples.http;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.DryRunResult;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.ExecutedScript;
import dev.migrator.api.LockTimeoutException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.PlannedScript;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.StatusReport;
import dev.migrator.api.Target;
import dev.migrator.api.TargetResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's endpoints — migrate (or dry run), status, backup — on parsed requests, run on a worker, and the rule
 * of one run per target at a time.
 */
final class Endpoints {

    /** The service's logger: its log lines are the service's, whichever class writes them. */
    private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);

    private final ServiceConfig config;
    private final MigrationManager manager;
    private final Secrets secrets;
    /** The targets with a run in progress, and what runs; a target is busy while it is in here. */
    private final ConcurrentHashMap<String, String> running = new ConcurrentHashMap<>();

    Endpoints(ServiceConfig config, MigrationManager manager, Secrets secrets) {
        this.config = config;
        this.manager = manager;
        this.secrets = secrets;
    }

    ApiResponse migrate(RequestParser.MigrateCall call) throws HttpError {
        Target target = call.target();
        String environment = call.environment();
        boolean dryRun = call.dryRun();
        String targetVersion = call.targetVersion();
        MigrateOptions.Builder options = MigrateOptions.builder().target(target);
        if (targetVersion != null) {
            options.to(targetVersion); // a malformed version throws INVALID_VERSION → 400
        }
        String operation = dryRun ? "dry run" : "migrate";
        try (Hold ignored = hold(target, operation)) {
            LOG.info("{}: {} requested{}", target, operation, targetVersion == null ? "" : " up to " + targetVersion);
            if (dryRun) {
                DryRunResult plan = manager.schema().dryRun(options.build());
                return ApiResponse.ok(dryRunBody(target, environment, plan));
            }
            MigrateResult result = manager.migrate(options.build());
            return ApiResponse.ok(migrateBody(target, environment, result));
        } catch (LockTimeoutException e) {
            throw lockTimeout(target, e);
        }
    }

    ApiResponse status(Target target) {
        StatusReport report = manager.status(target);
        List<Object> scripts = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        String resolved = target.toString();
        for (ScriptStatus s : report.scripts()) {
            resolved = s.target().toString();
            counts.merge(s.state().name(), 1, Integer::sum);
            scripts.add(statusEntry(s));
        }
        return ApiResponse.ok(Json.object(
                "target", resolved,
                "connection", target.connection(),
                "scripts", scripts,
                "counts", counts,
                "upToDate", report.inState(ScriptState.PENDING).isEmpty()
                        && report.inState(ScriptState.OUT_OF_ORDER).isEmpty()
                        && report.inState(ScriptState.FAILED).isEmpty()));
    }

    ApiResponse backup(RequestParser.BackupCall call) throws HttpError {
        Target target = call.target();
        List<String> tables = call.tables();
        String label = call.label();
        // Table names are checked by BackupRequest (INVALID_IDENTIFIER → 400) before anything is read.
        BackupRequest request = BackupRequest.builder().target(target).tables(tables).label(label).build();
        try (Hold ignored = hold(target, "backup")) {
            LOG.info("{}: backup requested ({}, label {})", target,
                    tables.isEmpty() ? "every table" : tables.size() + " table(s)", label);
            BackupManifest m = manager.backupOperations().backup(request);
            List<Object> tableEntries = new ArrayList<>();
            for (BackupManifest.Table t : m.tables()) {
                tableEntries.add(Json.object("name", t.name(), "rows", t.rowCount(), "bytes", t.bytes()));
            }
            BackupManifest.Source source = m.source();
            return ApiResponse.ok(Json.object(
                    "id", m.id(),
                    "label", m.label(),
                    "target", target.toString(),
                    "createdAt", m.createdAt().toString(),
                    "source", source == null ? null : Json.object(
                            "connection", source.connection(),
                            "product", source.product(),
                            "serverVersion", source.serverVersion(),
                            "url", secrets.scrub(ConnectionConfig.mask(source.url()))),
                    "consistency", m.consistency(),
                    "compression", m.compression().name(),
                    "encrypted", m.encryption() != null,
                    "tables", tableEntries,
                    "rows", m.rowCount(),
                    "bytes", m.byteSize(),
                    "durationMs", m.duration() == null ? null : m.duration().toMillis()));
        } catch (LockTimeoutException e) {
            throw lockTimeout(target, e);
        }
    }

    private Map<String, Object> migrateBody(Target target, String environment, MigrateResult result) {
        List<Object> applied = new ArrayList<>();
        for (ExecutedScript s : result.applied()) {
            applied.add(Json.object("version", s.version().toString(), "name", s.name(), "statements", s.statements(),
                    "ms", s.duration().toMillis()));
        }
        TargetResult one = result.targets().isEmpty() ? null : result.targets().get(0);
        Target resolved = one == null ? target : one.target();
        return Json.object(
                "target", resolved.toString(),
                "connection", resolved.connection(),
                "schema", resolved.schema(),
                "environment", environment,
                "dryRun", false,
                "applied", applied,
                "currentVersion", one == null ? null : one.currentVersion().map(Object::toString).orElse(null),
                "durationMs", result.duration().toMillis());
    }

    private Map<String, Object> dryRunBody(Target target, String environment, DryRunResult plan) {
        List<Object> planned = new ArrayList<>();
        Target resolved = target;
        for (PlannedScript s : plan.plan()) {
            resolved = s.target();
            planned.add(Json.object("version", s.version().toString(), "name", s.name(), "transactional",
                    s.transactional(), "statements", s.statements().size()));
        }
        if (!plan.executedAndRolledBack().isEmpty()) {
            resolved = plan.executedAndRolledBack().get(0);
        }
        return Json.object(
                "target", resolved.toString(),
                "connection", resolved.connection(),
                "schema", resolved.schema(),
                "environment", environment,
                "dryRun", true,
                "planned", planned,
                "executedAndRolledBack", !plan.executedAndRolledBack().isEmpty(),
                "notExecuted", plan.notExecuted().stream().map(secrets::scrub).toList());
    }

    private static Map<String, Object> statusEntry(ScriptStatus s) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("version", s.version().toString());
        entry.put("name", s.name());
        entry.put("state", s.state().name());
        if (s instanceof ScriptStatus.Applied a) {
            entry.put("appliedAt", a.appliedAt().toString());
            entry.put("ms", a.duration().toMillis());
            entry.put("installedBy", a.installedBy());
        } else if (s instanceof ScriptStatus.Baseline b) {
            entry.put("appliedAt", b.appliedAt().toString());
        } else if (s instanceof ScriptStatus.Failed failed) {
            entry.put("failedAt", failed.failedAt().toString());
            entry.put("statementsCompleted", failed.statementsCompleted());
        } else if (s instanceof ScriptStatus.Missing m) {
            entry.put("appliedAt", m.appliedAt().toString());
        } else if (s instanceof ScriptStatus.ChecksumChanged c) {
            entry.put("appliedAt", c.appliedAt().toString());
            entry.put("recordedChecksum", c.recordedChecksum());
            entry.put("localChecksum", c.localChecksum());
        }
        return entry;
    }

    /** A target held by one run of this service; closing it frees the target. */
    private interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the target for one run without waiting (a try-lock), or answers 409. The library's database lock still
     * guards the target against other processes; this one turns a second request in this process into an immediate
     * 409 instead of a thread blocked for the lock timeout.
     */
    private Hold hold(Target target, String operation) throws HttpError {
        String key = target.connection() + "/" + (target.schema() == null ? "" : target.schema());
        String other = running.putIfAbsent(key, operation);
        if (other != null) {
            LOG.info("{}: {} refused, a {} is running", target, operation, other);
            throw new HttpError(busy(target, "TARGET_BUSY", "Target " + target + " is busy: a " + other
                    + " is running on it. Retry when it has finished."));
        }
        return () -> running.remove(key, operation);
    }

    /** The library waited the lock timeout for another process's run on the target: busy too. */
    private HttpError lockTimeout(Target target, LockTimeoutException e) {
        LOG.info("{}: {}", target, secrets.scrub(e.getMessage()));
        return new HttpError(busy(target, "LOCK_TIMEOUT", "Target " + target + " is busy: another instance holds its "
                + "database lock (waited " + config.lockTimeout().toMillis() + " ms). Retry when its run has finished. "
                + secrets.scrub(e.getMessage())));
    }

    static ApiResponse busy(Target target, String code, String message) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (target != null) {
            extra.put("target", target.toString());
        }
        extra.put("retry", true);
        ApiResponse r = ApiResponse.error(409, code, message, extra);
        return r.withHeader("Retry-After", "5");
    }

    static int statusOf(ErrorCode code) {
        return switch (code) {
            case LOCK_TIMEOUT -> 409;
            case INVALID_IDENTIFIER, INVALID_VERSION -> 400;
            case ENGINE_NOT_FOUND, BACKEND_NOT_FOUND, CONNECTION_FAILED, DATABASE_ERROR, INTERRUPTED, BACKUP_FAILED -> 500;
            default -> 422;
        };
    }
}

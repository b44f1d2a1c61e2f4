package dev.migrator.spring.boot.actuate;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.RepeatableStatus;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.StatusReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code migrator} actuator endpoint ({@code GET /actuator/migrator}): every script of every target with its
 * state, and every repeatable script of every target with its state, from {@link MigrationManager#status()}. Reads the
 * history; changes nothing.
 */
@Endpoint(id = "migrator")
public class MigratorEndpoint {

    private final MigrationManager manager;

    /** Reports on {@code manager}, which it borrows. */
    public MigratorEndpoint(MigrationManager manager) {
        this.manager = manager;
    }

    /**
     * Every script per target ({@code connection} or {@code connection/schema}), in version order, and every repeatable
     * script per target, in name order.
     */
    @ReadOperation
    public MigratorDescriptor scripts() {
        StatusReport report = manager.status();
        Map<String, List<ScriptDescriptor>> targets = new LinkedHashMap<>();
        for (ScriptStatus status : report.scripts()) {
            targets.computeIfAbsent(status.target().toString(), t -> new ArrayList<>())
                    .add(ScriptDescriptor.of(status));
        }
        targets.replaceAll((target, scripts) -> List.copyOf(scripts));
        Map<String, List<RepeatableDescriptor>> repeatables = new LinkedHashMap<>();
        for (RepeatableStatus status : report.repeatables()) {
            repeatables.computeIfAbsent(status.target().toString(), t -> new ArrayList<>())
                    .add(RepeatableDescriptor.of(status));
        }
        repeatables.replaceAll((target, scripts) -> List.copyOf(scripts));
        return new MigratorDescriptor(targets, repeatables);
    }

    /**
     * The endpoint's answer. Repeatable scripts sit in a map of their own, beside {@code targets}, so that
     * {@code targets} keeps the shape it had before repeatable scripts were shown.
     *
     * @param targets per target, its versioned scripts in version order
     * @param repeatables per target that has any, its repeatable scripts in name order
     */
    public record MigratorDescriptor(Map<String, List<ScriptDescriptor>> targets,
            Map<String, List<RepeatableDescriptor>> repeatables) implements OperationResponseBody {

        /**
         * An answer without repeatable scripts.
         *
         * @param targets per target, its versioned scripts in version order
         */
        public MigratorDescriptor(Map<String, List<ScriptDescriptor>> targets) {
            this(targets, Map.of());
        }
    }

    /**
     * One repeatable script on one target. The API exposes no checksum for a repeatable script, so none is shown.
     *
     * @param name the name ({@code active_users_view} for {@code R__active_users_view.sql})
     * @param state {@code APPLIED}, {@code PENDING_NEW}, {@code PENDING_CHANGED} or {@code FAILED}; the next migrate
     *     runs every script that is not {@code APPLIED}
     * @param lastRunAt when its last recorded run on the target ended, successful or not; {@code null} when it never ran
     *     there
     */
    public record RepeatableDescriptor(String name, String state, Instant lastRunAt) {

        static RepeatableDescriptor of(RepeatableStatus status) {
            return new RepeatableDescriptor(status.name(), status.state().name(), status.lastRunAt().orElse(null));
        }
    }

    /**
     * One script on one target. Fields a state does not have are {@code null}.
     *
     * @param version the version, normalised
     * @param name the name
     * @param state {@code PENDING}, {@code APPLIED}, {@code BASELINE}, {@code FAILED}, {@code MISSING},
     *     {@code CHECKSUM_CHANGED} or {@code OUT_OF_ORDER}
     * @param appliedAt when it was applied (baselined, recorded, or failed)
     * @param installedBy who applied it (applied scripts)
     * @param statementsCompleted statements that completed before the failure (failed scripts)
     */
    public record ScriptDescriptor(String version, String name, String state, Instant appliedAt, String installedBy,
            Integer statementsCompleted) {

        static ScriptDescriptor of(ScriptStatus status) {
            String version = status.version().toString();
            String state = status.state().name();
            if (status instanceof ScriptStatus.Applied a) {
                return new ScriptDescriptor(version, a.name(), state, a.appliedAt(), a.installedBy(), null);
            } else if (status instanceof ScriptStatus.Baseline b) {
                return new ScriptDescriptor(version, b.name(), state, b.appliedAt(), null, null);
            } else if (status instanceof ScriptStatus.Failed f) {
                return new ScriptDescriptor(version, f.name(), state, f.failedAt(), null, f.statementsCompleted());
            } else if (status instanceof ScriptStatus.Missing m) {
                return new ScriptDescriptor(version, m.name(), state, m.appliedAt(), null, null);
            } else if (status instanceof ScriptStatus.ChecksumChanged c) {
                return new ScriptDescriptor(version, c.name(), state, c.appliedAt(), null, null);
            }
            return new ScriptDescriptor(version, status.name(), state, null, null, null);
        }
    }
}

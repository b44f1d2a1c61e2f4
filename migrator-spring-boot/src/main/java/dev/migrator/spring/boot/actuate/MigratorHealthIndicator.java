package dev.migrator.spring.boot.actuate;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.ValidationProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * DOWN while a failed script blocks migration (recorded as failed in a target's history: {@code migrate()} refuses to
 * go on until {@code repair()} or a resume), with each such script's target, script and the library's error text;
 * UP otherwise. A history that cannot be read is DOWN with the exception. Reads the history; changes nothing.
 *
 * <p>A repeatable script whose last run failed does not make it DOWN: {@code validate()} reports no problem for it and
 * {@code migrate()} does not refuse to go on, it runs the script again from its first statement. The
 * {@code migrator} endpoint shows such a script as {@code FAILED}.
 */
public class MigratorHealthIndicator extends AbstractHealthIndicator {

    private final MigrationManager manager;

    /** Checks {@code manager}, which it borrows. */
    public MigratorHealthIndicator(MigrationManager manager) {
        super("migrator health check failed");
        this.manager = manager;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<Map<String, String>> failed = manager.schema().validate().problems().stream()
                .filter(p -> p.kind() == ValidationProblem.Kind.FAILED)
                .map(MigratorHealthIndicator::details)
                .toList();
        builder.withDetail("targets", manager.targets().stream().map(Object::toString).toList());
        if (failed.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("failed", failed);
        }
    }

    private static Map<String, String> details(ValidationProblem problem) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("target", problem.target().toString());
        details.put("script", problem.version() + " " + problem.name());
        details.put("error", problem.message());
        return details;
    }
}

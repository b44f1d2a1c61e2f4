package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.spi.HistoryRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Sequences of runs against a model of what must hold between them: deploy, migrate, fail, fix and resume, roll back,
 * migrate again — where DDL commits by itself, so a failed script leaves its completed statements behind. After every
 * step the tables are exactly those of the applied scripts (plus the completed statement of a failed one) and the
 * history says exactly that.
 */
class FakeSequenceTest extends FakeEngineSupport {

    /** Local scripts by version: broken ones fail at their second statement. */
    private final Map<Integer, Boolean> local = new LinkedHashMap<>();
    /** The model: versions applied, in the order applied; the failed version, or 0. */
    private final List<Integer> applied = new ArrayList<>();
    private int failed;
    /** What the walks did, so that the test cannot pass without failing, resuming and rolling back. */
    private int failures;
    private int resumes;
    private int rollbacks;

    private static Script script(int v, boolean broken) {
        return Script.of(String.valueOf(v), "step_" + v,
                "create t" + v + "\n" + (broken ? "fail boom in " + v : "create x" + v) + "\ncreate u" + v,
                "drop u" + v + "\ndrop x" + v + "\ndrop t" + v);
    }

    private MigrationManager deployed() {
        List<Script> scripts = new ArrayList<>();
        local.forEach((v, broken) -> scripts.add(script(v, broken)));
        return track(autocommitDdlBuilder().scripts(scripts).build());
    }

    @Test
    void randomSequences_tablesAndHistoryAlwaysAgreeWithTheModel() {
        for (long seed = 1; seed <= 3; seed++) {
            runSequence(seed, 25);
            FakeDatabase.drop(dbName);
            db = FakeDatabase.named(dbName);
            local.clear();
            applied.clear();
            failed = 0;
        }
        assertThat(failures).as("scripts failed").isPositive();
        assertThat(resumes).as("failed scripts resumed").isPositive();
        assertThat(rollbacks).as("rollbacks run").isPositive();
    }

    private void runSequence(long seed, int steps) {
        Random random = new Random(seed);
        int next = 1;
        for (int step = 0; step < steps; step++) {
            int op = random.nextInt(10);
            String what;
            if (op < 3) {
                boolean broken = random.nextInt(3) == 0;
                local.put(next++, broken);
                what = "deploy " + (next - 1) + (broken ? " (broken)" : "");
            } else if (op < 6) {
                what = "migrate";
                migrate(MigrateOptions.defaults());
            } else if (op < 8) {
                what = "fix and resume";
                if (failed != 0) {
                    resumes++;
                    local.put(failed, false);
                    migrate(MigrateOptions.builder().resumeFailed(true).build());
                }
            } else {
                int steps1 = 1 + random.nextInt(3);
                what = "rollback " + steps1;
                rollback(steps1);
            }
            assertAgreesWithModel("seed " + seed + " step " + step + " (" + what + ")");
        }
    }

    private void migrate(MigrateOptions options) {
        MigrationManager m = deployed();
        if (failed != 0 && !options.resumeFailed()) {
            assertThatThrownBy(() -> m.migrate(options)).isInstanceOf(FailedMigrationPendingException.class);
            return;
        }
        List<Integer> order = new ArrayList<>();
        if (failed != 0) {
            order.add(failed); // resumed first, from its second statement
        }
        int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
        local.keySet().stream().filter(v -> v > newest && v != failed).sorted().forEach(order::add);
        for (int v : order) {
            if (local.get(v)) {
                assertThatThrownBy(() -> m.migrate(options)).isInstanceOf(ScriptFailedException.class);
                failed = v;
                failures++;
                return;
            }
            applied.add(v);
            failed = failed == v ? 0 : failed;
        }
        m.migrate(options);
    }

    private void rollback(int steps) {
        MigrationManager m = deployed();
        if (failed != 0) {
            assertThatThrownBy(() -> m.rollback(steps)).isInstanceOf(FailedMigrationPendingException.class);
            return;
        }
        m.rollback(steps);
        rollbacks++;
        for (int i = 0; i < steps && !applied.isEmpty(); i++) {
            applied.remove(applied.size() - 1);
        }
    }

    private void assertAgreesWithModel(String where) {
        Set<String> expectedTables = new TreeSet<>();
        for (int v : applied) {
            expectedTables.addAll(List.of("t" + v, "x" + v, "u" + v));
        }
        if (failed != 0) {
            expectedTables.add("t" + failed);
        }
        Set<String> tables = db.read(s -> new TreeSet<>(s.schemas.containsKey(SCHEMA)
                ? s.schema(SCHEMA).tables.keySet() : Set.<String>of()));
        assertThat(tables).as(where + ": tables").isEqualTo(expectedTables);

        List<HistoryRow> history = history();
        assertThat(history.stream().filter(HistoryRow::success).map(r -> Integer.parseInt(r.version())).toList())
                .as(where + ": applied versions by rank").isEqualTo(applied);
        List<HistoryRow> failedRows = history.stream().filter(r -> !r.success()).toList();
        if (failed == 0) {
            assertThat(failedRows).as(where + ": no failed entry").isEmpty();
        } else {
            assertThat(failedRows).as(where + ": the failed entry").singleElement().satisfies(r -> {
                assertThat(r.version()).isEqualTo(String.valueOf(failed));
                assertThat(r.statementsCompleted()).isEqualTo(1);
            });
        }
    }
}

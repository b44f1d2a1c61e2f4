package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DryRunResult;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MultiTargetResult;
import dev.migrator.api.Target;
import dev.migrator.api.TargetOutcome;
import dev.migrator.api.ValidationException;
import dev.migrator.api.ValidationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** status, validate, rollback, repair, baseline, dry run and per-database targets on MongoDB, as on JDBC. */
class MongoLifecycleTest extends MongoItSupport {

    private void threeScripts() {
        write("V1__create_items.json", "[{\"createCollection\": \"items\"}]");
        write("U1__create_items.json", "[{\"dropCollection\": \"items\"}]");
        write("V2__seed_items.json", "[{\"insert\": \"items\", \"documents\": [{\"_id\": 1, \"n\": \"one\"}, {\"_id\": 2, \"n\": \"two\"}]}]");
        write("U2__seed_items.json", "[{\"delete\": \"items\", \"deletes\": [{\"q\": {\"_id\": {\"$in\": [1, 2]}}, \"limit\": 0}]}]");
        write("3_index_items.json", "[{\"createIndexes\": \"items\", \"indexes\": [{\"key\": {\"n\": 1}, \"name\": \"items_n\", \"unique\": true}]}]");
        write("3_index_items_down.json", "[{\"dropIndexes\": \"items\", \"index\": \"items_n\"}]");
    }

    @Test
    void rollback_runsDownScriptsNewestFirst_andRemovesTheirHistory() {
        threeScripts();
        MigrationManager m = manager();
        m.migrate();
        assertThat(indexNames("items")).contains("items_n");

        m.rollback(2);

        assertThat(indexNames("items")).doesNotContain("items_n");
        assertThat(count("items")).isZero();
        assertThat(history()).extracting(d -> d.getString("version")).containsExactly("1");

        m.rollback(1);
        assertThat(collections()).doesNotContain("items");
        assertThat(history()).isEmpty();
    }

    @Test
    void validate_reportsAnEditedScript_andMigrateRefusesUntilRepair() {
        threeScripts();
        manager().migrate();
        write("V2__seed_items.json", "[{\"insert\": \"items\", \"documents\": [{\"_id\": 1, \"n\": \"one\"}, {\"_id\": 3, \"n\": \"three\"}]}]");
        write("V4__more.json", "[{\"insert\": \"items\", \"documents\": [{\"_id\": 4, \"n\": \"four\"}]}]");
        MigrationManager m = manager();

        ValidationReport report = m.validate();

        assertThat(report.isValid()).isFalse();
        assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p.toString()).contains("2"));
        assertThatThrownBy(m::migrate).isInstanceOf(ValidationException.class);
        assertThat(count("items")).isEqualTo(2);

        m.repair();
        m.migrate();
        assertThat(count("items")).isEqualTo(3);
    }

    @Test
    void baseline_marksAnExistingDatabase_soOnlyLaterScriptsRun() {
        threeScripts();
        db.database().getCollection("legacy").insertOne(new org.bson.Document("_id", 1));
        MigrationManager m = manager();

        m.baseline("2");
        m.migrate();

        assertThat(count("items")).as("V2 was not run: no seeded documents").isZero();
        assertThat(indexNames("items")).as("V3 ran").contains("items_n");
        assertThat(history()).extracting(d -> d.getString("version") + ":" + d.getString("type"))
                .containsExactly("2:BASELINE", "3:JSON");
    }

    @Test
    void dryRun_onAStandaloneServer_plansEveryCommandAndChangesNothing() {
        threeScripts();

        DryRunResult plan = manager().dryRun(MigrateOptions.defaults());

        assertThat(plan.plan()).extracting(p -> p.version().toString()).containsExactly("1", "2", "3");
        assertThat(plan.plan().get(1).statements()).singleElement().satisfies(s -> assertThat(s).contains("\"insert\""));
        if (!db.transactions()) {
            assertThat(plan.executedAndRolledBack()).isEmpty();
            assertThat(plan.notExecuted()).singleElement().satisfies(s -> assertThat(s).contains("planned only"));
        }
        assertThat(collections()).doesNotContain("items");
        assertThat(history()).isEmpty();
    }

    @Test
    void migrateAll_migratesEachTenantDatabase_andLeavesTheDefaultAlone() {
        threeScripts();
        MigrationManager m = manager();
        Target a = Target.of("mongo", db.name() + "_tenant_a");
        Target b = Target.of("mongo", db.name() + "_tenant_b");

        MultiTargetResult result = m.migrateAll(List.of(a, b), 2, false);

        assertThat(result.outcomes()).hasSize(2).allSatisfy(o -> assertThat(o).isInstanceOf(TargetOutcome.Migrated.class));
        for (Target t : List.of(a, b)) {
            var tenant = db.client().getDatabase(t.schema());
            assertThat(tenant.getCollection("items").countDocuments()).isEqualTo(2);
            assertThat(tenant.getCollection(HISTORY).countDocuments()).isEqualTo(3);
        }
        assertThat(collections()).doesNotContain("items");
    }

    @Test
    void explicitTransaction_onAStandaloneServer_isRefusedWithAnExplanation_andNothingRuns() {
        if (db.transactions()) {
            return; // a replica set has transactions; MongoTransactionsTest covers it
        }
        MigrationManager m = track(builder().script(dev.migrator.api.Script.builder("1", "tx")
                .up("[{\"insert\": \"items\", \"documents\": [{\"_id\": 1}]}]")
                .transactionMode(dev.migrator.api.TransactionMode.TRANSACTIONAL).build()).build());

        assertThatThrownBy(m::migrate).hasStackTraceContaining("no transactions").hasStackTraceContaining("replica set");

        assertThat(collections()).doesNotContain("items");
    }

    @Test
    void singleTransaction_onAStandaloneServer_isRefused() {
        if (db.transactions()) {
            return;
        }
        threeScripts();

        assertThatThrownBy(() -> manager().migrate(MigrateOptions.builder().singleTransaction(true).build()))
                .isInstanceOf(ConfigurationException.class);
        assertThat(collections()).doesNotContain("items");
    }
}

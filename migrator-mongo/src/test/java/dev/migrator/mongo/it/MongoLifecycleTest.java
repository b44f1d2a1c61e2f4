package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import org.junit.jupiter.api.Test;

/**
 * What only MongoDB shows: down scripts found as files ({@code U1__...}, {@code ..._down.json}) dropping an index, and
 * transactions refused on a standalone server. Checksums, repair, baseline, dry run and per-database targets are the
 * test kit's suites (mongo/kit), with the same assertions as on PostgreSQL and MariaDB.
 */
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

package dev.migrator.etcd.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.etcd.testing.EtcdKitDatabase;
import dev.migrator.etcd.testing.EtcdKitServer;
import dev.migrator.testkit.FacetsContract;
import dev.migrator.testkit.KitServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EtcdFacetsTest extends FacetsContract {
    @Override
    protected KitServer server() {
        return EtcdKitServer.INSTANCE;
    }

    /**
     * The suite's test with etcd's records: the suite copies typed records keyed by {@code id} into a typed table,
     * while an etcd prefix holds {@code key} + {@code value} records; the assertions are the suite's.
     */
    @Test
    @Override
    public void dataFacet_andManagerMethods_runAndReportTheSameMigration() {
        MigrationManager m = track(builder().build());
        m.migrate();
        DataMigration copy = DataMigration.builder("facets_copy")
                .source(RecordSource.of("a", List.of(Map.of("key", "/k1", "value", "1"), Map.of("key", "/k2", "value", "2"),
                        Map.of("key", "/k3", "value", "3"))))
                .target(DataTarget.of(CORE, defaultSchema() + ".copied", "key"))
                .build();

        assertThat(m.data().migrate(copy, DataMigrationOptions.builder().backup(false).build()).written()).isEqualTo(3);
        assertThat(m.data().status(copy)).isEqualTo(m.dataStatus(copy));
        assertThat(m.data().status(copy).written()).isEqualTo(3);
        EtcdKitDatabase db = (EtcdKitDatabase) database();
        assertThat(db.under(db.key(defaultSchema(), "copied/")).values()).containsExactlyInAnyOrder("1", "2", "3");
    }
}

package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.VerifyReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facets ({@code schema()}, {@code backupOperations()}, {@code data()}) and the manager's methods from before them
 * do the same against a real database; that each old method hands its arguments to its facet is the engine's own
 * {@code FacetDelegationTest}.
 */
@SuppressWarnings("deprecation") // the old methods are what is compared
public abstract class FacetsContract extends KitSupport {

    /** Where this test's backups go. */
    @TempDir
    protected Path backups;

    private MigrationManager managerWithBackups() {
        return track(builder().scripts(List.of(createTable("1", "a"), createTable("2", "b"))).backupDirectory(backups).build());
    }

    private static List<String> states(List<ScriptStatus> statuses) {
        return statuses.stream().map(s -> s.version() + ":" + s.state()).toList();
    }

    @Test
    public void schemaFacet_andManagerMethods_seeAndChangeTheSameHistory() {
        MigrationManager m = managerWithBackups();

        assertThat(m.schema().dryRun(MigrateOptions.defaults())).isEqualTo(m.dryRun(MigrateOptions.defaults()));
        m.schema().migrateTo("1");
        assertThat(states(m.schema().status().scripts())).containsExactly("1:APPLIED", "2:PENDING")
                .isEqualTo(states(m.status().scripts()));
        assertThat(m.schema().validate()).isEqualTo(m.validate());

        m.migrate();
        assertThat(states(m.schema().status(defaultTarget()).scripts())).containsExactly("1:APPLIED", "2:APPLIED");
        assertThat(m.schema().rollback(1).rolledBack()).singleElement().satisfies(e -> assertThat(e.name()).isEqualTo("create_b"));
        assertThat(states(m.status().scripts())).containsExactly("1:APPLIED", "2:PENDING");
        assertThat(m.schema().repair().actions()).isEqualTo(m.repair().actions()).isEmpty();
        assertThat(tableExists("a")).isTrue();
        assertThat(tableExists("b")).isFalse();
    }

    @Test
    public void backupFacet_andManagerMethods_takeAndVerifyTheSameBackups() {
        MigrationManager m = managerWithBackups();
        m.migrate();
        database().insert(defaultSchema(), "a", List.of(Map.of("id", 1), Map.of("id", 2)));
        BackupRequest request = BackupRequest.builder().tables("a").build();

        BackupManifest byFacet = m.backupOperations().backup(request);
        BackupManifest byManager = m.backup(request);

        assertThat(byFacet.tables()).extracting(BackupManifest.Table::name, BackupManifest.Table::rowCount,
                BackupManifest.Table::contentChecksum).isEqualTo(byManager.tables().stream()
                        .map(t -> Tuple.tuple(t.name(), t.rowCount(), t.contentChecksum())).toList());
        VerifyReport facetReport = m.backupOperations().verify(byManager.id());
        VerifyReport managerReport = m.verify(byFacet.id());
        assertThat(facetReport.isValid()).isTrue();
        assertThat(managerReport.isValid()).isTrue();
        assertThat(m.backupOperations().verify(byFacet.id(), defaultTarget()).tables())
                .isEqualTo(m.verify(byFacet.id(), defaultTarget()).tables());
        assertThat(m.backupOperations().store()).isSameAs(m.backups());
        assertThat(m.backups().list()).extracting(BackupManifest::id).contains(byFacet.id(), byManager.id());
    }

    @Test
    public void dataFacet_andManagerMethods_runAndReportTheSameMigration() {
        MigrationManager m = managerWithBackups();
        m.migrate();
        String key = server().keyField();
        DataMigration copy = DataMigration.builder("facets_copy")
                .source(RecordSource.of("a", List.of(Map.of(key, 1), Map.of(key, 2), Map.of(key, 3))))
                .target(DataTarget.of(CORE, defaultSchema() + ".a", key))
                .build();

        assertThat(m.data().migrate(copy, DataMigrationOptions.builder().backup(false).build()).written()).isEqualTo(3);
        assertThat(m.data().status(copy)).isEqualTo(m.dataStatus(copy));
        assertThat(m.data().status(copy).written()).isEqualTo(3);
        assertThat(rowCount("a")).isEqualTo(3);
    }
}

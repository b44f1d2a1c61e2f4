package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.CreatedScripts;
import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create(name): a timestamped up/down pair that the next migrate picks up. */
abstract class AbstractCreateTest extends ItSupport {

    @TempDir
    Path dir;

    AbstractCreateTest(TestDatabase.Kind kind) {
        super(kind);
    }

    @Test
    void create_writesTimestampedUpAndDownPairThatMigrateAndRollbackUse() throws Exception {
        MigrationManager m = track(builder().locations("filesystem:" + dir).build());

        CreatedScripts created = m.create("add_orders");

        String version = created.version().toString();
        assertThat(version).matches("\\d{14}");
        assertThat(created.up()).exists().hasFileName("V" + version + "__add_orders.sql");
        assertThat(created.down()).exists().hasFileName("U" + version + "__add_orders.sql");
        assertThat(created.up().toAbsolutePath().getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(created.down().toAbsolutePath().getParent()).isEqualTo(dir.toAbsolutePath());

        Files.writeString(created.up(), "CREATE TABLE orders (id int primary key);\n");
        Files.writeString(created.down(), "DROP TABLE orders;\n");
        MigrationManager fresh = track(builder().locations("filesystem:" + dir).build());
        fresh.migrate();

        assertThat(tableExists("orders")).isTrue();
        assertThat(historyVersions()).containsExactly(version);

        fresh.rollback(1);

        assertThat(tableExists("orders")).isFalse();
    }

    @Test
    void create_noFilesystemLocation_throwsConfigurationException() {
        MigrationManager m = track(builder().locations("classpath:it/discovery").build());

        assertThatThrownBy(() -> m.create("add_orders"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("filesystem");
    }

    @Test
    void create_nameNotPlainWord_throwsAndWritesNothing() throws Exception {
        MigrationManager m = track(builder().locations("filesystem:" + dir).build());

        assertThatThrownBy(() -> m.create("add orders; rm -rf"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("add orders; rm -rf");

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}

package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ConnectionFailedException;
import dev.migrator.api.MigrationManager;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connection problems are named with host, port and what to do, never with the password. */
class MongoConnectionTest extends MongoItSupport {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void unreachableServer_failsWithHostPortAndTimeout_andNoPassword() throws Exception {
        int port = freePort();
        write("V1__x.json", "[{\"createCollection\": \"x\"}]");
        MigrationManager m = track(MigrationManager.builder()
                .connection(ConnectionConfig.of("mongo", "mongodb://app:s3cr3t-pw@127.0.0.1:" + port + "/app", null, null)
                        .withConnectTimeout(Duration.ofSeconds(1)))
                .locations("filesystem:" + scripts)
                .build());

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ConnectionFailedException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("1000 ms")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t-pw"));
    }

    @Test
    void uriWithoutDatabase_isRefusedWithAnExample() {
        write("V1__x.json", "[{\"createCollection\": \"x\"}]");

        assertThatThrownBy(() -> track(MigrationManager.builder()
                        .connection("mongo", db.uriOf("").replaceAll("/$", ""), null, null)
                        .locations("filesystem:" + scripts)
                        .build()).migrate())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("names no database");
    }

    @Test
    void invalidLockLease_isRefusedWithTheAllowedRange() {
        assertThatThrownBy(() -> track(MigrationManager.builder()
                        .connection(ConnectionConfig.of("mongo", db.uri(), null, null).withProperties(Map.of("lockLease", "PT0.5S")))
                        .locations("filesystem:" + scripts)
                        .build()).migrate())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("lockLease")
                .hasMessageContaining("PT2S to PT1H");
    }

    @Test
    void unknownConnectionProperty_isRefused_pointingToTheUri() {
        assertThatThrownBy(() -> track(MigrationManager.builder()
                        .connection(ConnectionConfig.of("mongo", db.uri(), null, null).withProperties(Map.of("replicaSet", "rs0")))
                        .locations("filesystem:" + scripts)
                        .build()).migrate())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("in the URI");
    }
}

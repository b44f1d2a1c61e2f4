package dev.migrator.jdbc.internal.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MysqlServerTest {

    @ParameterizedTest
    @CsvSource({
        // version string,                      add last, add anywhere, drop
        "10.2.44-MariaDB,                       false,    false,        false",
        "10.3.39-MariaDB-1:10.3.39+maria~focal, true,     false,        false",
        "10.4.0-MariaDB,                        true,     true,         true",
        "10.11.6-MariaDB-1:10.11.6+maria~ubu2204, true,   true,         true",
        "5.7.44,                                false,    false,        false",
        "8.0.11,                                false,    false,        false",
        "8.0.12,                                true,     false,        false",
        "8.0.28,                                true,     false,        false",
        "8.0.29,                                true,     true,         true",
        "8.4.3,                                 true,     true,         true"
    })
    void instantOperations_followTheServerVersion(String version, boolean addLast, boolean addAnywhere, boolean drop) {
        MysqlServer server = MysqlServer.parse(version);

        assertThat(server.instantAddLast()).as("instant ADD COLUMN last on " + server).isEqualTo(addLast);
        assertThat(server.instantAddAnywhere()).as("instant ADD COLUMN FIRST/AFTER on " + server).isEqualTo(addAnywhere);
        assertThat(server.instantDrop()).as("instant DROP COLUMN on " + server).isEqualTo(drop);
    }
}

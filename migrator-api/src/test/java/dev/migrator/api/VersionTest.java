package dev.migrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void compare_numericPartByPart_notAsText() {
        assertThat(Version.parse("1.2.10")).isGreaterThan(Version.parse("1.2.9"));
        assertThat(Version.parse("10")).isGreaterThan(Version.parse("9"));
        assertThat(Version.parse("20250101120000")).isGreaterThan(Version.parse("20241231235959"));
    }

    @Test
    void equals_trailingZerosAndUnderscores_normalised() {
        assertThat(Version.parse("1.0")).isEqualTo(Version.parse("1")).hasSameHashCodeAs(Version.parse("1"));
        assertThat(Version.parse("1_2")).isEqualTo(Version.parse("1.2"));
        assertThat(Version.parse("1_2")).hasToString("1.2");
    }

    @Test
    void sort_mixedVersions_inNumericOrder() {
        List<Version> versions = new ArrayList<>(List.of(Version.parse("1.10"), Version.parse("1.2"), Version.parse("1.9.1"),
                Version.parse("2"), Version.parse("1")));
        Collections.sort(versions);
        assertThat(versions).extracting(Version::toString).containsExactly("1", "1.2", "1.9.1", "1.10", "2");
    }

    @Test
    void parse_malformed_throwsWithExample() {
        for (String bad : new String[] {"", "v1", "1..2", "1.", "abc", "1.2a", "-1", " "}) {
            assertThatThrownBy(() -> Version.parse(bad))
                    .isInstanceOf(VersionFormatException.class)
                    .hasMessageContaining("e.g. 1, 1.2.10")
                    .satisfies(e -> assertThat(((MigratorException) e).code()).isEqualTo(ErrorCode.INVALID_VERSION));
        }
    }

    @Test
    void connectionConfig_toString_masksPassword() {
        ConnectionConfig c = ConnectionConfig.of("core", "jdbc:postgresql://u:topsecret@h:5432/db?password=topsecret", "u", "topsecret");
        assertThat(c.toString()).doesNotContain("topsecret").contains("****");
        assertThat(c.maskedUrl()).isEqualTo("jdbc:postgresql://u:****@h:5432/db?password=****");
    }

    @Test
    void connectionConfig_poolMaxBelowMin_rejectedWithOptionName() {
        assertThatThrownBy(() -> ConnectionConfig.of("core", "jdbc:postgresql://h/db", "u", null).withPool(5, 2))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("poolMax is 2");
    }
}

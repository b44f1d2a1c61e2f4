package dev.migrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one duration rule of configuration files and the tools that take the same values. */
class MigratorConfigParseDurationTest {

    @Test
    void parseDuration_secondsShortFormsAndIso_allRead() {
        assertThat(MigratorConfig.parseDuration("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(MigratorConfig.parseDuration(" 250ms ")).isEqualTo(Duration.ofMillis(250));
        assertThat(MigratorConfig.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(MigratorConfig.parseDuration("5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(MigratorConfig.parseDuration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(MigratorConfig.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(MigratorConfig.parseDuration("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(MigratorConfig.parseDuration("pt30s")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void parseDuration_notADuration_namesTheTextAndTheFormsAccepted() {
        assertThatThrownBy(() -> MigratorConfig.parseDuration("9x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'9x' is not a duration; expected seconds (30), a number with ms, s, m, h, d or w (30s, 5m)"
                        + " or an ISO-8601 duration (PT30S, PT5M).");
    }

    @Test
    void parseDuration_tooLarge_isRefusedNotWrapped() {
        assertThatThrownBy(() -> MigratorConfig.parseDuration("99999999999999999999"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'99999999999999999999' is not");
        assertThatThrownBy(() -> MigratorConfig.parseDuration("1317624576693539402w"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

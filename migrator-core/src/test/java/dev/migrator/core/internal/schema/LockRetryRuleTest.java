package dev.migrator.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockRetryRuleTest {

    private static final LockRetryRule RULE = new LockRetryRule(Duration.ofSeconds(5), 5, Duration.ofSeconds(3));

    @Test
    void backoff_withoutJitter_doublesFromHalfASecondUpToTheCap() {
        assertThat(RULE.backoff(1, bound -> 0)).isEqualTo(Duration.ofMillis(500));
        assertThat(RULE.backoff(2, bound -> 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RULE.backoff(3, bound -> 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RULE.backoff(4, bound -> 0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(RULE.backoff(100, bound -> 0)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void backoff_jitterTakesAtMostHalfAway() {
        assertThat(RULE.backoff(2, bound -> bound - 1)).isEqualTo(Duration.ofMillis(500));
        assertThat(RULE.backoff(4, bound -> bound - 1)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void backoff_zeroCap_doesNotPause() {
        assertThat(new LockRetryRule(Duration.ofSeconds(1), 3, Duration.ZERO).backoff(1, bound -> bound - 1)).isZero();
    }

    @Test
    void enabled_onlyWithATimeout() {
        assertThat(RULE.enabled()).isTrue();
        assertThat(new LockRetryRule(Duration.ZERO, 5, Duration.ofSeconds(1)).enabled()).isFalse();
    }
}

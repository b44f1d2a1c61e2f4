package dev.migrator.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CiTest {

    @ParameterizedTest(name = "CI=''{0}'' is {1}")
    @CsvSource(nullValues = "(unset)", value = {
        "(unset), false",
        "'', false",
        "'  ', false",
        "false, false",
        "FALSE, false",
        "False, false",
        "' false ', false",
        "0, false",
        "true, true",
        "TRUE, true",
        "1, true",
        "yes, true",
        "on, true",
        "github-actions, true",
        "00, true"
    })
    void isOn_followsTheOneRule(String value, boolean on) {
        assertThat(Ci.isOn(value)).isEqualTo(on);
    }
}

package dev.migrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one place naming rules are written, on their boundaries. */
class IdentifierTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "_", "cli_dev", "Tenant_1", "_x9"})
    void plain_lettersDigitsUnderscoreNotStartingWithDigit_passes(String value) {
        assertThat(Identifier.plain(value).value()).isEqualTo(value);
        assertThat(Identifier.isPlain(value)).isTrue();
    }

    @Test
    void plain_63CharactersPass_64DoNot() {
        assertThat(Identifier.isPlain("a".repeat(63))).isTrue();
        assertThat(Identifier.isPlain("a".repeat(64))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "a-b", "a.b", "a b", "é", "a;drop", "a\"b"})
    void plain_otherCharacters_throwNamingTheRuleAndAnExample(String value) {
        assertThatThrownBy(() -> Identifier.plain(value))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("'" + value + "' is not a plain identifier: use a letter or '_' followed by up to 62 letters, "
                        + "digits or '_', e.g. cli_dev.");
        assertThat(Identifier.isPlain(value)).isFalse();
    }

    @Test
    void nullIsNoIdentifierOfAnyKind() {
        assertThat(Identifier.isPlain(null)).isFalse();
        assertThat(Identifier.isEnvironment(null)).isFalse();
        assertThat(Identifier.isLabel(null)).isFalse();
        assertThat(Identifier.isName(null, 10)).isFalse();
        assertThatThrownBy(() -> Identifier.environment(null)).isInstanceOf(InvalidIdentifierException.class);
    }

    /** The HTTP example used to accept only [a-z0-9_]{1,30}; the library accepts what MigrationSettings always did. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging_2", "Staging", "1", "abcdefghijklmnopqrstuvwxyz01234567890123"})
    void environment_oneToFortyLettersDigitsOrUnderscore_passes(String value) {
        assertThat(value.length()).isLessThanOrEqualTo(40);
        assertThat(Identifier.environment(value).kind()).isEqualTo(Identifier.Kind.ENVIRONMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Staging-1", "a.b", "abcdefghijklmnopqrstuvwxyz012345678901234"})
    void environment_otherwise_throwsNamingTheRule(String value) {
        assertThatThrownBy(() -> Identifier.environment(value))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("'" + value + "' is not an environment id: use 1 to 40 letters, digits or '_', e.g. staging_2.");
    }

    @Test
    void label_sameCharactersAsEnvironment_upTo40() {
        assertThat(Identifier.label("before_v42").toString()).isEqualTo("before_v42");
        assertThat(Identifier.isLabel("x".repeat(40))).isTrue();
        assertThat(Identifier.isLabel("x".repeat(41))).isFalse();
        assertThatThrownBy(() -> Identifier.label("a-b")).hasMessage("'a-b' is not a label: use 1 to 40 letters, digits or "
                + "'_', e.g. before_v42.");
    }

    @Test
    void name_allowsDotAndDash_upToItsLimit() {
        assertThat(Identifier.isName("import_tasks-2025.v1", 100)).isTrue();
        assertThat(Identifier.isName("x".repeat(60), 60)).isTrue();
        assertThat(Identifier.isName("x".repeat(61), 60)).isFalse();
        assertThat(Identifier.isName("", 60)).isFalse();
        assertThat(Identifier.isName("a/b", 60)).isFalse();
        assertThatThrownBy(() -> Identifier.name("a b", 60)).isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("'a b' is not a name: use 1 to 60 letters, digits, '_', '.' or '-', e.g. import_tasks_2025.");
    }

    @Test
    void equalByKindAndValue() {
        assertThat(Identifier.plain("dev")).isEqualTo(Identifier.plain("dev")).hasSameHashCodeAs(Identifier.plain("dev"));
        assertThat(Identifier.plain("dev")).isNotEqualTo(Identifier.environment("dev"));
    }

    /** The builders that validate names use the same rules: a value one rule refuses is refused with its old message. */
    @Test
    void apiBuilders_useTheRules() {
        assertThatThrownBy(() -> DataMigration.builder("a b"))
                .hasMessage("Data migration name 'a b' is not allowed; use 1 to 100 letters, digits, '_', '.' or '-', "
                        + "e.g. import_tasks_2025.");
        assertThatThrownBy(() -> ProjectCopy.builder("x".repeat(61)))
                .hasMessageStartingWith("Project name '" + "x".repeat(61) + "' is not allowed; use 1 to 60 letters");
        assertThat(ProjectCopy.builder("x".repeat(60))).isNotNull();
    }
}

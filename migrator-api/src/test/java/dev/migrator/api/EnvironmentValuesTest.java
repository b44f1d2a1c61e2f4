package dev.migrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EnvironmentValuesTest {

    private static final Function<String, String> NONE = name -> null;

    private static final String UNCLOSED = " has no closing '}'. Close it; to use the text '${' itself, put the value in"
            + " an environment variable and write ${NAME}: values from the environment are taken as they are.";

    @Test
    void expand_variablesAndDefaults_fromTheEnvironmentElseTheDefault() {
        Map<String, String> env = Map.of("DB_HOST", "db1", "EMPTY", "");
        assertThat(EnvironmentValues.expand("jdbc:postgresql://${DB_HOST:localhost}:${DB_PORT:5432}/${DB_NAME:}x",
                env::get)).isEqualTo("jdbc:postgresql://db1:5432/x");
        assertThat(EnvironmentValues.expand("[${EMPTY:fallback}]", env::get)).as("empty is set").isEqualTo("[]");
        assertThat(EnvironmentValues.expand("no expressions: $HOME {x} $ {", NONE)).isEqualTo("no expressions: $HOME {x} $ {");
        assertThat(EnvironmentValues.expand("${A:a:b}", NONE)).as("a ':' in a default is text").isEqualTo("a:b");
    }

    // Issue 16 item 10: ${A:${B:x}} became the literal text ${B:x} (it showed up as a user name in migrator info).
    @Test
    void expand_nestedDefault_innerExpandedOnlyWhenTheOuterVariableIsUnset() {
        String value = "${DB_USER:${APP_USER:postgres}}";
        assertThat(EnvironmentValues.expand(value, Map.of("APP_USER", "app")::get)).isEqualTo("app");
        assertThat(EnvironmentValues.expand(value, Map.of("DB_USER", "deploy", "APP_USER", "app")::get)).isEqualTo("deploy");
        assertThat(EnvironmentValues.expand(value, NONE)).isEqualTo("postgres");
        // The inner variable is needed only when the outer one is unset.
        assertThat(EnvironmentValues.expand("${DB_USER:${APP_USER}}", Map.of("DB_USER", "deploy")::get)).isEqualTo("deploy");
        assertThat(EnvironmentValues.expand("${A:${B:${C:${D:deep}}}}-${E:e}", NONE)).isEqualTo("deep-e");
    }

    @Test
    void expand_valueFromTheEnvironment_isTakenAsItIsNeverExpandedAgain() {
        assertThat(EnvironmentValues.expand("${DB_PASSWORD}", Map.of("DB_PASSWORD", "p${ss:x}${")::get))
                .isEqualTo("p${ss:x}${");
    }

    @Test
    void expand_unsetVariableWithoutDefault_throwsSayingWhatToWrite() {
        assertThatThrownBy(() -> EnvironmentValues.expand("${DB_USER:${APP_USER}}", NONE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("environment variable APP_USER is not set and has no default. Set it, or write"
                        + " ${APP_USER:default}.");
    }

    @Test
    void expand_unclosedExpression_throwsShowingIt_evenWhenItsVariableIsSet() {
        Map<String, String> env = Map.of("DB_USER", "deploy", "APP_USER", "app");
        assertThatThrownBy(() -> EnvironmentValues.expand("x ${DB_USER:${APP_USER}", env::get))
                .isInstanceOf(ConfigurationException.class).hasMessage("'${DB_USER:${APP_USER}'" + UNCLOSED);
        assertThatThrownBy(() -> EnvironmentValues.expand("${DB_USER", env::get)).hasMessage("'${DB_USER'" + UNCLOSED);
        assertThatThrownBy(() -> EnvironmentValues.expand("a${", env::get)).hasMessage("'${'" + UNCLOSED);
    }

    @Test
    void expand_invalidOrEmptyName_throwsShowingTheExpression() {
        assertThatThrownBy(() -> EnvironmentValues.expand("jdbc:postgresql://${DB_HOST/app}", NONE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("'${DB_HOST/' is not ${NAME} or ${NAME:default} (NAME: letters, digits or '_', not starting"
                        + " with a digit). To use the text '${' itself, put the value in an environment variable and"
                        + " write ${NAME}: values from the environment are taken as they are.");
        assertThatThrownBy(() -> EnvironmentValues.expand("${1ABC}", NONE)).hasMessageStartingWith("'${1' is not ${NAME}");
        for (String expression : List.of("${}", "${:x}", "${A:${}}")) {
            assertThatThrownBy(() -> EnvironmentValues.expand("deploy-" + expression, NONE))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("'" + expression + "' has no variable name. Write ${NAME} or ${NAME:default}, NAME being"
                            + " letters, digits or '_', not starting with a digit.");
        }
    }

    @Test
    void expand_nestingDeeperThanFour_throws_fourIsAllowed() {
        assertThat(EnvironmentValues.MAX_DEPTH).isEqualTo(4);
        assertThat(EnvironmentValues.expand("${A:${B:${C:${D:x}}}}", NONE)).isEqualTo("x");
        assertThatThrownBy(() -> EnvironmentValues.expand("${A:${B:${C:${D:${E:x}}}}}", Map.of("A", "a")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("'${A:${B:${C:${D:${E:x}}}}}' nests defaults more than 4 deep. Use at most 4 levels, e.g."
                        + " ${A:${B:${C:${D:x}}}}.");
    }

    // A hostile value cannot exhaust the stack or flood the message: the depth is checked before each level is parsed
    // and the expression shown is cut at 80 characters.
    @Test
    void expand_hundredThousandNestedDefaults_throwTheDepthErrorShortened() {
        String value = "${A:".repeat(100_000) + "x" + "}".repeat(100_000);
        assertThatThrownBy(() -> EnvironmentValues.expand(value, NONE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("'" + "${A:".repeat(20) + "...' nests defaults more than 4 deep. Use at most 4 levels, e.g."
                        + " ${A:${B:${C:${D:x}}}}.");
        assertThatThrownBy(() -> EnvironmentValues.expand("${" + "A".repeat(1_000), NONE))
                .hasMessage("'${" + "A".repeat(78) + "...'" + UNCLOSED);
    }

    @Test
    void check_reportsMalformedExpressionsWithoutAskingForVariables() {
        assertThatCode(() -> EnvironmentValues.check("${UNSET_EVERYWHERE}/${A:${B}}")).doesNotThrowAnyException();
        assertThatThrownBy(() -> EnvironmentValues.check("${A:${B}"))
                .isInstanceOf(ConfigurationException.class).hasMessage("'${A:${B}'" + UNCLOSED);
    }

    @Test
    void maxConfigFileBytes_isOneMebibyte() {
        assertThat(EnvironmentValues.MAX_CONFIG_FILE_BYTES).isEqualTo(1_048_576L);
    }
}

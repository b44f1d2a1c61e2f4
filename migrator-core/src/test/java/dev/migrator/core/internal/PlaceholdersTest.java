package dev.migrator.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ScriptParseException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void substitute_knownPlaceholders_replaced() {
        assertThat(Placeholders.substitute("CREATE TABLE ${schema}.t_${environment} (owner text default '${owner}')",
                Map.of("schema", "cli_dev", "environment", "dev", "owner", "app"), "V1__t.sql"))
                .isEqualTo("CREATE TABLE cli_dev.t_dev (owner text default 'app')");
    }

    @Test
    void substitute_unknownPlaceholder_throwsNamingScriptLineAndKey() {
        assertThatThrownBy(() -> Placeholders.substitute("SELECT 1;\nSELECT '${nope}';", Map.of("schema", "s"), "V2__x.sql"))
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("V2__x.sql line 2")
                .hasMessageContaining("${nope}")
                .hasMessageContaining("placeholder(\"nope\", value)");
    }

    @Test
    void substitute_textWithoutPlaceholderSyntax_unchanged() {
        String text = "SELECT '${ not a key }', '${', '$1', $$body$$;";
        assertThat(Placeholders.substitute(text, Map.of(), "V1__x.sql")).isEqualTo(text);
    }
}

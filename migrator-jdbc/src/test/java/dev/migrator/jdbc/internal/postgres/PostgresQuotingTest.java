package dev.migrator.jdbc.internal.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.InvalidIdentifierException;
import org.junit.jupiter.api.Test;

/** PostgreSQL's one quoting rule: catalog names are escaped, configured names are refused unless plain. */
class PostgresQuotingTest {

    @Test
    void quoteIdentifier_embeddedQuote_isDoubledAndStaysInsideTheIdentifier() {
        assertThat(PostgresDialect.quoteIdentifier("a\"; DROP TABLE t; --"))
                .isEqualTo("\"a\"\"; DROP TABLE t; --\"");
        assertThat(PostgresDialect.quoteIdentifier("order date")).isEqualTo("\"order date\"");
    }

    @Test
    void tableDataQuote_catalogName_usesTheDialectsRule() {
        String name = "weird\"name`x";
        assertThat(new PostgresData().quote(name)).isEqualTo("\"weird\"\"name`x\"");
    }

    @Test
    void dialectQuote_plainName_quotesWithTheSameRule() {
        assertThat(new PostgresDialect().quote("MixedCase")).isEqualTo(PostgresDialect.quoteIdentifier("MixedCase"));
    }

    @Test
    void dialectQuote_nameWithQuote_isRefusedNotEscaped() {
        assertThatThrownBy(() -> new PostgresDialect().quote("a\"b"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Invalid identifier name 'a\"b'");
    }
}

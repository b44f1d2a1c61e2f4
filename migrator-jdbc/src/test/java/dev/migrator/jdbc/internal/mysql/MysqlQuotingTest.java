package dev.migrator.jdbc.internal.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.InvalidIdentifierException;
import org.junit.jupiter.api.Test;

/** MySQL and MariaDB's one quoting rule: catalog names are escaped, configured names are refused unless plain. */
class MysqlQuotingTest {

    @Test
    void quoteIdentifier_embeddedQuote_isDoubledAndStaysInsideTheIdentifier() {
        assertThat(MysqlDialect.quoteIdentifier("a`; DROP TABLE t; --"))
                .isEqualTo("`a``; DROP TABLE t; --`");
        assertThat(MysqlDialect.quoteIdentifier("order date")).isEqualTo("`order date`");
    }

    @Test
    void tableDataQuote_catalogName_usesTheDialectsRule() {
        String name = "weird\"name`x";
        assertThat(new MysqlData().quote(name)).isEqualTo("`weird\"name``x`");
    }

    @Test
    void dialectQuote_plainName_quotesWithTheSameRule() {
        assertThat(new MysqlDialect().quote("MixedCase")).isEqualTo(MysqlDialect.quoteIdentifier("MixedCase"));
    }

    @Test
    void dialectQuote_nameWithQuote_isRefusedNotEscaped() {
        assertThatThrownBy(() -> new MysqlDialect().quote("a`b"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Invalid identifier name 'a`b'");
    }
}

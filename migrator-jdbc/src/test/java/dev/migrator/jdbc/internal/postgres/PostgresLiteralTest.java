package dev.migrator.jdbc.internal.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabases;
import dev.migrator.spi.ValueKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The string literals PostgreSQL statements carry (scripts' placeholders, native-copy key bounds) read back as the value
 * they were written from, on a real server, with {@code standard_conforming_strings} on (native copies run only then)
 * and, for the dialect's literal, off.
 */
class PostgresLiteralTest {

    private static final List<String> VALUES = List.of("plain", "it's", "a\\b", "end\\", "\\'; SELECT 1; --", "é ü 中");

    @Test
    void keyLiteral_string_readsBackAsTheKey() throws Exception {
        try (Connection c = TestDatabases.postgres().connect(); Statement s = c.createStatement()) {
            s.execute("SET standard_conforming_strings = on");
            for (String value : VALUES) {
                assertThat(selectText(s, PostgresCopyText.literal(value, ValueKind.STRING))).isEqualTo(value);
            }
        }
    }

    @Test
    void dialectLiteral_eitherStringSetting_readsBackAsTheValue() throws Exception {
        try (Connection c = TestDatabases.postgres().connect(); Statement s = c.createStatement()) {
            for (String setting : List.of("on", "off")) {
                s.execute("SET standard_conforming_strings = " + setting);
                for (String value : VALUES) {
                    assertThat(selectText(s, new PostgresDialect().literal(value))).as(setting).isEqualTo(value);
                }
            }
        }
    }

    @Test
    void keyLiteral_nulCharacter_isNotWritten() {
        assertThat(PostgresCopyText.literal("a\0b", ValueKind.STRING)).isNull();
    }

    private static String selectText(Statement s, String literal) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT CAST(" + literal + " AS text)")) {
            rs.next();
            return rs.getString(1);
        }
    }
}

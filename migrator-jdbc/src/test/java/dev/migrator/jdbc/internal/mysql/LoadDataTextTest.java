package dev.migrator.jdbc.internal.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The text of every value kind as LOAD DATA reads it; the real server's reading is MariaDbLoadDataTest's. */
class LoadDataTextTest {

    private static String field(Object value, ValueKind kind, String type) {
        LoadDataText text = new LoadDataText(4);
        text.value(value, ColumnInfo.of("c", type, kind));
        return new String(text.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void value_eachKind_isTheTextTheInsertPathBinds() {
        assertThat(field(null, ValueKind.STRING, "text")).isEqualTo("\\N");
        assertThat(field(Long.MIN_VALUE, ValueKind.INTEGER, "bigint")).isEqualTo("-9223372036854775808");
        assertThat(field(7, ValueKind.INTEGER, "int")).isEqualTo("7");
        assertThat(field(new BigDecimal("1E+3"), ValueKind.DECIMAL, "decimal(10,2)")).isEqualTo("1000");
        assertThat(field(new BigDecimal("-0.000000000123456789012345678901"), ValueKind.DECIMAL, "decimal(40,30)"))
                .isEqualTo("-0.000000000123456789012345678901");
        assertThat(field(2.5e300, ValueKind.FLOAT, "double")).isEqualTo("2.5E300");
        assertThat(field(-0.25, ValueKind.FLOAT, "double")).isEqualTo("-0.25");
        assertThat(field(true, ValueKind.BOOLEAN, "bit(1)")).isEqualTo("1");
        assertThat(field(false, ValueKind.BOOLEAN, "tinyint(1)")).isEqualTo("0");
        assertThat(field(new byte[] {0x00, 0x09, 0x0A, 0x5C, (byte) 0xFF}, ValueKind.BINARY, "blob")).isEqualTo("00090a5cff");
        assertThat(field(new byte[0], ValueKind.BINARY, "blob")).isEmpty();
        assertThat(field(LocalDate.of(2024, 2, 29), ValueKind.DATE, "date")).isEqualTo("2024-02-29");
        assertThat(field(LocalDateTime.of(2024, 2, 29, 1, 2, 3), ValueKind.TIMESTAMP, "datetime")).isEqualTo("2024-02-29 01:02:03");
        assertThat(field(LocalDateTime.of(2024, 2, 29, 1, 2, 3, 450_000_000), ValueKind.TIMESTAMP, "datetime(6)"))
                .isEqualTo("2024-02-29 01:02:03.45");
        assertThat(field(OffsetDateTime.of(2024, 3, 1, 1, 30, 0, 123_000, ZoneOffset.ofHours(5)), ValueKind.TIMESTAMP_TZ,
                "timestamp(6)")).isEqualTo("2024-02-29 20:30:00.000123");
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(field(id, ValueKind.UUID, "uuid")).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(field(id, ValueKind.STRING, "char(36)")).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(field("{\"a\": \"x\\ty\"}", ValueKind.JSON, "json")).isEqualTo("{\"a\": \"x\\\\ty\"}");
        assertThat(field("838:59:59", ValueKind.OTHER, "time")).isEqualTo("838:59:59");
    }

    @Test
    void text_escapesTheFiveBytesThatLoadDataReads_andEncodesUtf8() {
        assertThat(field("a\tb\nc\\d\0e\rf", ValueKind.STRING, "text")).isEqualTo("a\\tb\\nc\\\\d\\0e\\rf");
        assertThat(field("\\N", ValueKind.STRING, "text")).as("text that looks like NULL stays text").isEqualTo("\\\\N");
        assertThat(field("", ValueKind.STRING, "text")).isEmpty();
        String unicode = "\u00e9\u4e2d\ud83d\ude00";
        assertThat(field(unicode, ValueKind.STRING, "text").getBytes(StandardCharsets.UTF_8))
                .isEqualTo(unicode.getBytes(StandardCharsets.UTF_8));
        assertThat(field("x\ud800y", ValueKind.STRING, "text")).as("an unpaired surrogate, as String.getBytes").isEqualTo("x?y");
        String escapes = "\\".repeat(1000) + "\t".repeat(1000);
        assertThat(field(escapes, ValueKind.STRING, "text")).isEqualTo("\\\\".repeat(1000) + "\\t".repeat(1000));
    }

    @Test
    void value_notFiniteDouble_isRefusedRatherThanStoredAsZero() {
        assertThatThrownBy(() -> field(Double.NaN, ValueKind.FLOAT, "double")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'NaN' is not a value MySQL or MariaDB can store in column c (double).");
    }

    @Test
    void stream_manyRows_givesEveryRowOnceInOrder_andKeepsTheRowsFailure() throws IOException {
        List<ColumnInfo> columns = List.of(ColumnInfo.of("id", "bigint", ValueKind.INTEGER), ColumnInfo.of("s", "text", ValueKind.STRING));
        List<Object[]> rows = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (long i = 0; i < 30_000; i++) {
            rows.add(new Object[] {i, "r" + i});
            expected.append(i).append("\tr").append(i).append('\n');
        }
        LoadDataStream stream = new LoadDataStream(rows.iterator(), columns);
        assertThat(new String(stream.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(stream.rows()).isEqualTo(30_000);

        Iterator<Object[]> failing = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object[] next() {
                if (++i == 5) {
                    throw new IllegalStateException("corrupt");
                }
                return new Object[] {(long) i, "x"};
            }
        };
        LoadDataStream broken = new LoadDataStream(failing, columns);
        assertThatThrownBy(() -> broken.read(new byte[100], 0, 100)).isInstanceOf(IOException.class)
                .hasRootCauseMessage("corrupt");
        assertThat(broken.failure()).hasMessage("corrupt");
    }
}

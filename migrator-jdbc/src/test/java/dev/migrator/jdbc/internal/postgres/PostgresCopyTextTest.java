package dev.migrator.jdbc.internal.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresCopyTextTest {

    /** The COPY text of one row as the String path sends it: UTF-8 bytes of the line (read back as text to compare). */
    private static String viaStrings(Object[] row, List<ColumnInfo> columns) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            PostgresCopyText.copyValue(line, row[i], columns.get(i).kind(), columns.get(i).elementKind());
        }
        return new String(line.append('\n').toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static String viaBytes(Object[] row, List<ColumnInfo> columns) {
        PostgresCopyText.RowBytes out = new PostgresCopyText.RowBytes();
        out.row(row, columns);
        return new String(out.bytes(), 0, out.length(), StandardCharsets.UTF_8);
    }

    private static ColumnInfo col(ValueKind kind) {
        return ColumnInfo.of("c", kind.name().toLowerCase(), kind);
    }

    @Test
    void rowBytes_writeWhatTheStringPathWrites_escapesUnicodeAndEveryKind() {
        List<ColumnInfo> columns = List.of(col(ValueKind.INTEGER), col(ValueKind.INTEGER), col(ValueKind.STRING),
                col(ValueKind.STRING), col(ValueKind.DECIMAL), col(ValueKind.BOOLEAN), col(ValueKind.BINARY),
                col(ValueKind.UUID), col(ValueKind.DATE), col(ValueKind.JSON), col(ValueKind.FLOAT),
                new ColumnInfo("a", "text[]", ValueKind.ARRAY, ValueKind.STRING), col(ValueKind.TIMESTAMP_TZ));
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {Long.MIN_VALUE, new BigInteger("123456789012345678901234567890"), "tab\there\\ new\nline\r",
                "é ü € 𝄞 \uD800 end", new BigDecimal("-12.50"), true, new byte[] {0, 15, -1}, UUID.randomUUID(),
                LocalDate.of(2024, 2, 29), "{\"a\": \"x\\ty\"}", 1.5e-7, List.of("a\"b", "c\\d"),
                OffsetDateTime.of(2024, 5, 1, 10, 0, 1, 123_000_000, ZoneOffset.ofHours(2))});
        rows.add(new Object[] {0L, -7L, "", null, BigDecimal.ZERO, false, new byte[0], null, null, null, null, null,
                OffsetDateTime.of(99, 12, 31, 23, 59, 59, 1, ZoneOffset.UTC)});
        rows.add(new Object[] {Long.MAX_VALUE, 42, "x".repeat(70_000), "ü".repeat(40_000), null, null, null, null, null,
                null, null, List.of(), null});
        for (Object[] row : rows) {
            assertThat(viaBytes(row, columns)).isEqualTo(viaStrings(row, columns));
        }
    }

    @Test
    void rowBytes_timestampsWithoutSeconds_writeThemAsZero_yearsBeyondFourDigits_asJavaDoes() {
        List<ColumnInfo> columns = List.of(col(ValueKind.TIMESTAMP_TZ), col(ValueKind.TIMESTAMP), col(ValueKind.TIMESTAMP_TZ));
        Object[] row = {OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 0, ZoneOffset.UTC), LocalDateTime.of(1999, 1, 2, 3, 4),
                OffsetDateTime.of(12345, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(-3, -30))};

        assertThat(viaBytes(row, columns)).isEqualTo("2024-05-01T10:00:00Z\t1999-01-02T03:04:00\t+12345-01-01T00:00-03:30\n");
    }
}

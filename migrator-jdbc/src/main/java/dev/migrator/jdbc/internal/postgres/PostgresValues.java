package dev.migrator.jdbc.internal.postgres;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A PostgreSQL column's value as the kind's Java value (arrays element by element); see {@link ValueKind}. Integers,
 * floats and booleans are read by {@link PostgresData} itself.
 */
final class PostgresValues {

    private PostgresValues() {}

    static Object read(ResultSet rs, int i, ColumnInfo column) throws SQLException {
        return switch (column.kind()) {
            case DECIMAL -> rs.getBigDecimal(i);
            case BINARY -> rs.getBytes(i);
            case DATE -> rs.getObject(i, LocalDate.class);
            case TIME -> rs.getObject(i, LocalTime.class);
            case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMP_TZ -> {
                OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
                yield v == null ? null : v.withOffsetSameInstant(ZoneOffset.UTC);
            }
            case UUID -> rs.getObject(i, UUID.class);
            case ARRAY -> {
                Array a = rs.getArray(i);
                if (a == null) {
                    yield null;
                }
                try {
                    Object[] values = (Object[]) a.getArray();
                    List<Object> list = new ArrayList<>(values.length);
                    for (Object v : values) {
                        list.add(element(v, column.elementKind()));
                    }
                    yield list;
                } finally {
                    a.free();
                }
            }
            // INTEGER, FLOAT and BOOLEAN are read by PostgresData with TableData's null-aware readers.
            default -> rs.getString(i);
        };
    }

    private static Object element(Object v, ValueKind kind) {
        if (v == null) {
            return null;
        }
        return switch (kind) {
            case INTEGER -> ((Number) v).longValue();
            case FLOAT -> ((Number) v).doubleValue();
            case DECIMAL -> v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
            case BOOLEAN -> (Boolean) v;
            case BINARY -> (byte[]) v;
            case DATE -> v instanceof java.sql.Date d ? d.toLocalDate() : LocalDate.parse(v.toString());
            case TIME -> v instanceof java.sql.Time t ? t.toLocalTime() : LocalTime.parse(v.toString());
            case TIMESTAMP -> v instanceof java.sql.Timestamp t ? t.toLocalDateTime() : LocalDateTime.parse(v.toString());
            case TIMESTAMP_TZ -> v instanceof java.sql.Timestamp t ? t.toInstant().atOffset(ZoneOffset.UTC)
                    : OffsetDateTime.parse(v.toString());
            case UUID -> v instanceof UUID u ? u : UUID.fromString(v.toString());
            default -> v.toString();
        };
    }
}

package dev.migrator.core.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CoercionTest {

    private static final ColumnInfo ID = ColumnInfo.of("id", "bigint", ValueKind.INTEGER);

    @Test
    void to_integer_takesWholeDecimalsAndText() {
        assertThat(Coercion.to(ID, new BigDecimal("42.000"))).isEqualTo(42L);
        assertThat(Coercion.to(ID, "1e3")).isEqualTo(1000L);
        assertThat(Coercion.to(ID, "18446744073709551615")).isEqualTo(new BigInteger("18446744073709551615"));
    }

    // Seen with JsonRecordReaderFuzzTest's decimals: JSON files may hold 1e999999999, which the reader accepts;
    // converting it for an integer column expanded a billion digits.
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void to_integerWithAHugeExponent_isRefusedAtOnce() {
        assertThatThrownBy(() -> Coercion.to(ID, new BigDecimal("1e999999999")))
                .isInstanceOf(Coercion.ConversionException.class)
                .hasMessage("field 'id' has the value 1E+999999999, which cannot be converted to bigint (integer)");
    }
}

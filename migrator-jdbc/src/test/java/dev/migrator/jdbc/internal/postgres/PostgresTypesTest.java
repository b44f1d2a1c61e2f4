package dev.migrator.jdbc.internal.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "character varying(20) | VARCHAR(40)          | true",
        "character varying(20) | varchar(20)          | true",
        "character varying(20) | character varying    | true",
        "character varying(20) | TEXT                 | true",
        "text                  | varchar              | true",
        "character varying(20) | VARCHAR(10)          | false",
        "text                  | varchar(10)          | false",
        "numeric(10,2)         | NUMERIC(12, 2)       | true",
        "numeric(10,2)         | numeric              | true",
        "numeric(10,2)         | numeric(12,3)        | false",
        "integer               | BIGINT               | false",
        "integer               | int4                 | true",
        "timestamp without time zone | timestamptz    | false"
    })
    void binaryCoercible_onlyForChangesThatKeepEveryValue(String from, String to, boolean expected) {
        assertThat(PostgresTypes.binaryCoercible(from, to)).as(from + " -> " + to).isEqualTo(expected);
    }
}

package dev.migrator.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.jdbc.internal.mysql.MysqlDialect;
import dev.migrator.jdbc.internal.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

class JdbcUrlTest {

    @Test
    void parse_postgresUrl_readsHostPortAndDatabase() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://db.example:6543/app?ssl=true&password=secret");
        assertThat(url.family()).isEqualTo("postgresql");
        assertThat(url.hostAndPort()).isEqualTo("db.example:6543");
        assertThat(url.database()).isEqualTo("app");
        assertThat(url.driverUrl()).isEqualTo("jdbc:postgresql://db.example:6543/app?ssl=true&password=secret");
    }

    @Test
    void parse_defaultsPortAndHost() {
        assertThat(JdbcUrl.parse("jdbc:postgresql://db/app").hostAndPort()).isEqualTo("db:5432");
        assertThat(JdbcUrl.parse("jdbc:mysql://db").hostAndPort()).isEqualTo("db:3306");
        JdbcUrl bare = JdbcUrl.parse("jdbc:postgresql:app");
        assertThat(bare.hostAndPort()).isEqualTo("localhost:5432");
        assertThat(bare.database()).isEqualTo("app");
    }

    @Test
    void parse_mariadbScheme_isRewrittenForConnectorJ() {
        JdbcUrl url = JdbcUrl.parse("jdbc:mariadb://maria:3307/shop?useSSL=false");
        assertThat(url.family()).isEqualTo("mysql");
        assertThat(url.mariadbScheme()).isTrue();
        assertThat(url.driverUrl()).isEqualTo("jdbc:mysql://maria:3307/shop?useSSL=false");
        assertThat(url.hostAndPort()).isEqualTo("maria:3307");
        assertThat(url.database()).isEqualTo("shop");
    }

    @Test
    void parse_credentialsInUrl_neverReachHost() {
        JdbcUrl url = JdbcUrl.parse("jdbc:mysql://app:s3cret@db:3306/shop");
        assertThat(url.hostAndPort()).isEqualTo("db:3306");
    }

    @Test
    void parse_userInfo_takenOutOfDriverUrlAndDecoded() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://app:p%40ss:word@db.example:6432/app?sslmode=disable");
        assertThat(url.driverUrl()).isEqualTo("jdbc:postgresql://db.example:6432/app?sslmode=disable");
        assertThat(url.userInfoUser()).isEqualTo("app");
        assertThat(url.userInfoPassword()).isEqualTo("p@ss:word");
        assertThat(url.toString()).doesNotContain("p@ss");
        assertThat(JdbcUrl.parse("jdbc:mariadb://root@h/db").driverUrl()).isEqualTo("jdbc:mysql://h/db");
    }

    @Test
    void parse_multipleHostsAndIpv6_useFirstHost() {
        assertThat(JdbcUrl.parse("jdbc:postgresql://h1:5433,h2:5434/app").hostAndPort()).isEqualTo("h1:5433");
        assertThat(JdbcUrl.parse("jdbc:postgresql://[::1]:5439/app").hostAndPort()).isEqualTo("[::1]:5439");
    }

    @Test
    void isSupported_matchesOnlyOwnSchemes() {
        assertThat(JdbcUrl.isSupported("JDBC:PostgreSQL://h/db")).isTrue();
        assertThat(JdbcUrl.isSupported("jdbc:h2:mem:x")).isFalse();
        assertThat(JdbcUrl.isSupported(null)).isFalse();
    }

    @Test
    void identifiers_plainNamesPassAndOthersAreRejected() {
        assertThat(Identifiers.isPlain("_a1")).isTrue();
        assertThat(Identifiers.isPlain("a".repeat(63))).isTrue();
        assertThat(Identifiers.isPlain("a".repeat(64))).isFalse();
        assertThat(Identifiers.isPlain("é")).isFalse();
        assertThat(new PostgresDialect().quote("MixedCase")).isEqualTo("\"MixedCase\"");
        assertThat(new MysqlDialect().quote("t_1")).isEqualTo("`t_1`");
        assertThatThrownBy(() -> new PostgresDialect().quote("a\"b"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("Invalid identifier name 'a\"b': use " + Identifiers.RULE
                        + ", e.g. app or cli_dev. It is never concatenated into SQL unchecked.");
    }

    @Test
    void lockHash_isStableAndScopedBySchemaAndTable() {
        long a = Dialect.lockHash("db", "s1", "migrator_history");
        assertThat(Dialect.lockHash("db", "s1", "migrator_history")).isEqualTo(a);
        assertThat(Dialect.lockHash("db", "s2", "migrator_history")).isNotEqualTo(a);
        assertThat(Dialect.lockHash("db", "s1", "other")).isNotEqualTo(a);
        assertThat((String) new MysqlDialect().lockSql("mysql", "s1", "migrator_history").key())
                .startsWith("migrator_")
                .hasSizeLessThanOrEqualTo(64);
    }
}

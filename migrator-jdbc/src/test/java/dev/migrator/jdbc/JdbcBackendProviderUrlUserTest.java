package dev.migrator.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who "installed by" names when the user is only in a JDBC URL: its user-info part, else its user= parameter. */
class JdbcBackendProviderUrlUserTest {

    private final JdbcBackendProvider provider = new JdbcBackendProvider();

    @Test
    void userOfAUrlWithCredentials_isTheUserWithoutThePassword() {
        assertThat(provider.urlUser("jdbc:postgresql://deploy%40corp:pw@localhost:5432/app")).contains("deploy@corp");
    }

    @Test
    void userParameterOfAJdbcUrl_isTheUser() {
        assertThat(provider.urlUser("jdbc:mysql://localhost:3306/app?user=root")).contains("root");
        assertThat(provider.urlUser("jdbc:postgresql://localhost/app?ssl=true&user=deploy%40corp&password=pw"))
                .contains("deploy@corp");
        assertThat(provider.urlUser("jdbc:postgresql://localhost/app?username=other")).isEmpty();
        assertThat(provider.urlUser("jdbc:postgresql://localhost/app?user=")).isEmpty();
    }

    @Test
    void urlWithoutCredentials_hasNoUser() {
        assertThat(provider.urlUser("jdbc:postgresql://localhost:5432/app")).isEmpty();
        assertThat(provider.urlUser(null)).isEmpty();
    }
}

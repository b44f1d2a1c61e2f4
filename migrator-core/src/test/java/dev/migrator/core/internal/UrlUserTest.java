package dev.migrator.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who "installed by" names when the user is only in the URL. */
class UrlUserTest {

    @Test
    void userOfAUrlWithCredentials_isTheUserWithoutThePassword() {
        assertThat(Connections.urlUser("mongodb://app:s3cret@db1:27017,db2:27017/shop?replicaSet=rs0")).isEqualTo("app");
        assertThat(Connections.urlUser("jdbc:postgresql://deploy%40corp:pw@localhost:5432/app")).isEqualTo("deploy@corp");
        assertThat(Connections.urlUser("mongodb+srv://reader@cluster0.example.net/app")).isEqualTo("reader");
    }

    @Test
    void userParameterOfAJdbcUrl_isTheUser() {
        assertThat(Connections.urlUser("jdbc:mysql://localhost:3306/app?user=root")).isEqualTo("root");
        assertThat(Connections.urlUser("jdbc:postgresql://localhost/app?ssl=true&user=deploy%40corp&password=pw")).isEqualTo("deploy@corp");
        assertThat(Connections.urlUser("jdbc:postgresql://localhost/app?username=other")).isNull();
        assertThat(Connections.urlUser("jdbc:postgresql://localhost/app?user=")).isNull();
    }

    @Test
    void urlWithoutCredentials_hasNoUser() {
        assertThat(Connections.urlUser("jdbc:postgresql://localhost:5432/app")).isNull();
        assertThat(Connections.urlUser("mongodb://localhost/app?appName=a@b")).isNull();
        assertThat(Connections.urlUser(null)).isNull();
    }
}

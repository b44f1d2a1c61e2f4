package dev.migrator.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.ConnectionConfig;
import org.junit.jupiter.api.Test;

/** Who "installed by" names when the user is only in the URL: the default reads the URL's user-info part. */
class BackendProviderUrlUserTest {

    private final BackendProvider provider = new BackendProvider() {
        @Override
        public String name() {
            return "any";
        }

        @Override
        public boolean supports(ConnectionConfig config) {
            return true;
        }

        @Override
        public Backend open(ConnectionConfig config) {
            throw new UnsupportedOperationException("not opened in this test");
        }
    };

    @Test
    void userOfAUrlWithCredentials_isTheUserWithoutThePassword() {
        assertThat(provider.urlUser("mongodb://app:s3cret@db1:27017,db2:27017/shop?replicaSet=rs0")).contains("app");
        assertThat(provider.urlUser("jdbc:postgresql://deploy%40corp:pw@localhost:5432/app")).contains("deploy@corp");
        assertThat(provider.urlUser("mongodb+srv://reader@cluster0.example.net/app")).contains("reader");
    }

    @Test
    void urlWithoutCredentials_hasNoUser() {
        assertThat(provider.urlUser("jdbc:postgresql://localhost:5432/app")).isEmpty();
        assertThat(provider.urlUser("mongodb://localhost/app?appName=a@b")).isEmpty();
        assertThat(provider.urlUser(null)).isEmpty();
    }

    @Test
    void userParameter_isNotReadByTheDefault() {
        assertThat(provider.urlUser("jdbc:mysql://localhost:3306/app?user=root")).isEmpty();
    }
}

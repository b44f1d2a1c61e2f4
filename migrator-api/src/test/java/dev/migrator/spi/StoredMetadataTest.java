package dev.migrator.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataScope;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one reading of a stored scope and checksum that every metadata store shares. */
class StoredMetadataTest {

    @Test
    void scope_eitherWordInAnyCaseAndPadding_orSystemWhenNoneStored() {
        assertThat(StoredMetadata.scope("user")).isEqualTo(MetadataScope.USER);
        assertThat(StoredMetadata.scope("SYSTEM")).isEqualTo(MetadataScope.SYSTEM);
        assertThat(StoredMetadata.scope(" User ")).isEqualTo(MetadataScope.USER);
        assertThat(StoredMetadata.scope(null)).isEqualTo(MetadataScope.SYSTEM);
    }

    @Test
    void scope_anotherWord_isRefusedShowingItAndTheAllowedOnes() {
        assertThatThrownBy(() -> StoredMetadata.scope("admin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scope is 'admin'; expected system or user");
        assertThatThrownBy(() -> StoredMetadata.scope(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksum_storedOneStripped_orTheBodysWhenNoneOrBlank() {
        Map<String, Object> body = Map.of("label", "Customers");
        String computed = MetadataItem.checksumOf(body);

        assertThat(StoredMetadata.checksum("abc ", body)).isEqualTo("abc");
        assertThat(StoredMetadata.checksum(null, body)).isEqualTo(computed);
        assertThat(StoredMetadata.checksum("   ", body)).isEqualTo(computed);
    }
}

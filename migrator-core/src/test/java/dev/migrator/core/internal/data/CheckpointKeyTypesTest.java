package dev.migrator.core.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A checkpoint's key of a backend's own type is rebuilt by that backend, never by reflection in the engine. */
class CheckpointKeyTypesTest {

    /** Stands for a driver's key type, e.g. MongoDB's ObjectId: rebuilt from its toString() text. */
    record DriverId(String hex) {
        @Override
        public String toString() {
            return hex;
        }
    }

    private static final Checkpoint.KeyTypes DRIVER = (type, text) ->
            type.equals(DriverId.class.getName()) ? Optional.of(new DriverId(text)) : Optional.empty();

    private static String stored(Object key) {
        Checkpoint cp = new Checkpoint();
        cp.position = 3;
        cp.after = new Object[] {key};
        return cp.toJson();
    }

    @Test
    void fromJson_keyOfTheBackendsOwnType_isRebuiltByTheBackend() {
        Checkpoint read = Checkpoint.fromJson(stored(new DriverId("65a1f0c2")), "m", DRIVER);

        assertThat(read.after).containsExactly(new DriverId("65a1f0c2"));
        assertThat(read.copy("m").after).as("a copy keeps the backend's key types").containsExactly(new DriverId("65a1f0c2"));
    }

    @Test
    void fromJson_keyOfAnUnknownType_isRefusedWithHowToRestart() {
        String json = stored(new DriverId("65a1f0c2"));

        assertThatThrownBy(() -> Checkpoint.fromJson(json, "m"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("a key of type " + DriverId.class.getName() + " is not allowed in a checkpoint")
                .hasMessageContaining("DataMigrationOptions.restart(true)");
    }

    @Test
    void fromJson_jdkKeyTypes_needNoBackend() {
        assertThat(Checkpoint.fromJson(stored(42L), "m").after).containsExactly(42L);
    }
}

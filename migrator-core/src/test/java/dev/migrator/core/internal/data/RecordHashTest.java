package dev.migrator.core.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DataRecord;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordHashTest {

    private static long hash(DataRecord... records) {
        long h = RecordHash.EMPTY;
        for (DataRecord r : records) {
            h = RecordHash.add(h, r);
        }
        return h;
    }

    private static DataRecord task(Object id, Object title) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("title", title);
        return DataRecord.of("tasks", fields);
    }

    @Test
    void sameRecords_sameFingerprint_inEveryJvm() {
        // A fixed value: the fingerprint is stored in checkpoints and compared by later JVMs and versions.
        assertThat(hash(task("t1", "a"), task("t2", List.of(1L, Map.of("k", true)))))
                .isEqualTo(hash(task("t1", "a"), task("t2", List.of(1L, Map.of("k", true)))))
                .isEqualTo(0x5cfac2b2fec3bbe8L);
    }

    @Test
    void editedReorderedOrDroppedRecords_changeTheFingerprint() {
        long original = hash(task("t1", "a"), task("t2", "b"));
        assertThat(hash(task("t1", "a"), task("t2", "c"))).isNotEqualTo(original);
        assertThat(hash(task("t2", "b"), task("t1", "a"))).isNotEqualTo(original);
        assertThat(hash(task("t1", "a"))).isNotEqualTo(original);
        assertThat(hash(task("t1", "ab"), task("t2", ""))).isNotEqualTo(hash(task("t1", "a"), task("t2", "b")));
        assertThat(hash(task("t1", null))).isNotEqualTo(hash(task("t1", "null")));
        // "Aa" and "BB" share String.hashCode; the fingerprint tells them apart.
        assertThat(hash(task("t1", "Aa"))).isNotEqualTo(hash(task("t1", "BB")));
        assertThat(hash(task("t1", 1L))).isNotEqualTo(hash(task("t1", "1")));
        assertThat(hash(DataRecord.of("other", task("t1", "a").fields()))).isNotEqualTo(hash(task("t1", "a")));
    }

    @Test
    void sameNumberInAnotherJavaType_sameFingerprint() {
        assertThat(hash(task(1, new BigDecimal("1.50")))).isEqualTo(hash(task(1L, new BigDecimal("1.5"))));
        assertThat(hash(task(1L, BigDecimal.ZERO))).isEqualTo(hash(task(1L, new BigDecimal("0.000"))));
    }

    @Test
    void checkpoint_keepsDefinitionFingerprintAndFileState() {
        Checkpoint cp = new Checkpoint();
        cp.position = 20;
        cp.definition = new LinkedHashMap<>(Map.of("source", "file x", "transforms", "2"));
        cp.sourceHash = hash(task("t1", "a"));
        cp.fileSize = 1234L;
        cp.fileModified = "2026-12-06T10:00:00Z";

        Checkpoint read = Checkpoint.fromJson(cp.toJson(), "m");

        assertThat(read.definition).isEqualTo(cp.definition);
        assertThat(read.sourceHash).isEqualTo(cp.sourceHash);
        assertThat(read.fileSize).isEqualTo(1234L);
        assertThat(read.fileModified).isEqualTo("2026-12-06T10:00:00Z");
        assertThat(Checkpoint.fromJson("{\"version\":1,\"position\":5}", "m").sourceHash).isNull();
    }
}

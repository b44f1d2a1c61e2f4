package dev.migrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataRecordTest {

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void with_existingField_replacesInPlace_newField_addsAtTheEnd_originalUnchanged() {
        DataRecord r = DataRecord.of("t", ordered("a", 1, "b", 2));

        DataRecord replaced = r.with("a", 9);
        DataRecord added = r.with("c", null);

        assertThat(replaced.fields()).containsExactly(Map.entry("a", 9), Map.entry("b", 2));
        assertThat(added.fields().keySet()).containsExactly("a", "b", "c");
        assertThat(added.has("c")).isTrue();
        assertThat(added.get("c")).isNull();
        assertThat(r.fields()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
    }

    @Test
    void of_copiesTheFields_laterChangesToTheMapAreNotSeen() {
        Map<String, Object> source = ordered("a", 1);
        DataRecord r = DataRecord.of("t", source);
        source.put("b", 2);

        assertThat(r.fields()).containsExactly(Map.entry("a", 1));
    }

    @Test
    void without_removesTheField_keepingTheOrder_absentField_returnsTheSameRecord() {
        DataRecord r = DataRecord.of("t", ordered("a", 1, "b", 2, "c", 3));

        assertThat(r.without("b").fields()).containsExactly(Map.entry("a", 1), Map.entry("c", 3));
        assertThat(r.without("x")).isSameAs(r);
    }

    @Test
    void renamed_keepsThePlace_ontoAnExistingName_behavesAsAMapBuiltInOrder() {
        DataRecord r = DataRecord.of("t", ordered("a", 1, "b", 2, "c", 3));

        assertThat(r.renamed("b", "x").fields()).containsExactly(Map.entry("a", 1), Map.entry("x", 2), Map.entry("c", 3));
        assertThat(r.renamed("y", "x")).isSameAs(r);
        // As before: a map filled in field order, "a" renamed to "c": the name keeps its first place, the later value wins.
        assertThat(r.renamed("a", "c").fields()).containsExactly(Map.entry("c", 3), Map.entry("b", 2));
        assertThat(r.renamed("c", "a").fields()).containsExactly(Map.entry("a", 3), Map.entry("b", 2));
    }

    @Test
    void fields_areAReadOnlyMap_equalToAnyMapOfTheSameEntries() {
        DataRecord r = DataRecord.of("t", ordered("a", 1, "b", null));
        Map<String, Object> plain = new HashMap<>();
        plain.put("b", null);
        plain.put("a", 1);

        assertThat(r.fields()).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(r.fields()).hasToString("{a=1, b=null}");
        assertThat(r).hasToString("t{a=1, b=null}");
        assertThat(r).isEqualTo(DataRecord.of("t", plain)).hasSameHashCodeAs(DataRecord.of("t", plain));
        assertThat(r).isNotEqualTo(DataRecord.of("u", plain));
        assertThatThrownBy(() -> r.fields().put("c", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.fields().remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.fields().entrySet().iterator().next().setValue(2))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> {
            var it = r.fields().keySet().iterator();
            it.next();
            it.remove();
        }).isInstanceOf(UnsupportedOperationException.class);
        Map<String, Object> copy = new LinkedHashMap<>(r.fields());
        assertThat(copy.keySet()).containsExactly("a", "b");
        assertThat(copy).isEqualTo(plain);
    }

    @Test
    void manyFields_lookedUpByName() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            m.put("f" + i, i);
        }
        DataRecord r = DataRecord.of("t", m);

        assertThat(r.get("f57")).isEqualTo(57);
        assertThat(r.has("f100")).isFalse();
        assertThat(r.with("f3", "x").get("f3")).isEqualTo("x");
        assertThat(r.renamed("f99", "last").get("last")).isEqualTo(99);
        assertThat(r.renamed("f99", "last").has("f99")).isFalse();
        assertThat(r.without("f0").fields()).hasSize(99).doesNotContainKey("f0");
        assertThat(r.fields()).isEqualTo(m);
    }

    @Test
    void nullFieldName_asAMapAllowsIt() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(null, 1);
        m.put("a", 2);
        DataRecord r = DataRecord.of("t", m);

        assertThat(r.has(null)).isTrue();
        assertThat(r.get(null)).isEqualTo(1);
        assertThat(r.fields()).isEqualTo(m);
    }
}

package dev.migrator.core.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DataRecord;
import dev.migrator.api.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {

    private static final String TASK_SCHEMA = """
            {
              "type": "object",
              "required": ["id", "title"],
              "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string", "minLength": 1},
                "status": {"enum": ["pending", "in_progress", "completed"]},
                "price": {"type": "number", "multipleOf": 0.01},
                "tags": {"type": "array", "items": {"type": "string"}}
              }
            }
            """;

    private static final SchemaValidator TASKS = new SchemaValidator(Map.of("tasks", TASK_SCHEMA));

    private static DataRecord task(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return DataRecord.of("tasks", m);
    }

    @Test
    void validRecord_hasNoProblems() {
        assertThat(TASKS.validate(task("id", 1L, "title", "Write", "status", "pending",
                        "price", new BigDecimal("10.25"), "tags", List.of("a", "b"))))
                .isEmpty();
    }

    @Test
    void enumViolation_namesTheFieldAndTheAllowedValues() {
        assertThat(TASKS.validate(task("id", 1L, "title", "Write", "status", "done")))
                .containsExactly(
                        "$.status: does not have a value in the enumeration [\"pending\", \"in_progress\", \"completed\"]");
    }

    @Test
    void missingRequiredField_namesTheField() {
        assertThat(TASKS.validate(task("id", 1L)))
                .containsExactly("$.title: required property 'title' not found");
    }

    @Test
    void typeMismatch_namesTheFieldAndBothTypes() {
        assertThat(TASKS.validate(task("id", "1", "title", "Write", "tags", List.of("a", 2L))))
                .containsExactly("$.id: string found, integer expected", "$.tags[1]: integer found, string expected");
    }

    @Test
    void exactDecimals_areValidatedExactly() {
        assertThat(TASKS.validate(task("id", 1L, "title", "x", "price", new BigDecimal("0.30")))).isEmpty();
        assertThat(TASKS.validate(task("id", 1L, "title", "x", "price", new BigDecimal("0.305"))))
                .containsExactly("$.price: must be multiple of 0.01");
    }

    @Test
    void javaValues_areSeenAsTheirJsonText() {
        SchemaValidator v = new SchemaValidator(Map.of("e", """
                {"properties": {
                  "at": {"type": "string", "pattern": "^2024-05-01T10:15:30Z$"},
                  "day": {"type": "string", "pattern": "^2024-05-01$"},
                  "uid": {"type": "string", "pattern": "^[0-9a-f-]{36}$"},
                  "bytes": {"const": "AQID"},
                  "big": {"type": "integer"},
                  "nested": {"type": "object", "properties": {"n": {"type": "integer"}}},
                  "nan": {"type": "string"}
                }}
                """));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", Instant.parse("2024-05-01T10:15:30Z"));
        fields.put("day", LocalDate.of(2024, 5, 1));
        fields.put("uid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        fields.put("bytes", new byte[] {1, 2, 3});
        fields.put("big", new BigInteger("123456789012345678901234567890"));
        fields.put("nested", Map.of("n", 5));
        fields.put("nan", Double.NaN);
        fields.put("price", new BigDecimal("1.50"));

        assertThat(v.validate(DataRecord.of("e", fields))).isEmpty();
        assertThat(SchemaValidator.toJson(fields).toString())
                .isEqualTo("{\"at\":\"2024-05-01T10:15:30Z\",\"day\":\"2024-05-01\","
                        + "\"uid\":\"123e4567-e89b-12d3-a456-426614174000\",\"bytes\":\"AQID\","
                        + "\"big\":123456789012345678901234567890,\"nested\":{\"n\":5},\"nan\":\"NaN\",\"price\":1.50}");
    }

    @Test
    void recordOfATypeWithoutSchema_hasNoProblems() {
        assertThat(TASKS.validate(DataRecord.of("environments", Map.of("id", "not checked")))).isEmpty();
    }

    @Test
    void allTypesSchema_appliesToEveryTypeAlongsideTheTypesOwn() {
        SchemaValidator v = new SchemaValidator(Map.of(
                "*", "{\"required\": [\"id\"]}",
                "tasks", "{\"properties\": {\"title\": {\"type\": \"string\"}}}"));

        assertThat(v.validate(DataRecord.of("environments", Map.of("name", "prod"))))
                .containsExactly("$.id: required property 'id' not found");
        assertThat(v.validate(task("title", 5L)))
                .containsExactly("$.id: required property 'id' not found", "$.title: integer found, string expected");
        assertThat(v.validate(task("id", 1L, "title", "ok"))).isEmpty();
        assertThat(v.types()).containsExactlyInAnyOrder("*", "tasks");
    }

    @Test
    void schemaOfAnotherDialect_isUsedAsItsSchemaSays() {
        SchemaValidator v = new SchemaValidator(Map.of("t", """
                {"$schema": "http://json-schema.org/draft-07/schema#",
                 "properties": {"tags": {"items": [{"type": "string"}, {"type": "integer"}]}}}
                """));

        // Draft 7's array form of "items" checks position by position (2020-12 has prefixItems for it).
        assertThat(v.validate(DataRecord.of("t", Map.of("tags", List.of("a", 1L))))).isEmpty();
        assertThat(v.validate(DataRecord.of("t", Map.of("tags", List.of(1L, 1L)))))
                .containsExactly("$.tags[0]: integer found, string expected");
    }

    @Test
    void schemaThatIsNotJson_throwsConfigurationExceptionNamingTheType() {
        assertThatThrownBy(() -> new SchemaValidator(Map.of("tasks", "{\"type\": \"object\",}")))
                .isInstanceOfSatisfying(
                        ConfigurationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageStartingWith("The JSON Schema of type 'tasks' is not valid JSON at line 1, column 19:")
                .hasMessageEndingWith("Fix the schema given for 'tasks'.");
    }

    @Test
    void schemaBreakingItsMetaSchema_throwsConfigurationExceptionWithTheProblem() {
        assertThatThrownBy(() -> new SchemaValidator(Map.of("tasks", "{\"required\": \"title\"}")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The JSON Schema of type 'tasks' is not a valid https://json-schema.org/draft/2020-12/schema"
                        + " schema: $.required: string found, array expected. Fix the schema given for 'tasks'.");
    }

    @Test
    void schemaWithUnknownTypeName_throwsConfigurationException() {
        assertThatThrownBy(() -> new SchemaValidator(Map.of("tasks", "{\"type\": \"strng\"}")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The JSON Schema of type 'tasks' is not a valid")
                .hasMessageContaining("$.type: does not have a value in the enumeration");
    }

    @Test
    void schemaThatIsNotAnObject_throwsConfigurationException() {
        assertThatThrownBy(() -> new SchemaValidator(Map.of("tasks", "[1]")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The JSON Schema of type 'tasks' must be a JSON object (or true or false), found array."
                        + " Fix the schema given for 'tasks'.");
    }

    @Test
    void schemaWithUnresolvableRef_throwsConfigurationException() {
        assertThatThrownBy(() -> new SchemaValidator(Map.of("tasks", "{\"$ref\": \"#/$defs/missing\"}")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The JSON Schema of type 'tasks' cannot be used:")
                .hasMessageContaining("/$defs/missing");
    }

    @Test
    void schemaWithUnknownDialect_throwsConfigurationException() {
        assertThatThrownBy(() -> new SchemaValidator(Map.of("tasks", "{\"$schema\": \"https://example.com/nope\"}")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The JSON Schema of type 'tasks' cannot be used:")
                .hasMessageContaining("https://example.com/nope");
    }

    @Test
    void concurrentUseFrom8Threads_givesTheSameAnswersAsOneThread() throws Exception {
        List<DataRecord> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            records.add(switch (i % 4) {
                case 0 -> task("id", (long) i, "title", "t" + i);
                case 1 -> task("id", (long) i, "title", "t" + i, "status", "bad" + i);
                case 2 -> task("id", "s" + i);
                default -> task("title", "", "tags", List.of(i));
            });
        }
        List<List<String>> expected = records.stream().map(TASKS::validate).toList();
        SchemaValidator shared = new SchemaValidator(Map.of("tasks", TASK_SCHEMA));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<List<List<String>>>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                jobs.add(() -> {
                    List<List<String>> answers = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        answers.clear();
                        for (DataRecord r : records) {
                            answers.add(shared.validate(r));
                        }
                    }
                    return answers;
                });
            }
            for (Future<List<List<String>>> f : pool.invokeAll(jobs)) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected.get(3))
                .containsExactlyInAnyOrder(
                        "$.id: required property 'id' not found",
                        "$.title: must be at least 1 characters long",
                        "$.tags[0]: integer found, string expected");
    }
}

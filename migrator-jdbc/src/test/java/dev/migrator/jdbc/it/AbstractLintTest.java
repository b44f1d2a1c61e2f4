package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.LintFinding;
import dev.migrator.api.LintReport;
import dev.migrator.api.LintThreshold;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The migration linter against a live server: a corpus of scripts (one resource file per dialect, each case a pending
 * script with the findings it must give) linted over tables made large enough to matter by lowering the threshold.
 */
abstract class AbstractLintTest extends ItSupport {

    /** A table of 3000 rows is big for the tests; bytes never decide. */
    static final LintThreshold TEST_THRESHOLD = new LintThreshold(1000, 1L << 40);

    AbstractLintTest(TestDatabase.Kind kind) {
        super(kind);
    }

    /** Creates big (3000 rows, analysed), small (2 rows), vacant (none) and parent. */
    abstract void createFixture();

    /** The corpus resource, e.g. {@code /lint/postgres-corpus.sql}. */
    abstract String corpus();

    /**
     * One case of the corpus.
     *
     * @param name the case's title
     * @param expected the findings as {@code RULE:SEVERITY}, sorted
     * @param script the script text
     */
    record Case(String name, List<String> expected, String script) {}

    List<Case> cases() {
        String text;
        try (InputStream in = getClass().getResourceAsStream(corpus())) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Case> cases = new ArrayList<>();
        String name = null;
        List<String> expected = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith("-- case: ")) {
                if (name != null) {
                    cases.add(new Case(name, expected, body.toString()));
                }
                name = line.substring("-- case: ".length());
                expected = null;
                body.setLength(0);
            } else if (line.startsWith("-- expect:")) {
                String list = line.substring("-- expect:".length()).strip();
                expected = list.isEmpty() ? List.of() : List.of(list.split("\\s+")).stream().sorted().toList();
            } else if (name != null) {
                body.append(line).append('\n');
            }
        }
        cases.add(new Case(name, expected, body.toString()));
        return cases;
    }

    /** Every case is a pending script of its own, in order; the findings are grouped back by script. */
    @Test
    void lint_corpus_eachCaseGivesExactlyItsFindings() {
        createFixture();
        List<Case> cases = cases();
        List<Script> scripts = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            scripts.add(Script.of(String.valueOf(i + 1), "case_" + (i + 1), cases.get(i).script(), null));
        }
        MigrationManager m = track(builder().scripts(scripts).lintThreshold(TEST_THRESHOLD).build());

        LintReport report = m.lint();

        Map<Integer, List<String>> byCase = new TreeMap<>();
        for (LintFinding f : report.findings()) {
            byCase.computeIfAbsent(Integer.parseInt(f.version().toString()), k -> new ArrayList<>())
                    .add(f.ruleId() + ":" + f.severity());
        }
        Map<String, List<String>> actual = new LinkedHashMap<>();
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            String key = (i + 1) + " " + cases.get(i).name();
            actual.put(key, byCase.getOrDefault(i + 1, List.of()).stream().sorted().collect(Collectors.toList()));
            wanted.put(key, cases.get(i).expected());
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
        assertThat(actual).containsExactlyEntriesOf(wanted);
        // Nothing was applied: lint reads only.
        assertThat(history()).isEmpty();
    }
}

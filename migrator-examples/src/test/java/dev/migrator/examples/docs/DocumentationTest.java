package dev.migrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README and docs/ against the code they show: snippets equal their regions, relative links resolve. */
class DocumentationTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void everySnippetEqualsItsRegionAndEveryRelativeLinkResolves() {
        List<String> problems = new Snippets(ROOT).check();
        assertThat(problems)
                .as("README.md and docs/ against the sources; after changing a source, run from the repository:\n"
                        + "  mvn -q -B -pl migrator-examples exec:java -Dexec.classpathScope=test"
                        + " -Dexec.mainClass=dev.migrator.examples.docs.Snippets -Dexec.args=--update")
                .isEmpty();
    }

    @Test
    void theReadmeIsShortAndLinksEveryGuide() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        assertThat(readme).as("README.md lines").hasSizeLessThanOrEqualTo(250);
        String text = String.join("\n", readme);
        List<Path> guides = new Snippets(ROOT).documents().stream()
                .filter(p -> p.getParent().equals(ROOT.resolve("docs")))
                .toList();
        assertThat(guides).hasSizeGreaterThanOrEqualTo(15);
        for (Path guide : guides) {
            assertThat(text).as("README links " + guide.getFileName()).contains("(docs/" + guide.getFileName() + ")");
            assertThat(titles(Files.readAllLines(guide))).as(guide.getFileName() + " has one title").hasSize(1);
        }
    }

    /** The lines that start with "# " outside code blocks. */
    private static List<String> titles(List<String> lines) {
        List<String> titles = new java.util.ArrayList<>();
        boolean inFence = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
            } else if (!inFence && line.startsWith("# ")) {
                titles.add(line);
            }
        }
        return titles;
    }

    @Test
    void driftAMissingRegionAnUnmarkedJavaBlockAndABrokenLinkAreReported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/Example.java"), """
                class Example {
                    void run() {
                        // tag::call[]
                        manager.migrate();
                        // tag::inner[]
                        manager.status();
                        // end::inner[]
                        // end::call[]
                    }
                }
                """);
        Files.writeString(root.resolve("README.md"), """
                # Title

                ## A section

                <!-- snippet: src/Example.java#call -->
                ```java
                manager.migrate();
                manager.status();
                ```

                See [the guide](docs/guide.md#usage), [a section](#a-section) and [here](#nowhere).
                """);
        Files.writeString(root.resolve("docs/guide.md"), """
                # Guide

                ## Usage

                <!-- snippet: src/Example.java#call -->
                ```java
                manager.migrate();
                ```

                <!-- snippet: src/Example.java#inner -->
                ```java
                manager.status();
                ```

                <!-- snippet: src/Example.java#gone -->
                ```java
                x();
                ```

                ```java
                unmarked();
                ```

                [Missing](missing.md), [README](../README.md#title), [`code`](../README.md#no-such).
                """);
        Snippets snippets = new Snippets(root);
        List<String> problems = snippets.check();
        assertThat(problems).hasSize(6);
        assertThat(problems.get(0)).startsWith("README.md:11: link to #nowhere");
        assertThat(problems).anyMatch(p -> p.startsWith("docs/guide.md:6: differs from Example.java#call at its line 2"));
        assertThat(problems).anyMatch(p -> p.startsWith("docs/guide.md:15: no region tag::gone[]"));
        assertThat(problems).anyMatch(p -> p.startsWith("docs/guide.md:20: a Java block with no"));
        assertThat(problems).anyMatch(p -> p.startsWith("docs/guide.md:24: link to missing.md"));
        assertThat(problems).anyMatch(p -> p.contains("no heading of README.md has the anchor #no-such"));

        // Snippet paths are relative to the repository, whichever document names them. --update copies the regions in
        // and leaves a block whose region is missing as it is.
        Files.writeString(root.resolve("src/Example.java"), Files.readString(root.resolve("src/Example.java"))
                .replace("manager.status();", "manager.status(); // changed"));
        assertThat(snippets.update()).containsExactly(root.resolve("README.md"), root.resolve("docs/guide.md"));
        assertThat(Files.readString(root.resolve("README.md"))).contains("manager.status(); // changed");
    }
}

package dev.migrator.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps the Markdown honest: the README, the CHANGELOG and every guide under {@code docs/}.
 *
 * <p>A code block in the Markdown is tied to a region of a source file by a comment on the line before it:
 * <pre>{@code
 * <!-- snippet: migrator-examples/src/main/java/dev/migrator/examples/StartupExample.java#migrate -->
 * ```java
 * ...
 * ```
 * }</pre>
 * The region is the lines between {@code tag::migrate[]} and {@code end::migrate[]} (in a comment of any kind), with
 * lines of other regions' markers left out and the common indentation removed; without {@code #name} it is the whole
 * file. {@link #check} reports a block that differs from its region, a Java block with no snippet comment, a
 * relative link to a file that does not exist and a {@code #anchor} that names no heading. {@link #main} with
 * {@code --update} copies every region into its block, for after a source file changed.
 *
 * <p>Written by hand: the Markdown tools that do this (embedme, mdsnippets) run on Node or .NET, and the build
 * should need only the JDK and Maven.
 */
public final class Snippets {

    private static final Pattern SNIPPET = Pattern.compile("^<!--\\s*snippet:\\s*(\\S+?)(?:#([\\w.-]+))?\\s*-->\\s*$");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*([\\w+-]*).*$");
    private static final Pattern LINK = Pattern.compile("(?<!!)\\[([^\\]]*)]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern TAG = Pattern.compile("(?:tag|end)::([\\w.-]+)\\[]");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    private final Path root;

    public Snippets(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The README, the CHANGELOG and the Markdown files under {@code docs/}, in a stable order. */
    public List<Path> documents() {
        List<Path> documents = new ArrayList<>();
        documents.add(root.resolve("README.md"));
        if (Files.exists(root.resolve("CHANGELOG.md"))) {
            documents.add(root.resolve("CHANGELOG.md"));
        }
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> files = Files.walk(docs)) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return documents;
    }

    /** Every problem found, one line each naming the file and line; empty when the documents are in order. */
    public List<String> check() {
        List<String> problems = new ArrayList<>();
        for (Path document : documents()) {
            List<String> lines = read(document);
            for (Block block : blocks(document, lines)) {
                if (block.source == null) {
                    if (block.language.equals("java")) {
                        problems.add(where(document, block.fenceLine) + ": a Java block with no `<!-- snippet: path#region -->`"
                                + " line before it; put the code in a test or example and include it from there");
                    }
                    continue;
                }
                List<String> region;
                try {
                    region = region(block.source, block.region);
                } catch (IllegalArgumentException e) {
                    problems.add(where(document, block.fenceLine - 1) + ": " + e.getMessage());
                    continue;
                }
                if (!region.equals(block.body)) {
                    problems.add(where(document, block.fenceLine) + ": differs from " + block.describe() + firstDifference(block.body, region));
                }
            }
            problems.addAll(links(document, lines));
        }
        return problems;
    }

    /** Copies each region into its block; returns the documents changed. */
    public List<Path> update() {
        List<Path> changed = new ArrayList<>();
        for (Path document : documents()) {
            List<String> lines = read(document);
            List<String> out = new ArrayList<>();
            int next = 0;
            for (Block block : blocks(document, lines)) {
                if (block.source == null) {
                    continue;
                }
                List<String> region;
                try {
                    region = region(block.source, block.region);
                } catch (IllegalArgumentException e) {
                    continue; // check() reports it
                }
                out.addAll(lines.subList(next, block.fenceLine));
                String indent = block.indent;
                region.forEach(l -> out.add(l.isEmpty() ? l : indent + l));
                next = block.fenceLine + block.body.size();
            }
            out.addAll(lines.subList(next, lines.size()));
            if (!out.equals(lines)) {
                try {
                    Files.writeString(document, String.join("\n", out) + "\n", StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                changed.add(document);
            }
        }
        return changed;
    }

    /** The lines of a region, its markers and other regions' markers left out, common indentation removed. */
    List<String> region(Path source, String name) {
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("the snippet's file " + root.relativize(source) + " does not exist");
        }
        List<String> lines = read(source);
        List<String> taken = new ArrayList<>();
        if (name == null) {
            taken.addAll(lines);
        } else {
            boolean inside = false;
            boolean found = false;
            for (String line : lines) {
                if (line.contains("tag::" + name + "[]")) {
                    if (found) {
                        throw new IllegalArgumentException("region " + name + " is opened twice in " + root.relativize(source));
                    }
                    inside = true;
                    found = true;
                    continue;
                }
                if (line.contains("end::" + name + "[]")) {
                    inside = false;
                    continue;
                }
                if (inside && !TAG.matcher(line).find()) {
                    taken.add(line);
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no region tag::" + name + "[] in " + root.relativize(source));
            }
            if (inside) {
                throw new IllegalArgumentException("region " + name + " in " + root.relativize(source) + " has no end::" + name + "[]");
            }
        }
        int indent = taken.stream().filter(l -> !l.isBlank()).mapToInt(Snippets::indentation).min().orElse(0);
        List<String> result = new ArrayList<>();
        for (String line : taken) {
            result.add(line.isBlank() ? "" : stripTrailing(line.substring(indent)));
        }
        while (!result.isEmpty() && result.get(0).isEmpty()) {
            result.remove(0);
        }
        while (!result.isEmpty() && result.get(result.size() - 1).isEmpty()) {
            result.remove(result.size() - 1);
        }
        return result;
    }

    private List<Block> blocks(Path document, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                continue;
            }
            String indent = fence.group(1);
            String marker = fence.group(2);
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals(marker)) {
                end++;
            }
            List<String> body = new ArrayList<>();
            for (String line : lines.subList(i + 1, Math.min(end, lines.size()))) {
                String stripped = line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading();
                body.add(stripTrailing(stripped));
            }
            Path source = null;
            String region = null;
            int before = i - 1;
            while (before >= 0 && lines.get(before).isBlank()) {
                before--;
            }
            if (before >= 0) {
                Matcher snippet = SNIPPET.matcher(lines.get(before).strip());
                if (snippet.matches()) {
                    source = root.resolve(snippet.group(1)).normalize();
                    region = snippet.group(2);
                }
            }
            blocks.add(new Block(i + 1, fence.group(3).toLowerCase(Locale.ROOT), indent, body, source, region));
            i = end;
        }
        return blocks;
    }

    /** Relative links: the file must exist; a {@code #anchor} must name a heading of the Markdown it points to. */
    private List<String> links(Path document, List<String> lines) {
        List<String> problems = new ArrayList<>();
        boolean inFence = false;
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher f = FENCE.matcher(line);
            if (f.matches() && (!inFence || line.strip().equals(fence))) {
                inFence = !inFence;
                fence = f.group(2);
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (link.find()) {
                String target = link.group(2);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto:
                }
                String file = target;
                String anchor = null;
                int hash = target.indexOf('#');
                if (hash >= 0) {
                    file = target.substring(0, hash);
                    anchor = target.substring(hash + 1);
                }
                Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
                if (!resolved.startsWith(root) || !Files.exists(resolved)) {
                    problems.add(where(document, i + 1) + ": link to " + target + ", which does not exist");
                    continue;
                }
                if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
                    problems.add(where(document, i + 1) + ": link to " + target + ": no heading of "
                            + root.relativize(resolved) + " has the anchor #" + anchor);
                }
            }
        }
        return problems;
    }

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    /** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces as '-', repeats numbered. */
    Set<String> anchors(Path document) {
        return anchors.computeIfAbsent(document, d -> {
            Set<String> result = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean inFence = false;
            for (String line : read(d)) {
                if (FENCE.matcher(line).matches()) {
                    inFence = !inFence;
                    continue;
                }
                Matcher heading = HEADING.matcher(line);
                if (inFence || !heading.matches()) {
                    continue;
                }
                String text = heading.group(2).replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1");
                String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                int count = seen.merge(slug, 1, Integer::sum);
                result.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
            return result;
        });
    }

    private String where(Path document, int line) {
        return root.relativize(document) + ":" + line;
    }

    private static String firstDifference(List<String> block, List<String> region) {
        for (int i = 0; i < Math.max(block.size(), region.size()); i++) {
            String b = i < block.size() ? block.get(i) : "(end of block)";
            String r = i < region.size() ? region.get(i) : "(end of region)";
            if (!b.equals(r)) {
                return " at its line " + (i + 1) + ":\n    markdown: " + b + "\n    source:   " + r;
            }
        }
        return "";
    }

    private static int indentation(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String stripTrailing(String line) {
        return line.stripTrailing();
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Block(int fenceLine, String language, String indent, List<String> body, Path source, String region) {
        String describe() {
            return region == null ? source.getFileName().toString() : source.getFileName() + "#" + region;
        }
    }

    /**
     * {@code --update}: copies the regions into the Markdown; otherwise prints the problems. Run from the repository:
     * {@code mvn -q -B -pl migrator-examples exec:java -Dexec.classpathScope=test
     * -Dexec.mainClass=dev.migrator.examples.docs.Snippets -Dexec.args=--update}.
     */
    public static void main(String[] args) {
        Path here = Path.of("").toAbsolutePath();
        Path root = here.endsWith("migrator-examples") ? here.getParent() : here;
        Snippets snippets = new Snippets(root);
        if (args.length > 0 && args[0].equals("--update")) {
            snippets.update().forEach(p -> System.out.println("updated " + root.relativize(p)));
        }
        List<String> problems = snippets.check();
        problems.forEach(System.out::println);
        if (!problems.isEmpty()) {
            System.exit(1);
        }
    }
}

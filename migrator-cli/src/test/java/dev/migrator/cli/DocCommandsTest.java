package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the commands {@code docs/cli.md} shows, as it shows them, against a fresh PostgreSQL database.
 *
 * <p>A shell block of the guide preceded by {@code <!-- run: DocCommandsTest -->} is run: its {@code export} lines set
 * the environment (the only one the commands see), its {@code migrator ...} lines run in order, in-process, in one
 * working folder that starts as a copy of {@code src/test/resources/docs/cli} (the example project the guide
 * describes). In a {@code console} block the commands start with {@code $ } and the lines under one are its output:
 * each must match a line the command printed, {@code …} standing for any text and a run of spaces for any run of
 * spaces. A command exits 0 unless its comment says {@code # exit N}.
 *
 * <p>What the test substitutes, and nothing else: the guide's database {@code localhost:5432/app} (user {@code app})
 * becomes the test's database, an exported {@code ...} becomes a value of the test's (the database's password for
 * {@code DATABASE_PASSWORD}), and an argument ending in {@code ...} (a backup id, {@code backup_before_v42_...}) the
 * newest word an earlier command printed that starts with what precedes the dots.
 *
 * <p>Every block of the guide that runs {@code migrator} is marked either {@code run:} or
 * {@code not run: <why>}, so a new command cannot go unchecked by being left unmarked.
 */
class DocCommandsTest {

    private static final Path GUIDE = Path.of("..", "docs", "cli.md");
    private static final Path PROJECT = Path.of("src", "test", "resources", "docs", "cli");
    private static final Pattern FENCE = Pattern.compile("^```+\\s*([\\w-]*)\\s*$");
    private static final Pattern RUN = Pattern.compile("^<!--\\s*run:\\s*DocCommandsTest\\s*-->$");
    private static final Pattern NOT_RUN = Pattern.compile("^<!--\\s*not run:\\s*\\S.*-->$");
    private static final Pattern EXIT = Pattern.compile("\\bexit (\\d+)\\b");
    private static final Pattern COMMAND = Pattern.compile("^(?:bin/)?migrator(?:\\s|$)");

    /** A password the server ignores (trust authentication) but the tool must never print. */
    private static final String PASSWORD = "doc-Pa55word-never-printed";

    @TempDir
    Path dir;

    private TestDatabase db;

    @BeforeEach
    void setUp() {
        db = TestDatabases.postgres();
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    /** One line the guide asks the reader to type, with the output it shows under it. */
    record Step(int line, String text, List<String> expectedOutput) {}

    @Test
    void everyMarkedCommandOfTheGuide_runsAsShownAgainstPostgres() throws IOException, SQLException {
        copyProject();
        List<Step> steps = steps(Files.readAllLines(GUIDE, StandardCharsets.UTF_8));
        assertThat(steps.stream().filter(s -> isCommand(s.text()))).as("commands run from %s", GUIDE).hasSizeGreaterThan(10);

        Map<String, String> env = new HashMap<>();
        StringBuilder printed = new StringBuilder();
        for (Step step : steps) {
            if (step.text().startsWith("export ")) {
                export(step, env);
                continue;
            }
            String code = comment(step.text());
            List<String> words = words(code.isEmpty() ? step.text() : step.text().substring(0, step.text().indexOf(code)));
            words.remove(0); // migrator / bin/migrator
            List<String> args = new ArrayList<>();
            for (String word : words) {
                args.add(resolve(word, printed, step));
            }
            Matcher exit = EXIT.matcher(code);
            int expected = exit.find() ? Integer.parseInt(exit.group(1)) : 0;

            CliRun run = CliRun.of(env, dir, args.toArray(String[]::new));

            String where = GUIDE + " line " + step.line() + ": " + step.text() + "\n(ran: migrator " + String.join(" ", args)
                    + ")\n--- stdout\n" + run.out() + "--- stderr\n" + run.err();
            assertThat(run.exit()).as(where).isEqualTo(expected);
            assertThat(run.all()).as("no password printed; " + where).doesNotContain(PASSWORD);
            for (String shown : step.expectedOutput()) {
                assertThat(matches(shown, run.all())).as("output line \"%s\" not printed; %s", shown, where).isTrue();
            }
            printed.append(run.all()).append('\n');
        }

        // What the guide says import-tasks.yaml did.
        assertThat(rows("SELECT legacy_id || ' ' || status || ' ' || source || ' ' || (id <> legacy_id)"
                + " || ' ' || (created_at IS NOT NULL) FROM tasks ORDER BY legacy_id"))
                .containsExactly("t1 pending import true true", "t2 completed import true true", "t3 review import true true");
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /** The guide's blocks that run {@code migrator}: each must be marked, and the marked ones become steps. */
    private static List<Step> steps(List<String> lines) {
        List<Step> steps = new ArrayList<>();
        List<String> unmarked = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i).trim());
            if (!fence.matches() || fence.group(1).isEmpty()) {
                continue;
            }
            String language = fence.group(1);
            String marker = i > 0 ? lines.get(i - 1).trim() : "";
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).trim().startsWith("```")) {
                end++;
            }
            List<String> body = lines.subList(i + 1, end);
            boolean runsMigrator = body.stream().map(l -> l.replaceFirst("^\\$ ", "").trim())
                    .anyMatch(l -> COMMAND.matcher(l).find());
            if (RUN.matcher(marker).matches()) {
                steps.addAll(block(language, body, i + 2));
            } else if (runsMigrator && !NOT_RUN.matcher(marker).matches()) {
                unmarked.add("line " + (i + 1));
            }
            i = end;
        }
        assertThat(unmarked).as("blocks of %s that run migrator need <!-- run: DocCommandsTest --> or"
                + " <!-- not run: why --> on the line before", GUIDE).isEmpty();
        return steps;
    }

    /** The steps of one block whose first line is line {@code first} of the guide. */
    private static List<Step> block(String language, List<String> body, int first) {
        boolean console = language.equals("console");
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            int line = first + i;
            String text = body.get(i);
            if (console && !text.startsWith("$ ")) {
                if (!text.isBlank()) {
                    assertThat(steps).as("%s line %d: output before any command", GUIDE, line).isNotEmpty();
                    steps.get(steps.size() - 1).expectedOutput().add(text.trim());
                }
                continue;
            }
            StringBuilder joined = new StringBuilder(console ? text.substring(2) : text);
            while (joined.toString().stripTrailing().endsWith("\\") && i + 1 < body.size()) {
                String current = joined.toString().stripTrailing();
                joined.setLength(0);
                joined.append(current, 0, current.length() - 1).append(' ').append(body.get(++i).trim());
            }
            String command = joined.toString().trim();
            if (command.isEmpty() || command.startsWith("#")) {
                continue;
            }
            assertThat(command.startsWith("export ") || isCommand(command))
                    .as("%s line %d: a run block holds exports and migrator commands only: %s", GUIDE, line, command)
                    .isTrue();
            steps.add(new Step(line, command, new ArrayList<>()));
        }
        return steps;
    }

    private static boolean isCommand(String text) {
        return COMMAND.matcher(text).find();
    }

    /** {@code export A=x B=y   # comment}: sets the variables, the guide's database replaced by the test's. */
    private void export(Step step, Map<String, String> env) {
        String code = comment(step.text());
        String assignments = code.isEmpty() ? step.text() : step.text().substring(0, step.text().indexOf(code));
        List<String> words = words(assignments);
        for (String word : words.subList(1, words.size())) {
            int eq = word.indexOf('=');
            assertThat(eq).as("%s line %d: NAME=value expected, found %s", GUIDE, step.line(), word).isPositive();
            String name = word.substring(0, eq);
            String value = word.substring(eq + 1);
            if (value.equals("...")) {
                value = name.equals("DATABASE_PASSWORD") && db.password() != null && !db.password().isEmpty()
                        ? db.password() : name.equals("DATABASE_PASSWORD") ? PASSWORD : "doc-value-" + name;
            }
            env.put(name, database(value));
        }
    }

    /** A word of a command, with the guide's database and {@code prefix...} replaced. */
    private String resolve(String word, CharSequence printed, Step step) {
        if (word.endsWith("...") && word.length() > 3) {
            String prefix = word.substring(0, word.length() - 3);
            Matcher m = Pattern.compile(Pattern.quote(prefix) + "[\\w.-]*").matcher(printed);
            String found = null;
            while (m.find()) {
                found = m.group();
            }
            assertThat(found).as("%s line %d: no earlier output holds a word starting with %s", GUIDE, step.line(), prefix)
                    .isNotNull();
            return found;
        }
        return database(word);
    }

    /** The guide's database, {@code app@localhost:5432/app}, as the test's. */
    private String database(String value) {
        String hostPortDb = db.host() + ":" + db.port() + "/" + db.database();
        String user = db.user() != null ? db.user() : "postgres";
        return value.replace("app@localhost:5432/app", user + "@" + hostPortDb).replace("localhost:5432/app", hostPortDb);
    }

    /** The comment of a shell line ({@code # ...} outside quotes), or "". */
    private static String comment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(i);
            }
        }
        return "";
    }

    /** Shell words: split at spaces, quotes removed (no expansion: the guide's commands need none). */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.trim().toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Whether a line of {@code output} matches {@code shown} ({@code …}: any text; spaces: any run of spaces). */
    static boolean matches(String shown, String output) {
        StringBuilder regex = new StringBuilder();
        String[] parts = shown.split("…", -1);
        for (int p = 0; p < parts.length; p++) {
            if (p > 0) {
                regex.append(".*");
            }
            String[] tokens = parts[p].trim().split("\\s+");
            for (int t = 0; t < tokens.length; t++) {
                if (t > 0) {
                    regex.append("\\s+");
                }
                regex.append(Pattern.quote(tokens[t]));
            }
            if (p < parts.length - 1 && !parts[p].isEmpty() && Character.isWhitespace(parts[p].charAt(parts[p].length() - 1))) {
                regex.append("\\s*");
            }
        }
        Pattern pattern = Pattern.compile(regex.toString());
        return output.lines().anyMatch(l -> pattern.matcher(l).find());
    }

    private void copyProject() throws IOException {
        try (Stream<Path> files = Files.walk(PROJECT)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = dir.resolve(PROJECT.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

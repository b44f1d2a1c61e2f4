package dev.migrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One run of the {@code migrator} command in-process, as the CLI tests make it: the arguments, an injected environment
 * (never the JVM's), a working directory, and what it printed.
 */
record CliRun(int exit, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the command with {@code environment} in {@code workDir}, capturing stdout and stderr. */
    static CliRun of(Map<String, String> environment, Path workDir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MigratorCli.run(args, environment, workDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The {@code DATABASE_*} variables that point the command at a test database (no password variable without one). */
    static Map<String, String> environment(TestDatabase db) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", db.url());
        if (db.user() != null) {
            env.put("DATABASE_USER", db.user());
        }
        if (db.password() != null && !db.password().isEmpty()) {
            env.put("DATABASE_PASSWORD", db.password());
        }
        return env;
    }

    /** Stdout as the one JSON document {@code --json} prints. */
    JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("stdout is not one JSON document:\n" + out + "\nstderr:\n" + err, e);
        }
    }

    /** Stdout and stderr together, for assertion messages. */
    String all() {
        return out + err;
    }
}

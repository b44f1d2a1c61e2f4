package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.ScriptCorpusBenchmark.CHILD_OUTPUT;
import static dev.migrator.examples.bench.ScriptCorpusBenchmark.check;
import static dev.migrator.examples.bench.ScriptCorpusBenchmark.runStatements;
import dev.migrator.examples.bench.ScriptCorpusBenchmark.Measure;
import dev.migrator.examples.bench.ScriptCorpusBenchmark.Observed;

import static dev.migrator.examples.bench.BenchSupport.seconds;

import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;

/** One run of each tool of the script corpus benchmark, each on a database of its own, checked before it is dropped. */
final class CorpusRun {

    /** The seconds one run measured, and what the check of its database found. */
    record Timed(Map<Measure, Double> seconds, Observed observed) {}

    static Map<Measure, Double> timing(Measure measure, double seconds) {
        Map<Measure, Double> map = new EnumMap<>(Measure.class);
        map.put(measure, seconds);
        return map;
    }

    private final BenchServer server;
    private final ScriptCorpus corpus;
    private final Path dir;
    private final Path all;
    private final String classpath;

    CorpusRun(BenchServer server, ScriptCorpus corpus, Path dir, Path all, String classpath) {
        this.server = server;
        this.corpus = corpus;
        this.dir = dir;
        this.all = all;
        this.classpath = classpath;
    }

    Timed jdbc(String purpose) {
        return inOwnDatabase(purpose, db -> {
            long start = System.nanoTime();
            runStatements(server, db, corpus.statements());
            double s = seconds(System.nanoTime() - start);
            return new Timed(timing(Measure.JDBC_SESSION, s), check(server, db, corpus, "jdbc", false));
        });
    }

    Timed client(String purpose) {
        return inOwnDatabase(purpose, db -> {
            long start = System.nanoTime();
            server.runCli(db, all);
            double s = seconds(System.nanoTime() - start);
            return new Timed(timing(Measure.CLIENT, s), check(server, db, corpus, "client", false));
        });
    }

    Timed migrator(String purpose) {
        return inOwnDatabase(purpose, db -> {
            double s;
            try (MigrationManager manager = MigrationManager.builder()
                    .connection("bench", server.urlFor(db), server.user, server.password)
                    .locations("filesystem:" + dir.toAbsolutePath())
                    .build()) {
                long start = System.nanoTime();
                MigrateResult result = manager.migrate();
                s = seconds(System.nanoTime() - start);
                expectApplied(result.applied().size());
            }
            return new Timed(timing(Measure.MIGRATOR, s), check(server, db, corpus, "migrator", true));
        });
    }

    Timed migratorInFreshJvm(String purpose) {
        return inOwnDatabase(purpose, this::migrateInChildJvm);
    }

    /** Runs one tool on a database created for it, dropped afterwards whatever happened. */
    private Timed inOwnDatabase(String purpose, Function<String, Timed> run) {
        String db = server.createDatabase("corpus_" + purpose);
        try {
            return run.apply(db);
        } finally {
            server.dropDatabase(db);
        }
    }

    private Timed migrateInChildJvm(String db) {
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", classpath,
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", MigrateInFreshJvm.class.getName(),
                    server.urlFor(db), server.user, dir.toAbsolutePath().toString())
                    .redirectErrorStream(true);
            pb.environment().put(MigrateInFreshJvm.PASSWORD_VARIABLE, server.password);
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            long start = System.nanoTime();
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the child JVM did not finish within 10 minutes");
            }
            double whole = seconds(System.nanoTime() - start);
            Matcher m = CHILD_OUTPUT.matcher(output);
            if (process.exitValue() != 0 || !m.find()) {
                throw new IllegalStateException("the child JVM exited with " + process.exitValue()
                        + " and did not report applied=... migrate_ns=...: " + output.strip());
            }
            expectApplied(Integer.parseInt(m.group(1)));
            double call = seconds(Long.parseLong(m.group(2)));
            Map<Measure, Double> both = timing(Measure.MIGRATOR_CHILD_CALL, call);
            both.put(Measure.MIGRATOR_CHILD_PROCESS, whole);
            return new Timed(both, check(server, db, corpus, "migrator-jvm", true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the child JVM ran", e);
        }
    }

    private void expectApplied(int applied) {
        if (applied != corpus.files().size()) {
            throw new IllegalStateException(
                    "migrator applied " + applied + " scripts; expected " + corpus.files().size());
        }
    }
}

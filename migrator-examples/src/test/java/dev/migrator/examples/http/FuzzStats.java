package dev.migrator.examples.http;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a fuzz test's inputs and findings and prints one line for the README, e.g. {@code fuzz
 * RequestParserFuzzTest.parse: 123456 inputs, 0 findings, 25 s (fuzzing)}. One per fuzz test class, in a static field;
 * call {@link #print()} from {@code @AfterAll}. (migrator-core's and migrator-jdbc's fuzz tests have the same helper.)
 */
final class FuzzStats {

    /** One input's check; anything it throws is a finding. */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    private final String name;
    private final AtomicLong inputs = new AtomicLong();
    private final AtomicLong findings = new AtomicLong();
    private final long startNanos = System.nanoTime();

    FuzzStats(String name) {
        this.name = name;
    }

    /** Runs one input's check, counting it, and counting it as a finding when it throws. */
    void check(Check check) throws Exception {
        inputs.incrementAndGet();
        try {
            check.run();
        } catch (Exception | Error e) {
            findings.incrementAndGet();
            throw e;
        }
    }

    void print() {
        String fuzz = System.getenv("JAZZER_FUZZ");
        boolean fuzzing = fuzz != null && (fuzz.equals("1") || fuzz.equalsIgnoreCase("true") || fuzz.equalsIgnoreCase("yes"));
        System.out.printf(Locale.ROOT, "fuzz %s: %d inputs, %d findings, %d s (%s)%n", name, inputs.get(), findings.get(),
                (System.nanoTime() - startNanos) / 1_000_000_000L, fuzzing ? "fuzzing" : "committed inputs only");
    }
}

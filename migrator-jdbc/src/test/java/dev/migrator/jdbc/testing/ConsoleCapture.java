package dev.migrator.jdbc.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Catches what is written to {@code System.out} and {@code System.err} (slf4j-simple's log lines among it) until
 * {@link #close()}, which puts both back and replays the text on the real standard error, so a failing test still
 * shows its logs.
 */
public final class ConsoleCapture implements AutoCloseable {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private boolean closed;

    private ConsoleCapture() {
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
    }

    public static ConsoleCapture start() {
        return new ConsoleCapture();
    }

    /** Everything written so far. */
    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            System.setOut(originalOut);
            System.setErr(originalErr);
            originalErr.print(text());
        }
    }
}

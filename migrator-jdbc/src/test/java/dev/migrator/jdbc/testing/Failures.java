package dev.migrator.jdbc.testing;

import dev.migrator.api.MigratorException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;

/** All the text a failure shows a user, for tests that search it (for secrets, for the names it must give). */
public final class Failures {

    private Failures() {}

    /** Runs an action expected to throw a MigratorException; returns every message, toString and the stack trace. */
    public static String expectFailure(String what, Supplier<?> action) {
        try {
            Object result = action.get();
            throw new AssertionError(what + " was expected to fail, returned " + result);
        } catch (MigratorException e) {
            return allMessages(e) + "\n" + stackTrace(e);
        }
    }

    /** The toString and message of the throwable, its causes and everything suppressed in them. */
    public static String allMessages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c).append('\n').append(c.getMessage()).append('\n');
            for (Throwable s : c.getSuppressed()) {
                b.append(allMessages(s));
            }
        }
        return b.toString();
    }

    public static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}

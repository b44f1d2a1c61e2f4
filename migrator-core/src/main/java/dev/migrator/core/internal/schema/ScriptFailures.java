package dev.migrator.core.internal.schema;

import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.StatementLockTimeoutException;
import dev.migrator.api.Target;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.StatementException;

/**
 * Turns a failure inside a script into the {@link ScriptFailedException} users read: which script, which statement
 * (index, line, text shortened), what the database said, and what stays applied and what to do next.
 */
final class ScriptFailures {

    /** Which way the failing script ran. */
    enum Direction {
        UP,
        DOWN
    }

    private final Target target;
    private final String product;

    ScriptFailures(Target target, String product) {
        this.target = target;
        this.product = product;
    }

    /**
     * The script failed and its transaction undid all of it.
     *
     * @param script the failing script, or {@code null} when the failure came before any script ran
     */
    ScriptFailedException rolledBack(Direction direction, LoadedScript script, Work work, Throwable error) {
        return failure(direction, script, work, error, 0, true);
    }

    /** The script failed after {@code stays} statements that committed by themselves and stay applied. */
    ScriptFailedException leftApplied(Direction direction, LoadedScript script, Work work, Throwable error, int stays) {
        return failure(direction, script, work, error, stays, false);
    }

    /**
     * A callback failed: which callback, which statement, what the database said, then {@code outcome} (what became of
     * the work around it) and what to do.
     */
    ScriptFailedException callback(LoadedScript callback, Work work, Throwable error, String outcome) {
        Throwable cause = error instanceof WorkFailure wf ? wf.getCause() : error;
        int index = error instanceof WorkFailure wf ? wf.index : 0;
        ParsedStatement statement = error instanceof WorkFailure wf ? wf.statement : null;
        String sqlState = cause instanceof StatementException se ? se.sqlState() : null;
        StringBuilder m = new StringBuilder(callback.label()).append(" failed on ").append(target);
        appendWhere(m, work, statement, index);
        appendCause(m, cause, sqlState);
        m.append(System.lineSeparator()).append("  ").append(outcome).append(" Fix the callback and run again.");
        return new ScriptFailedException(m.toString(), cause, target, null, callback.name(), index,
                statement == null ? 0 : statement.line(), 0, true, sqlState);
    }

    private static void appendWhere(StringBuilder m, Work work, ParsedStatement statement, int index) {
        if (statement != null) {
            m.append(" at statement ").append(index).append(" of ").append(work.count()).append(" (line ").append(statement.line())
                    .append("): ").append(shorten(statement.text()));
        } else if (work != null && work.isCode()) {
            m.append(" in its Java code");
        }
    }

    private static void appendCause(StringBuilder m, Throwable cause, String sqlState) {
        m.append(System.lineSeparator()).append("  Database said: ").append(cause.getMessage());
        if (sqlState != null) {
            m.append(" [SQLSTATE ").append(sqlState).append(']');
        }
        if (cause instanceof StatementException se && se.hint().isPresent()) {
            m.append(System.lineSeparator()).append("  ").append(se.hint().get());
        }
    }

    private ScriptFailedException failure(Direction direction, LoadedScript script, Work work, Throwable error, int stays,
            boolean rolledBack) {
        boolean down = direction == Direction.DOWN;
        Throwable cause = error instanceof WorkFailure wf ? wf.getCause() : error;
        int index = error instanceof WorkFailure wf ? wf.index : 0;
        if (script == null) {
            return new ScriptFailedException("Migration of " + target + " failed: " + cause.getMessage(), cause, target, null, null,
                    0, 0, 0, rolledBack, null);
        }
        ParsedStatement statement = error instanceof WorkFailure wf ? wf.statement : null;
        String sqlState = cause instanceof StatementException se ? se.sqlState() : null;
        StringBuilder m = new StringBuilder();
        m.append(down ? "Down script of " : script.repeatable() ? "Repeatable script " : "Script ").append(script.label())
                .append(" failed on ").append(target);
        appendWhere(m, work, statement, index);
        appendCause(m, cause, sqlState);
        LockRetries.GaveUp gaveUp = error instanceof WorkFailure wf ? wf.gaveUp : null;
        if (gaveUp != null) {
            m.append(System.lineSeparator()).append("  The statement timed out waiting for a lock on each of its ")
                    .append(gaveUp.attempts()).append(" attempt(s) (the last after ").append(gaveUp.lastWait().toMillis())
                    .append(" ms; statementLockTimeout is ").append(gaveUp.timeout().toMillis()).append(" ms, applied as ")
                    .append(product).append(' ').append(gaveUp.settingName()).append("): another session holds a conflicting lock on what it changes, usually a transaction left"
                            + " open after reading or writing the table. Find it with:")
                    .append(System.lineSeparator()).append("    ").append(gaveUp.blockersQuery()).append(';')
                    .append(System.lineSeparator()).append("  then end that session or let it finish, and run migrate"
                            + " again; or wait longer with statementLockTimeout(Duration) or more attempts with"
                            + " lockRetries(int, Duration).");
        }
        m.append(System.lineSeparator()).append("  ");
        if (rolledBack && gaveUp != null) {
            m.append("Nothing of this script was applied (its transaction was rolled back).");
        } else if (script.repeatable()) {
            m.append(rolledBack ? "Nothing of it was applied (its transaction was rolled back)"
                            : stays + " statement(s) completed and stay applied (" + product + " commits them immediately)")
                    .append("; the versioned scripts of this run stay applied. The history records it as failed; fix it and "
                            + "run migrate again: it runs again from its first statement.");
        } else if (rolledBack) {
            m.append("Nothing of this script was applied (its transaction was rolled back). Fix the script and run ")
                    .append(down ? "the rollback" : "migrate").append(" again.");
        } else if (down) {
            m.append(stays).append(" statement(s) of the down completed and stay applied; the script is still recorded as "
                    + "applied. Undo them by hand or fix the down and roll back again.");
        } else {
            int undoneThrough = error instanceof WorkFailure wf ? wf.undoneThrough : stays;
            m.append(stays).append(" statement(s) completed and stay applied (").append(product)
                    .append(" commits them immediately)");
            if (undoneThrough > stays) {
                m.append("; statement(s) ").append(stays + 1).append(undoneThrough > stays + 1 ? " to " + undoneThrough : "")
                        .append(index > undoneThrough ? " ran in one transaction with the failing statement and were rolled back with it"
                                : " ran in one transaction whose progress record or commit failed, and were rolled back");
            }
            m.append(". The history records the script as failed after ").append(stays).append(" statement(s). Fix the cause, then "
                            + "migrate with resumeFailed(true) to continue from statement ")
                    .append(stays + 1).append(", or undo the completed statements by hand and run repair().");
        }
        int line = statement == null ? 0 : statement.line();
        if (gaveUp != null) {
            return new StatementLockTimeoutException(m.toString(), cause, target, script.version(), script.name(), index, line,
                    stays, rolledBack, sqlState, gaveUp.attempts(), gaveUp.timeout());
        }
        return new ScriptFailedException(m.toString(), cause, target, script.version(), script.name(), index, line, stays,
                rolledBack, sqlState);
    }

    static String shorten(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 197) + "...";
    }
}

package dev.migrator.core.internal.schema;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.MigrationContext;
import dev.migrator.api.ScriptParseException;
import dev.migrator.api.Target;
import dev.migrator.api.TransactionMode;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptSyntax;
import dev.migrator.spi.TargetSession;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs a script's statements on a session: reads and checks the whole text first ({@link #prepare}), then runs it
 * inside the caller's transaction ({@link #execute}) or outside one with its progress recorded as it goes ({@link
 * #executeMarked}). Failures leave as {@link WorkFailure}s that say where they happened. One instance per command run;
 * not thread-safe.
 */
final class ScriptExecutor {

    private final TargetScope scope;
    private final Backend backend;
    private ScriptSyntax scriptSyntax;

    ScriptExecutor(TargetScope scope) {
        this.scope = scope;
        this.backend = scope.backend();
    }

    /** Statements of one script kept from the first read, in characters: larger scripts are read again to run. */
    private static final int KEEP_CHARS = 1 << 20;

    /**
     * The most statements one group of a script run outside a transaction holds (see {@link #executeMarked}): enough
     * that the marker's write costs nothing beside them, few enough that a long run of DML never becomes one huge
     * transaction.
     */
    static final int GROUP_MAX_STATEMENTS = 1_000;

    /**
     * How long a group may run before it commits, whatever its size: by then its marker's write is under 1% of its
     * time, and its locks are not held much longer than when each statement committed by itself.
     */
    static final long GROUP_MAX_NANOS = Duration.ofSeconds(1).toNanos();

    /** What the first read of a text found. */
    private record Reading(List<ParsedStatement> kept, int count, boolean anyRequiresNoTransaction) {}

    Work prepare(LoadedScript script, LoadedScript.Body body) {
        TransactionMode mode = script.transactionMode();
        if (body instanceof LoadedScript.Text text) {
            if (mode == TransactionMode.AUTO) {
                mode = text.marker();
            }
            Reading reading = readThrough(script, text);
            boolean transactional = switch (mode) {
                case TRANSACTIONAL -> true;
                case NON_TRANSACTIONAL -> false;
                // Databases that commit DDL by themselves run each statement on its own, so the history can say
                // exactly how many statements of a failed script completed.
                case AUTO -> backend.transactionalDdl() && !reading.anyRequiresNoTransaction();
            };
            return new Work(script, body, reading.kept(), reading.count(), transactional, mode == TransactionMode.AUTO);
        }
        boolean transactional = mode == TransactionMode.TRANSACTIONAL || (mode == TransactionMode.AUTO && backend.transactionalDdl());
        return new Work(script, body, null, 1, transactional, false);
    }

    /**
     * Reads the whole text once before any statement runs: placeholders, NUL characters, the split and (for a file) the
     * checksum are all checked first, so a bad script runs nothing. The statements are kept when they are few; a large
     * script keeps only its count and is read again, statement by statement, to run.
     */
    private Reading readThrough(LoadedScript script, LoadedScript.Text text) {
        List<ParsedStatement> kept = new ArrayList<>();
        long keptChars = 0;
        int count = 0;
        boolean noTransaction = false;
        try (Reader reader = substituted(script, text)) {
            Iterator<ParsedStatement> statements = backend.parse(reader, script.source());
            while (statements.hasNext()) {
                ParsedStatement statement = statements.next();
                count++;
                noTransaction |= statement.requiresNoTransaction();
                if (kept != null) {
                    keptChars += statement.text().length();
                    if (keptChars > KEEP_CHARS) {
                        kept = null;
                    } else {
                        kept.add(statement);
                    }
                }
            }
        } catch (ScriptParseException e) {
            throw new ScriptParseException(e.getMessage() + " Nothing of the script was run.", e);
        } catch (IOException e) {
            throw new ScriptParseException("Cannot read script " + script.label() + ": " + e.getMessage(), e);
        }
        return new Reading(kept == null ? null : List.copyOf(kept), count, noTransaction);
    }

    private Reader substituted(LoadedScript script, LoadedScript.Text text) {
        ScriptSyntax syntax = scriptSyntax;
        if (syntax == null) {
            syntax = backend.scriptSyntax();
            scriptSyntax = syntax;
        }
        return Placeholders.reader(text.text().open(), scope.resolved().placeholders(), syntax, script.label(), text.checksum());
    }

    /** The statements a dry run shows: a large script's are read again (a plan holds them all). */
    List<String> statementTexts(Work work) {
        if (work.statements() != null) {
            return work.statements().stream().map(ParsedStatement::text).toList();
        }
        List<String> texts = new ArrayList<>(work.count());
        try (Reader reader = substituted(work.script(), (LoadedScript.Text) work.body())) {
            backend.parse(reader, work.script().source()).forEachRemaining(st -> texts.add(st.text()));
        } catch (IOException e) {
            throw new ScriptParseException("Cannot read script " + work.script().label() + ": " + e.getMessage(), e);
        }
        return texts;
    }

    /** Runs the work from statement {@code from}; returns the statements done. */
    int execute(TargetSession session, Work work, int from) {
        if (work.body() instanceof LoadedScript.Code code) {
            try {
                code.code().migrate(new Context(session));
            } catch (RuntimeException e) {
                throw new WorkFailure(0, 0, null, e);
            } catch (Exception e) {
                throw new WorkFailure(0, 0, null, e);
            }
            return 1;
        }
        return withStatements(work, statements -> run(session, statements, from));
    }

    /**
     * Hands a text's statements to {@code body}: the ones kept in memory, or the script read again through
     * placeholders and the splitter (closed afterwards).
     */
    private <T> T withStatements(Work work, java.util.function.Function<Iterator<ParsedStatement>, T> body) {
        if (work.statements() != null) {
            return body.apply(work.statements().iterator());
        }
        try (Reader reader = substituted(work.script(), (LoadedScript.Text) work.body())) {
            return body.apply(backend.parse(reader, work.script().source()));
        } catch (IOException e) {
            throw new WorkFailure(0, 0, null, e); // closing a file that was read to its end
        }
    }

    private int run(TargetSession session, Iterator<ParsedStatement> statements, int from) {
        Cursor cursor = new Cursor(statements, from);
        try {
            for (ParsedStatement st = cursor.next(); st != null; st = cursor.next()) {
                session.execute(st);
                cursor.done++;
            }
        } catch (RuntimeException e) {
            throw new WorkFailure(cursor.done, cursor.done + 1, cursor.current, e).timed(cursor.started);
        }
        return cursor.done;
    }

    /**
     * A script's statements from statement {@code from} on, the ones before it skipped (completed by an earlier run):
     * the one walk both ways of running share, so that they count and blame statements alike. {@code done} counts the
     * statements completed, the skipped ones included; the caller adds each one it runs. {@code current} is the
     * statement being run, {@code null} while reading (a read error is no statement's).
     */
    private static final class Cursor {
        private final Iterator<ParsedStatement> statements;
        private final int from;
        int done;
        ParsedStatement current;
        /** When {@code current} was handed out ({@link System#nanoTime()}). */
        long started;

        Cursor(Iterator<ParsedStatement> statements, int from) {
            this.statements = statements;
            this.from = from;
        }

        /** The next statement to run, or {@code null} at the end. */
        ParsedStatement next() {
            current = null;
            while (statements.hasNext()) {
                ParsedStatement st = statements.next();
                if (done < from) {
                    done++;
                    continue;
                }
                current = st;
                started = System.nanoTime();
                return st;
            }
            return null;
        }
    }

    /**
     * Runs a text outside a transaction from statement {@code from}, keeping {@code marker} up to date (the rules are
     * on {@code MigrateCommand.runUpMarked}: groups, and a trace around each statement that commits by itself); returns
     * whether the success is recorded already (as the last group's marker).
     */
    boolean executeMarked(TargetSession session, Work work, int from, ProgressMarker marker, long t0, LockRetries retries) {
        int start = from;
        while (true) {
            int first = start;
            try {
                return withStatements(work, statements -> runMarked(session, work, statements, first, marker, t0, retries));
            } catch (WorkFailure e) {
                // What the time-out undid (its statement, or its group, rolled back) runs again; what committed stays.
                if (!retries.again(e)) {
                    throw retries.outcome(e);
                }
                start = e.completed;
            }
        }
    }

    private boolean runMarked(TargetSession session, Work work, Iterator<ParsedStatement> statements, int from,
            ProgressMarker marker, long t0, LockRetries retries) {
        Cursor cursor = new Cursor(statements, from);
        int groupStart = -1; // statements done when the open group began; -1 while none is open
        long groupStarted = 0;
        boolean closing = false;
        ParsedStatement lastInGroup = null;
        try {
            for (ParsedStatement current = cursor.next(); current != null; current = cursor.next()) {
                if (work.grouped() && current.groupable() && !current.requiresNoTransaction()) {
                    if (groupStart < 0) {
                        session.begin();
                        groupStart = cursor.done;
                        groupStarted = System.nanoTime();
                    }
                    session.execute(current);
                    lastInGroup = current;
                    cursor.done++;
                    boolean last = cursor.done == work.count();
                    if (last || cursor.done - groupStart >= GROUP_MAX_STATEMENTS || System.nanoTime() - groupStarted >= GROUP_MAX_NANOS) {
                        closing = true;
                        closeGroup(session, marker, cursor.done, last ? work.count() : -1, t0);
                        closing = false;
                        groupStart = -1;
                        if (last) {
                            return true;
                        }
                    }
                    continue;
                }
                if (groupStart >= 0) {
                    closing = true;
                    closeGroup(session, marker, cursor.done, -1, t0);
                    closing = false;
                    groupStart = -1;
                }
                // It commits by itself: the entry must exist before it runs, and count it right after.
                if (!marker.committed()) {
                    marker.progressNow(cursor.done);
                }
                retries.execute(session, current);
                cursor.done++;
                if (cursor.done < work.count()) {
                    try {
                        marker.progressNow(cursor.done);
                    } catch (RuntimeException e) {
                        // That statement is applied; only its record is missing, and the entry still says failed.
                        throw new WorkFailure(cursor.done, cursor.done, current, e);
                    }
                }
            }
        } catch (WorkFailure e) {
            throw e;
        } catch (RuntimeException e) {
            if (groupStart < 0) {
                throw new WorkFailure(cursor.done, cursor.done + 1, cursor.current, e).timed(cursor.started);
            }
            // The group's statements and its marker go together: the history counts what was done before the group.
            session.rollback();
            marker.transactionRolledBack();
            // With i statements done, a failing statement is statement i + 1, after i - groupStart undone; a failing
            // marker or commit is told as the failure of the group's last statement, i.
            int i = cursor.done;
            throw closing ? new WorkFailure(groupStart, i, lastInGroup, e, i)
                    : new WorkFailure(groupStart, i + 1, cursor.current, e, i).timed(cursor.started);
        }
        if (groupStart >= 0) {
            throw new IllegalStateException("A group was left open"); // the last statement closes it
        }
        return false;
    }

    /**
     * Ends the open group: its marker (the success when {@code count} is not -1) then the commit, so both last or
     * neither does.
     */
    private void closeGroup(TargetSession session, ProgressMarker marker, int done, int count, long t0) {
        if (count >= 0) {
            marker.successInTransaction(count, Duration.ofNanos(System.nanoTime() - t0));
        } else {
            marker.progressInTransaction(done);
        }
        session.commit();
        marker.transactionCommitted();
    }

    private final class Context implements MigrationContext {
        private final TargetSession session;

        Context(TargetSession session) {
            this.session = session;
        }

        @Override
        public Target target() {
            return scope.target();
        }

        @Override
        public String schema() {
            return scope.resolved().schema();
        }

        @Override
        public Map<String, String> placeholders() {
            return scope.resolved().placeholders();
        }

        @Override
        public void execute(String statement) {
            session.execute(new ParsedStatement(statement, 0, false));
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            return session.unwrap(type).orElseThrow(() -> new ConfigurationException("The " + backend.product()
                    + " backend has no handle of type " + type.getName() + " here; JDBC backends offer java.sql.Connection; "
                    + "MongoDB offers com.mongodb.client.MongoDatabase and MongoClient always, and ClientSession inside a "
                    + "transaction."));
        }
    }
}

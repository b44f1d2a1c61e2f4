package dev.migrator.api;

import java.util.Optional;

/**
 * A statement of a script failed. The message names the target, the script, the statement's index and line, the
 * statement shortened, the database's own message, and what to do next.
 */
public class ScriptFailedException extends MigratorException {

    private static final long serialVersionUID = 1L;

    private final Target target;
    private final Version version;
    private final String scriptName;
    private final int statementIndex;
    private final int line;
    private final int statementsCompleted;
    private final boolean rolledBack;
    private final String sqlState;

    /**
     * Creates the exception.
     *
     * @param statementIndex 1-based index of the failing statement in the script, 0 for Java code
     * @param line 1-based line where the failing statement starts, 0 when unknown
     * @param statementsCompleted statements of this script that completed and stay applied (0 when rolled back)
     * @param rolledBack whether the database rolled the whole script back
     */
    public ScriptFailedException(
            String message,
            Throwable cause,
            Target target,
            Version version,
            String scriptName,
            int statementIndex,
            int line,
            int statementsCompleted,
            boolean rolledBack,
            String sqlState) {
        this(ErrorCode.SCRIPT_FAILED, message, cause, target, version, scriptName, statementIndex, line, statementsCompleted,
                rolledBack, sqlState);
    }

    /** Creates the exception with a more specific code, for a subclass. */
    protected ScriptFailedException(
            ErrorCode code,
            String message,
            Throwable cause,
            Target target,
            Version version,
            String scriptName,
            int statementIndex,
            int line,
            int statementsCompleted,
            boolean rolledBack,
            String sqlState) {
        super(code, message, cause);
        this.target = target;
        this.version = version;
        this.scriptName = scriptName;
        this.statementIndex = statementIndex;
        this.line = line;
        this.statementsCompleted = statementsCompleted;
        this.rolledBack = rolledBack;
        this.sqlState = sqlState;
    }

    /** The target the script ran on. */
    public Target target() {
        return target;
    }

    /** The failing script's version. */
    public Version version() {
        return version;
    }

    /** The failing script's name. */
    public String scriptName() {
        return scriptName;
    }

    /** 1-based index of the failing statement, 0 for Java code. */
    public int statementIndex() {
        return statementIndex;
    }

    /** 1-based line where the failing statement starts, 0 when unknown. */
    public int line() {
        return line;
    }

    /** Statements of the script that completed before the failure and were not rolled back. */
    public int statementsCompleted() {
        return statementsCompleted;
    }

    /** Whether the whole script was rolled back, leaving nothing behind. */
    public boolean rolledBack() {
        return rolledBack;
    }

    /** The database's SQLSTATE or error code, when it gave one. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}

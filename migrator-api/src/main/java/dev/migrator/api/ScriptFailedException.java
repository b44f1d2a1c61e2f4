package dev.migrator.api;

import java.util.Optional;

/**
 * A statement of a script failed. The message names the target, the script, the statement's index and line, the
 * statement shortened, the database's own message, and what to do next.
 */
public class ScriptFailedException extends MigratorException {

    private static final long serialVersionUID = 1L;

    /** The target the script ran on. */
    private final Target target;

    /** The failing script's version. */
    private final Version version;

    /** The failing script's name. */
    private final String scriptName;

    /** 1-based index of the failing statement, 0 for Java code. */
    private final int statementIndex;

    /** 1-based line where the failing statement starts, 0 when unknown. */
    private final int line;

    /** Statements of the script that completed before the failure and were not rolled back. */
    private final int statementsCompleted;

    /** Whether the whole script was rolled back. */
    private final boolean rolledBack;

    /** The database's SQLSTATE or error code, or {@code null} when it gave none. */
    private final String sqlState;

    /**
     * Creates the exception.
     *
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     * @param target the target the script ran on
     * @param version the failing script's version
     * @param scriptName the failing script's name
     * @param statementIndex 1-based index of the failing statement in the script, 0 for Java code
     * @param line 1-based line where the failing statement starts, 0 when unknown
     * @param statementsCompleted statements of this script that completed and stay applied (0 when rolled back)
     * @param rolledBack whether the database rolled the whole script back
     * @param sqlState the database's SQLSTATE or error code, or {@code null} when it gave none
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

    /**
     * Creates the exception with a more specific code, for a subclass.
     *
     * @param code the stable code of the failure, for programs
     * @param message what happened, where, and what to do; never holds a password
     * @param cause the failure that led to this one
     * @param target the target the script ran on
     * @param version the failing script's version
     * @param scriptName the failing script's name
     * @param statementIndex 1-based index of the failing statement in the script, 0 for Java code
     * @param line 1-based line where the failing statement starts, 0 when unknown
     * @param statementsCompleted statements of this script that completed and stay applied (0 when rolled back)
     * @param rolledBack whether the database rolled the whole script back
     * @param sqlState the database's SQLSTATE or error code, or {@code null} when it gave none
     */
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

    /** {@return the target the script ran on} */
    public Target target() {
        return target;
    }

    /** {@return the failing script's version} */
    public Version version() {
        return version;
    }

    /** {@return the failing script's name} */
    public String scriptName() {
        return scriptName;
    }

    /** {@return the 1-based index of the failing statement, 0 for Java code} */
    public int statementIndex() {
        return statementIndex;
    }

    /** {@return the 1-based line where the failing statement starts, 0 when unknown} */
    public int line() {
        return line;
    }

    /** {@return the statements of the script that completed before the failure and were not rolled back} */
    public int statementsCompleted() {
        return statementsCompleted;
    }

    /** {@return whether the whole script was rolled back, leaving nothing behind} */
    public boolean rolledBack() {
        return rolledBack;
    }

    /** {@return the database's SQLSTATE or error code, when it gave one} */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}

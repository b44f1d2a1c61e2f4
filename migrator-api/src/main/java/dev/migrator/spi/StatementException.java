package dev.migrator.spi;

import dev.migrator.api.DatabaseException;
import java.util.Optional;

/** The database rejected one statement; the engine turns it into a script failure with context. */
public class StatementException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** The SQLSTATE or vendor code, or {@code null}. */
    private final String sqlState;

    /** What the error means and what to do, in the backend's words, or {@code null}. */
    private final String hint;

    /**
     * Creates the exception.
     *
     * @param databaseMessage the database's own message
     * @param sqlState the SQLSTATE or vendor code, or {@code null}
     * @param cause the failure that led to this one
     */
    public StatementException(String databaseMessage, String sqlState, Throwable cause) {
        this(databaseMessage, sqlState, null, cause);
    }

    /**
     * Creates the exception with the backend's explanation of the error.
     *
     * @param databaseMessage the database's own message
     * @param sqlState the SQLSTATE or vendor code, or {@code null}
     * @param hint what the error means and what to do, in the backend's words (e.g. that a statement timeout cancelled
     *     the statement and which setting raises it), or {@code null}
     * @param cause the failure that led to this one
     */
    public StatementException(String databaseMessage, String sqlState, String hint, Throwable cause) {
        super(databaseMessage, cause);
        this.sqlState = sqlState;
        this.hint = hint;
    }

    /** {@return the SQLSTATE or vendor code, or {@code null}} */
    public String sqlState() {
        return sqlState;
    }

    /** {@return what the error means and what to do, when the backend knows more than the database's message says} */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}

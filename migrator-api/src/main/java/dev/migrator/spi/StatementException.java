package dev.migrator.spi;

import dev.migrator.api.DatabaseException;

/** The database rejected one statement; the engine turns it into a script failure with context. */
public class StatementException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;

    /**
     * Creates the exception.
     *
     * @param databaseMessage the database's own message
     * @param sqlState the SQLSTATE or vendor code, or {@code null}
     */
    public StatementException(String databaseMessage, String sqlState, Throwable cause) {
        super(databaseMessage, cause);
        this.sqlState = sqlState;
    }

    /** The SQLSTATE or vendor code, or {@code null}. */
    public String sqlState() {
        return sqlState;
    }
}

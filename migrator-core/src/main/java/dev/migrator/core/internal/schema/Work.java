package dev.migrator.core.internal.schema;

import dev.migrator.api.TransactionMode;
import dev.migrator.spi.ParsedStatement;
import java.util.List;

/**
 * A script's up or down, checked and ready to run.
 *
 * @param statements every statement, placeholders substituted, when the text was small enough to keep them;
 *     {@code null} for a larger text (read again as it runs) and for Java code
 * @param count the number of statements (1 for Java code)
 * @param grouped whether, outside a transaction, statements that can share one run in groups with their progress
 *     record ({@link ScriptExecutor#executeMarked}); false when the script asked for no transaction itself ({@link
 *     TransactionMode#NON_TRANSACTIONAL}, {@code -- migrator:no-transaction}): then each statement commits by
 *     itself, as documented
 */
record Work(LoadedScript script, LoadedScript.Body body, List<ParsedStatement> statements, int count, boolean transactional,
        boolean grouped) {
    boolean isCode() {
        return body instanceof LoadedScript.Code;
    }
}

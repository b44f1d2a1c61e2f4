package dev.migrator.spi;

import java.util.Optional;

/**
 * How a backend's script language receives placeholder values. The engine substitutes {@code ${literal:name}} with
 * {@link #literal}, {@code ${identifier:name}} with {@link #identifier}, and pastes {@code ${name}} as it is only when
 * {@link #rawHazard} finds nothing ({@code ${raw:name}} is pasted unchecked). Thread-safe.
 */
public interface ScriptSyntax {

    /**
     * {@return the value as a string literal of the script language, quoted and escaped so that the splitter and the
     * server both read exactly the value back: an SQL string literal, a JSON string on MongoDB}
     *
     * @param value the value of a placeholder
     */
    String literal(String value);

    /**
     * {@return the value validated and quoted as a name (a table, schema or collection name)}
     *
     * @param value the value of a placeholder
     * @throws dev.migrator.api.InvalidIdentifierException naming the value and the rule when it is not a valid name
     */
    String identifier(String value);

    /**
     * {@return what in a value pasted raw could end the statement, start another or open a comment, described for a
     * message, e.g. {@code ';' (a statement separator)}; empty when the value holds none of it}
     *
     * @param value the value of a placeholder
     */
    Optional<String> rawHazard(String value);
}

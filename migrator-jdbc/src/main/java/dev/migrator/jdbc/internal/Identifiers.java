package dev.migrator.jdbc.internal;

import dev.migrator.api.InvalidIdentifierException;

/** Validation of identifiers that come from outside (schema and table names) before they are quoted into SQL. */
public final class Identifiers {

    /** The rule, as users read it in messages. */
    public static final String RULE = "a letter or '_' then up to 62 letters, digits or '_' ([A-Za-z_][A-Za-z0-9_]{0,62})";

    private Identifiers() {}

    /**
     * Returns the identifier when it is plain; linear, no regular expression.
     *
     * @param what what the identifier names, for the message, e.g. {@code schema}
     * @throws InvalidIdentifierException naming the value and the rule otherwise
     */
    public static String require(String what, String value) {
        if (!isPlain(value)) {
            throw new InvalidIdentifierException("Invalid " + what + " name '" + value + "': use " + RULE
                    + ", e.g. app or cli_dev. It is never concatenated into SQL unchecked.");
        }
        return value;
    }

    /**
     * The one escaping rule of every vendor, with its own quote mark ({@code "} or {@code `}): the name in the marks, an
     * embedded mark doubled, so that no name can end the quoted identifier early. It escapes and never refuses: names
     * from configuration go through {@link #require} first ({@link Dialect#quote}), names from the catalog do not.
     */
    public static String delimit(String identifier, char mark) {
        String one = String.valueOf(mark);
        return one + identifier.replace(one, one + one) + one;
    }

    /** Whether the value matches {@code [A-Za-z_][A-Za-z0-9_]{0,62}}. */
    public static boolean isPlain(String value) {
        if (value == null || value.isEmpty() || value.length() > 63) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (!(letter || (i > 0 && digit))) {
                return false;
            }
        }
        return true;
    }
}

package dev.migrator.core.internal;

import dev.migrator.api.InvalidIdentifierException;
import java.util.regex.Pattern;

/** Validates names that come from outside before any backend sees them; backends quote them as well. */
public final class Identifiers {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private Identifiers() {}

    /**
     * Returns the name when it is a plain identifier.
     *
     * @param what what the name is, for the message, e.g. {@code "Schema name for connection 'core'"}
     * @throws InvalidIdentifierException naming the value and the rule otherwise
     */
    public static String requirePlain(String name, String what) {
        if (name == null || !PLAIN.matcher(name).matches()) {
            throw new InvalidIdentifierException(what + " '" + name + "' is not a plain identifier: use a letter or '_' "
                    + "followed by up to 62 letters, digits or '_' (e.g. cli_dev). It is never concatenated into SQL; "
                    + "nothing was created.");
        }
        return name;
    }
}

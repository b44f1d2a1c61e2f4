package dev.migrator.core.internal.schema;

import dev.migrator.api.ScriptParseException;

/**
 * Script names are shown in logs, {@code status} and history: a character that is invisible or reorders text (U+202E
 * RIGHT-TO-LEFT OVERRIDE, zero-width spaces, control characters, unassigned and private-use code points) could make
 * one script look like another there, so such names are refused, and messages show those characters escaped.
 */
final class ScriptNames {

    private ScriptNames() {}

    /**
     * Returns the name when every character of it is visible.
     *
     * @param what the name's owner for the message, e.g. {@code "Script file /db/V1__x.sql"}; escaped here
     * @param fix what to do, e.g. {@code "Rename the file with visible characters only."}
     * @throws ScriptParseException naming the first such character, escaped, and its Unicode name
     */
    static String requireVisible(String name, String what, String fix) {
        for (int k = 0; k < name.length(); ) {
            int cp = name.codePointAt(k);
            if (hidden(cp)) {
                String unicodeName = Character.getName(cp);
                throw new ScriptParseException(escape(what) + " has a name with the character " + escape(Character.toString(cp))
                        + " (" + (unicodeName == null ? "unassigned" : unicodeName) + "), which could disguise it in logs"
                        + " and status. " + fix);
            }
            k += Character.charCount(cp);
        }
        return name;
    }

    /**
     * How messages name a script: as its file is named ({@code V1__create.sql} as {@code V1__create},
     * {@code 000013_create_webhooks.sql} as {@code 000013_create_webhooks}) when its source ends in a script file name,
     * else {@code V{version}__{name}} (a script registered in code). Invisible characters escaped.
     */
    static String display(dev.migrator.api.Version version, String name, String source) {
        if (source != null) {
            int slash = Math.max(source.lastIndexOf('/'), Math.max(source.lastIndexOf('\\'), source.lastIndexOf(':')));
            String file = source.substring(slash + 1);
            if (ScriptDiscovery.parseNameQuietly(file)) {
                return escape(file.substring(0, file.lastIndexOf('.')));
            }
        }
        return "V" + version + "__" + escape(name);
    }

    /**
     * How messages name a script known only from the history (no local file): its version and name as recorded,
     * never a file name that may exist nowhere.
     */
    static String recorded(Object version, String name) {
        return "version " + version + " (" + escape(name) + ")";
    }

    /** Whether a name holds a character {@link #requireVisible} refuses. */
    static boolean anyHidden(String text) {
        return text.codePoints().anyMatch(ScriptNames::hidden);
    }

    /** The text with each invisible or reordering character written as {@code \\uXXXX}, for messages and logs. */
    static String escape(String text) {
        if (!anyHidden(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (hidden(cp)) {
                for (char c : Character.toChars(cp)) {
                    out.append(String.format("\\u%04X", (int) c));
                }
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static boolean hidden(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}

package dev.migrator.jdbc.internal.mysql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Column type comparisons for the MySQL/MariaDB linter. */
final class MysqlTypes {

    private static final Pattern VARCHAR = Pattern.compile("^varchar\\((\\d+)\\)$");
    private static final Pattern INT_WIDTH = Pattern.compile("^(tinyint|smallint|mediumint|int|bigint)\\(\\d+\\)");

    private MysqlTypes() {}

    /** Lower case, no spaces, {@code integer} as {@code int}, integer display widths dropped ({@code int(11)}). */
    static String normalize(String type) {
        String t = type.toLowerCase(Locale.ROOT).replaceAll("\\s+", "").replace("integer", "int");
        if (t.startsWith("bool")) {
            t = "tinyint(1)";
        }
        if (!t.startsWith("tinyint(1)")) {
            Matcher m = INT_WIDTH.matcher(t);
            if (m.find()) {
                t = m.group(1) + t.substring(m.end());
            }
        }
        return t;
    }

    /**
     * Whether a VARCHAR grows in place: a longer VARCHAR whose length prefix keeps its size (1 byte up to 255 bytes, 2
     * beyond), read from the column's octet length and the characters the new length adds at the same bytes per
     * character.
     */
    static boolean inPlaceWidening(MysqlLintCatalog.Column old, String newType) {
        Matcher a = VARCHAR.matcher(normalize(old.type()));
        Matcher b = VARCHAR.matcher(newType);
        if (!a.matches() || !b.matches() || old.octetLength() < 0) {
            return false;
        }
        long oldChars = Long.parseLong(a.group(1));
        long newChars = Long.parseLong(b.group(1));
        if (newChars < oldChars || oldChars == 0) {
            return false;
        }
        long bytesPerChar = old.octetLength() / oldChars;
        long newOctets = newChars * bytesPerChar;
        return (old.octetLength() < 256) == (newOctets < 256);
    }
}

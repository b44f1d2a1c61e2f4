package dev.migrator.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A name that came from outside, checked against one of migrator's naming rules — the only place those rules are
 * written. Each kind has a factory that returns a validated value or throws {@link InvalidIdentifierException} naming
 * the rule and an example, and a test ({@code isPlain}, ...) for callers that word their own message.
 *
 * <ul>
 *   <li>{@linkplain #plain plain}: a schema, table or history-table name — a letter or '_' followed by up to 62
 *       letters, digits or '_' (PostgreSQL's limit of 63 bytes, ASCII only), e.g. {@code cli_dev}. Safe unquoted in
 *       every backend, and still always quoted.
 *   <li>{@linkplain #environment environment}: an environment id that fills {@code {environment}} in a schema pattern
 *       — 1 to 40 letters, digits or '_', e.g. {@code staging_2}. Upper case is allowed: the schema made from it is
 *       quoted, so {@code cli_Staging} is a schema of its own.
 *   <li>{@linkplain #label label}: a backup label — 1 to 40 letters, digits or '_', e.g. {@code before_v42}.
 *   <li>{@linkplain #name(String, int) name}: the name of a run or a namespace (data migration, project, connection,
 *       metadata namespace) — 1 to a limit of letters, digits, '_', '.' or '-', e.g. {@code import_tasks_2025}.
 * </ul>
 *
 * <p>Immutable; equal when kind and value are equal.
 */
public final class Identifier {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    /** The longest environment id and backup label. */
    static final int MAX_WORD = 40;

    /** Which rule a value was checked against. */
    public enum Kind {
        /** A schema, table or history-table name, safe unquoted in every backend: {@code cli_dev}. */
        PLAIN("a letter or '_' followed by up to 62 letters, digits or '_'", "cli_dev"),
        /** An environment id, which schema patterns' {@code {environment}} expands to: {@code staging_2}. */
        ENVIRONMENT("1 to " + MAX_WORD + " letters, digits or '_'", "staging_2"),
        /** A backup label, part of the backup's id: {@code before_v42}. */
        LABEL("1 to " + MAX_WORD + " letters, digits or '_'", "before_v42"),
        /**
         * The name of a run or a namespace (data migration, project, connection, metadata namespace):
         * {@code import_tasks_2025}.
         */
        NAME("letters, digits, '_', '.' or '-'", "import_tasks_2025");

        private final String rule;
        private final String example;

        Kind(String rule, String example) {
            this.rule = rule;
            this.example = example;
        }

        /** {@return the rule in words, as messages say it after "use"} */
        public String rule() {
            return rule;
        }

        /** {@return a value that passes} */
        public String example() {
            return example;
        }
    }

    private final Kind kind;
    private final String value;

    private Identifier(Kind kind, String value) {
        this.kind = kind;
        this.value = value;
    }

    /**
     * {@return whether {@code value} is a plain identifier (see the class comment)} {@code null} is not.
     *
     * @param value the text to check; may be {@code null}
     */
    public static boolean isPlain(String value) {
        return value != null && PLAIN.matcher(value).matches();
    }

    /**
     * {@return whether {@code value} is an environment id} {@code null} is not.
     *
     * @param value the text to check; may be {@code null}
     */
    public static boolean isEnvironment(String value) {
        return isWord(value, MAX_WORD);
    }

    /**
     * {@return whether {@code value} is a backup label} {@code null} is not.
     *
     * @param value the text to check; may be {@code null}
     */
    public static boolean isLabel(String value) {
        return isWord(value, MAX_WORD);
    }

    /**
     * {@return whether {@code value} is 1 to {@code maxLength} letters, digits or '_'} {@code null} is not.
     *
     * @param value the text to check; may be {@code null}
     * @param maxLength the longest allowed length
     */
    public static boolean isWord(String value, int maxLength) {
        return value != null && !value.isEmpty() && value.length() <= maxLength && WORD.matcher(value).matches();
    }

    /**
     * {@return whether {@code value} is a name of 1 to {@code maxLength} letters, digits, '_', '.' or '-'} {@code null}
     * is not.
     *
     * @param value the text to check; may be {@code null}
     * @param maxLength the longest allowed length
     */
    public static boolean isName(String value, int maxLength) {
        return value != null && !value.isEmpty() && value.length() <= maxLength && NAME.matcher(value).matches();
    }

    /**
     * A plain identifier.
     *
     * @param value the text to check
     * @return the identifier, of kind {@link Kind#PLAIN}
     * @throws InvalidIdentifierException naming the value, the rule and an example otherwise
     */
    public static Identifier plain(String value) {
        return checked(Kind.PLAIN, value, isPlain(value), "is not a plain identifier");
    }

    /**
     * An environment id.
     *
     * @param value the text to check
     * @return the identifier, of kind {@link Kind#ENVIRONMENT}
     * @throws InvalidIdentifierException naming the value, the rule and an example otherwise
     */
    public static Identifier environment(String value) {
        return checked(Kind.ENVIRONMENT, value, isEnvironment(value), "is not an environment id");
    }

    /**
     * A backup label.
     *
     * @param value the text to check
     * @return the identifier, of kind {@link Kind#LABEL}
     * @throws InvalidIdentifierException naming the value, the rule and an example otherwise
     */
    public static Identifier label(String value) {
        return checked(Kind.LABEL, value, isLabel(value), "is not a label");
    }

    /**
     * A name of at most {@code maxLength} characters.
     *
     * @param value the text to check
     * @param maxLength the longest allowed length
     * @return the identifier, of kind {@link Kind#NAME}
     * @throws InvalidIdentifierException naming the value, the rule and an example otherwise
     */
    public static Identifier name(String value, int maxLength) {
        if (!isName(value, maxLength)) {
            throw new InvalidIdentifierException("'" + value + "' is not a name: use 1 to " + maxLength + " "
                    + Kind.NAME.rule() + ", e.g. " + Kind.NAME.example() + ".");
        }
        return new Identifier(Kind.NAME, value);
    }

    private static Identifier checked(Kind kind, String value, boolean valid, String problem) {
        if (!valid) {
            throw new InvalidIdentifierException("'" + value + "' " + problem + ": use " + kind.rule() + ", e.g. "
                    + kind.example() + ".");
        }
        return new Identifier(kind, value);
    }

    /** {@return the rule the value was checked against} */
    public Kind kind() {
        return kind;
    }

    /** {@return the value as given} */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identifier other && kind == other.kind && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    /** The value itself. */
    @Override
    public String toString() {
        return value;
    }
}

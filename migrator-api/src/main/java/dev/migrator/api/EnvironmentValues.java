package dev.migrator.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rules for configuration files: how {@code ${NAME}} and {@code ${NAME:default}} in a value are expanded, and how
 * large a file may be. {@link MigrationManager.Builder#configFile(java.nio.file.Path)} applies them, and a tool that
 * wraps migrator and reads configuration files of its own (the {@code migrator} command does) uses this class, so that
 * one file means the same to both.
 *
 * <p>A default may itself hold expressions, {@value #MAX_DEPTH} levels at most: {@code ${DB_USER:${APP_USER:app}}} is
 * {@code DB_USER} if set, else {@code APP_USER} if set, else {@code app}. A default is expanded only when its variable
 * is unset, and a value taken from the environment is used as it is, never expanded again. Every <code>${</code> starts an
 * expression: one that is not closed, has no valid name ({@code [A-Za-z_][A-Za-z0-9_]*}) or nests too deep is an error,
 * never literal text. To use the text <code>${</code> itself, put the value in an environment variable.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class EnvironmentValues {

    /**
     * The largest configuration file, in bytes (1 MiB): connections and settings fit many times over. A larger file
     * is refused, before it is read, with its size and this limit.
     */
    public static final long MAX_CONFIG_FILE_BYTES = 1024 * 1024;

    /** How deep defaults may nest; also what keeps a hostile value from exhausting the stack. */
    public static final int MAX_DEPTH = 4;

    /** How much of an expression a message shows, so that a hostile value cannot flood it. */
    private static final int SHOWN = 80;

    private sealed interface Part {}

    private record Text(String text) implements Part {}

    /** {@code ${name}}, or {@code ${name:fallback}} when a fallback is present. */
    private record Variable(String name, Optional<List<Part>> fallback) implements Part {}

    private final String value;
    private int pos;
    private int top;

    private EnvironmentValues(String value) {
        this.value = value;
    }

    /**
     * Expands every expression in {@code value}: each variable from {@code environment}, else from its default.
     * Whether a variable is set is {@code environment}'s answer: {@code null} means unset, anything else (the empty
     * text too) is the value.
     *
     * @param value a configuration value, e.g. {@code jdbc:postgresql://${DB_HOST:localhost}/app}
     * @param environment the variables, e.g. {@code System::getenv} or {@code map::get}
     * @return the value with every expression replaced; {@code value} itself when it holds none
     * @throws ConfigurationException when an expression is not closed, has no valid name or nests deeper than
     *     {@value #MAX_DEPTH}, or when a variable is unset and has no default. The message says what is wrong and
     *     shows the expression (shortened), but not where the value is: the caller adds the file, line or option.
     * @throws NullPointerException when {@code value} or {@code environment} is {@code null}
     */
    public static String expand(String value, Function<String, String> environment) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(environment, "environment");
        if (value.indexOf("${") < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        expand(new EnvironmentValues(value).parts(0), environment, out);
        return out.toString();
    }

    /**
     * Checks the expressions in {@code value} without expanding them; for a reader that knows where the value is (its
     * line) only before it knows the environment. Unset variables are not checked: {@link #expand} does that.
     *
     * @param value a configuration value
     * @throws ConfigurationException when an expression is not closed, has no valid name or nests deeper than
     *     {@value #MAX_DEPTH}; the message is the one {@link #expand} gives
     * @throws NullPointerException when {@code value} is {@code null}
     */
    public static void check(String value) {
        Objects.requireNonNull(value, "value");
        if (value.indexOf("${") >= 0) {
            new EnvironmentValues(value).parts(0);
        }
    }

    private static void expand(List<Part> parts, Function<String, String> environment, StringBuilder out) {
        for (Part part : parts) {
            if (part instanceof Text text) {
                out.append(text.text());
            } else if (part instanceof Variable variable) {
                String resolved = environment.apply(variable.name());
                if (resolved != null) {
                    out.append(resolved);
                } else if (variable.fallback().isPresent()) {
                    expand(variable.fallback().get(), environment, out);
                } else {
                    throw new ConfigurationException("environment variable " + variable.name() + " is not set and has no"
                            + " default. Set it, or write ${" + variable.name() + ":default}.");
                }
            }
        }
    }

    /** Text and expressions up to the end of the value, or (inside a default) up to the '}' that closes it. */
    private List<Part> parts(int depth) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (pos < value.length()) {
            char c = value.charAt(pos);
            if (depth > 0 && c == '}') {
                break;
            }
            if (c == '$' && value.startsWith("{", pos + 1)) {
                if (!text.isEmpty()) {
                    parts.add(new Text(text.toString()));
                    text.setLength(0);
                }
                if (depth == 0) {
                    top = pos;
                }
                parts.add(variable(depth + 1));
            } else {
                text.append(c);
                pos++;
            }
        }
        if (!text.isEmpty()) {
            parts.add(new Text(text.toString()));
        }
        return parts;
    }

    private Variable variable(int depth) {
        // Checked before the level is parsed: 100,000 nested defaults must give this error, not a StackOverflowError.
        if (depth > MAX_DEPTH) {
            throw new ConfigurationException("'" + shown(closingOfTop()) + "' nests defaults more than " + MAX_DEPTH
                    + " deep. Use at most " + MAX_DEPTH + " levels, e.g. ${A:${B:${C:${D:x}}}}.");
        }
        pos += 2;
        int nameStart = pos;
        while (pos < value.length() && isNameChar(value.charAt(pos), pos == nameStart)) {
            pos++;
        }
        String name = value.substring(nameStart, pos);
        if (pos >= value.length()) {
            throw unclosed();
        }
        char next = value.charAt(pos);
        if (name.isEmpty() && (next == '}' || next == ':')) {
            throw new ConfigurationException("'" + shown(closingOfTop()) + "' has no variable name. Write ${NAME} or"
                    + " ${NAME:default}, NAME being letters, digits or '_', not starting with a digit.");
        }
        if (next != '}' && next != ':') {
            throw new ConfigurationException("'" + shown(pos + 1) + "' is not ${NAME} or ${NAME:default} (NAME: letters,"
                    + " digits or '_', not starting with a digit). To use the text '${' itself, put the value in an"
                    + " environment variable and write ${NAME}: values from the environment are taken as they are.");
        }
        pos++;
        if (next == '}') {
            return new Variable(name, Optional.empty());
        }
        List<Part> fallback = parts(depth);
        if (pos >= value.length()) {
            throw unclosed();
        }
        pos++;
        return new Variable(name, Optional.of(fallback));
    }

    private ConfigurationException unclosed() {
        return new ConfigurationException("'" + shown(value.length()) + "' has no closing '}'. Close it; to use the text"
                + " '${' itself, put the value in an environment variable and write ${NAME}: values from the environment"
                + " are taken as they are.");
    }

    /** Where the outermost expression would end if its braces balance, else the end of the value; for messages. */
    private int closingOfTop() {
        int open = 0;
        for (int i = top; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '{') {
                open++;
            } else if (c == '}' && --open == 0) {
                return i + 1;
            }
        }
        return value.length();
    }

    /** The outermost expression up to {@code end}, shortened to {@value #SHOWN} characters. */
    private String shown(int end) {
        return end - top <= SHOWN ? value.substring(top, end) : value.substring(top, top + SHOWN) + "...";
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (!first && c >= '0' && c <= '9');
    }
    /**
     * Whether a configuration option holds a secret (its name mentions a password, passphrase, secret or token), so that
     * an error about its value must not show the value: a malformed <code>${</code> inside a password would otherwise put the
     * rest of the password into a message.
     *
     * @param option the option's name, e.g. {@code password}
     * @return {@code true} when an error must not show the option's value
     */
    public static boolean isSecret(String option) {
        String o = option.toLowerCase(java.util.Locale.ROOT);
        return o.contains("password") || o.contains("passphrase") || o.contains("secret") || o.contains("token");
    }

    /** {@return what to say about a malformed expression in a secret option, without showing any of its value} */
    public static String secretProblem() {
        return "a ${...} expression in this secret value is malformed (the value is not shown). Write ${NAME} or "
                + "${NAME:default}, NAME being letters, digits or '_', or set the whole value in an environment variable.";
    }
}

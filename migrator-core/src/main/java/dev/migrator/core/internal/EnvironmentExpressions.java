package dev.migrator.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code ${NAME}} and {@code ${NAME:default}} expressions of a configuration value. A default may itself hold
 * expressions, {@value #MAX_DEPTH} levels at most ({@code ${DB_USER:${APP_USER:app}}}); it is expanded only when its
 * variable is unset. Every {@code ${} starts an expression: one that is not closed or has no valid name is an error,
 * never literal text. Values taken from the environment are never expanded again.
 */
final class EnvironmentExpressions {

    /** How deep defaults may nest; also what keeps a hostile value from exhausting the stack. */
    static final int MAX_DEPTH = 4;

    private static final int SHOWN = 80;

    /** What a value is made of. */
    sealed interface Part {}

    /** Text taken as it is. */
    record Text(String text) implements Part {}

    /** {@code ${name}}, or {@code ${name:fallback}} when a fallback is present. */
    record Variable(String name, Optional<List<Part>> fallback) implements Part {}

    /** A value that cannot be expanded; the message says why and shows the expression, but not where it is. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final String value;
    private int pos;
    private int top;

    private EnvironmentExpressions(String value) {
        this.value = value;
    }

    /**
     * The parts of a value.
     *
     * @throws Invalid when an expression is not closed, has no valid name or nests too deep
     */
    static List<Part> parse(String value) {
        EnvironmentExpressions parser = new EnvironmentExpressions(value);
        return parser.parts(0);
    }

    /**
     * Expands the value, each variable from the environment, else from its default.
     *
     * @throws Invalid when the value is malformed, or a variable is unset and has no default
     */
    static String expand(String value, Function<String, String> environment) {
        if (value.indexOf("${") < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        expand(parse(value), environment, out);
        return out.toString();
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
                    throw new Invalid("environment variable " + variable.name() + " is not set and has no default. "
                            + "Set it, or write ${" + variable.name() + ":default}.");
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
        if (depth > MAX_DEPTH) {
            int end = closingOfTop();
            throw new Invalid("'" + shown(end) + "' nests defaults more than " + MAX_DEPTH + " deep. Use at most "
                    + MAX_DEPTH + " levels, e.g. ${A:${B:${C:${D:x}}}}.");
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
            throw new Invalid("'" + shown(closingOfTop()) + "' has no variable name. Write ${NAME} or ${NAME:default},"
                    + " NAME being letters, digits or '_', not starting with a digit.");
        }
        if (next != '}' && next != ':') {
            throw new Invalid("'" + shown(pos + 1) + "' is not ${NAME} or ${NAME:default} (NAME: letters, digits or"
                    + " '_', not starting with a digit). To use the text '${' itself, put the value in an environment"
                    + " variable and write ${NAME}: values from the environment are taken as they are.");
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

    private Invalid unclosed() {
        return new Invalid("'" + shown(value.length()) + "' has no closing '}'. Close it; to use the text '${' itself,"
                + " put the value in an environment variable and write ${NAME}: values from the environment are taken"
                + " as they are.");
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

    /** The outermost expression up to {@code end}, shortened so that a hostile value cannot flood a message. */
    private String shown(int end) {
        return end - top <= SHOWN ? value.substring(top, end) : value.substring(top, top + SHOWN) + "...";
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (!first && c >= '0' && c <= '9');
    }
}

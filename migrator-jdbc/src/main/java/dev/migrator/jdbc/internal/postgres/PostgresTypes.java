package dev.migrator.jdbc.internal.postgres;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which column type changes PostgreSQL makes without rewriting the table: a binary-coercible change whose new type
 * accepts every old value. Known cases only; anything else counts as a rewrite (the safe answer for a linter).
 */
final class PostgresTypes {

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("varchar", "character varying"),
            Map.entry("int", "integer"),
            Map.entry("int4", "integer"),
            Map.entry("int8", "bigint"),
            Map.entry("int2", "smallint"),
            Map.entry("decimal", "numeric"),
            Map.entry("bool", "boolean"),
            Map.entry("char", "character"),
            Map.entry("bpchar", "character"),
            Map.entry("float8", "double precision"),
            Map.entry("float4", "real"),
            Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timestamptz", "timestamp with time zone"),
            Map.entry("varbit", "bit varying"));

    private static final Pattern TYPE = Pattern.compile("^([a-z][a-z0-9 ]*?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?$");

    private PostgresTypes() {}

    /** A type written as parsed: its base name and modifiers ({@code -1} when absent). */
    private record Parsed(String base, int length, int scale) {}

    private static Parsed parse(String type) {
        String t = type.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replace("pg_catalog.", "").strip();
        Matcher m = TYPE.matcher(t);
        if (!m.matches()) {
            return new Parsed(t, -1, -1);
        }
        String base = m.group(1).strip();
        base = ALIASES.getOrDefault(base, base);
        return new Parsed(base, m.group(2) == null ? -1 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? -1 : Integer.parseInt(m.group(3)));
    }

    /**
     * Whether changing a column from {@code from} ({@code format_type}'s text) to {@code to} (as a script writes it)
     * keeps the table as it is.
     */
    static boolean binaryCoercible(String from, String to) {
        Parsed a = parse(from);
        Parsed b = parse(to);
        if (a.equals(b)) {
            return true;
        }
        boolean aText = a.base().equals("character varying") || a.base().equals("text");
        if (aText && b.base().equals("text")) {
            return true;
        }
        if (aText && b.base().equals("character varying")) {
            // Unlimited, or at least as long: no value is checked or changed.
            return b.length() < 0 || a.base().equals("character varying") && a.length() >= 0 && b.length() >= a.length();
        }
        if (a.base().equals("numeric") && b.base().equals("numeric")) {
            return b.length() < 0 || a.length() >= 0 && b.length() >= a.length() && b.scale() == a.scale();
        }
        if (a.base().equals("bit varying") && b.base().equals("bit varying")) {
            return b.length() < 0 || a.length() >= 0 && b.length() >= a.length();
        }
        return false;
    }
}

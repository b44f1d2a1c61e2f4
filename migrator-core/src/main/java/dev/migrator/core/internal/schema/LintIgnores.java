package dev.migrator.core.internal.schema;

import dev.migrator.spi.ParsedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code -- migrator:lint-ignore RULE reason} comments of a script, bound to the statement they stand before.
 * Only the comment lines directly above a statement's first line count (blank lines between are allowed), so an
 * ignore never reaches past the statement it was written for.
 */
final class LintIgnores {

    static final String MARKER = "migrator:lint-ignore";

    /** An ignore comment without a reason: reported, and it suppresses nothing. */
    record Unexplained(int statement, String ruleId, int line) {}

    /** By statement index: rule id (upper case) to reason. */
    private final Map<Integer, Map<String, String>> reasons;
    private final List<Unexplained> unexplained;

    private LintIgnores(Map<Integer, Map<String, String>> reasons, List<Unexplained> unexplained) {
        this.reasons = reasons;
        this.unexplained = unexplained;
    }

    static LintIgnores of(String text, List<ParsedStatement> statements) {
        String[] lines = text.split("\r\n|\n|\r", -1);
        Map<Integer, Map<String, String>> reasons = new HashMap<>();
        List<Unexplained> unexplained = new ArrayList<>();
        for (int s = 0; s < statements.size(); s++) {
            // Walk up from the line before the statement while lines are comments or blank.
            for (int l = statements.get(s).line() - 2; l >= 0; l--) {
                String line = lines[l].strip();
                if (line.isEmpty()) {
                    continue;
                }
                String body;
                if (line.startsWith("--")) {
                    body = line.substring(2).strip();
                } else if (line.startsWith("#")) {
                    body = line.substring(1).strip();
                } else {
                    break;
                }
                if (!body.toLowerCase(Locale.ROOT).startsWith(MARKER)) {
                    continue;
                }
                String[] parts = body.substring(MARKER.length()).strip().split("\\s+", 2);
                if (parts[0].isEmpty()) {
                    unexplained.add(new Unexplained(s, "<RULE>", l + 1));
                    continue;
                }
                String rule = parts[0].toUpperCase(Locale.ROOT);
                String reason = parts.length > 1 ? parts[1].strip() : "";
                if (reason.isEmpty()) {
                    unexplained.add(new Unexplained(s, rule, l + 1));
                } else {
                    reasons.computeIfAbsent(s, k -> new HashMap<>()).putIfAbsent(rule, reason);
                }
            }
        }
        return new LintIgnores(reasons, List.copyOf(unexplained));
    }

    /** The reason given for ignoring {@code ruleId} on statement {@code index}, if any. */
    Optional<String> reason(int index, String ruleId) {
        return Optional.ofNullable(reasons.getOrDefault(index, Map.of()).get(ruleId.toUpperCase(Locale.ROOT)));
    }

    List<Unexplained> unexplained() {
        return unexplained;
    }
}

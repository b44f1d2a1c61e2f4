package dev.migrator.core.internal.schema;

import dev.migrator.api.TransactionMode;
import java.util.Locale;

/** Reads the {@code -- migrator:no-transaction} marker from a script's leading comment lines. */
final class TransactionMarkers {

    static final String NO_TRANSACTION = "migrator:no-transaction";

    private TransactionMarkers() {}

    static TransactionMode modeOf(String text) {
        int i = 0;
        int n = text.length();
        // Only the comment lines before the first statement count, so the marker cannot hide mid-script.
        while (i < n) {
            int end = text.indexOf('\n', i);
            if (end < 0) {
                end = n;
            }
            String line = text.substring(i, end).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.startsWith("--") || line.startsWith("#") || line.startsWith("//")) {
                String body = line.replaceFirst("^(--|#|//)\\s*", "").toLowerCase(Locale.ROOT);
                if (body.startsWith(NO_TRANSACTION)) {
                    return TransactionMode.NON_TRANSACTIONAL;
                }
            } else if (!line.isEmpty()) {
                break;
            }
            i = end + 1;
        }
        return TransactionMode.AUTO;
    }
}

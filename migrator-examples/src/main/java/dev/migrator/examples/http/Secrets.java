package dev.migrator.examples.http;

import dev.migrator.api.ConnectionConfig;
import java.util.ArrayList;
import java.util.List;

/** The service's secrets — the token and the connections' passwords — and the scrubbing of text that leaves it. */
final class Secrets {

    private final List<String> secrets;

    Secrets(ServiceConfig config) {
        List<String> known = new ArrayList<>();
        known.add(config.token());
        config.connections().values().stream().map(ServiceConfig.Connection::password)
                .filter(p -> p != null && p.length() >= 3).forEach(known::add);
        this.secrets = List.copyOf(known);
    }

    /** Masks URLs and removes every configured secret from text headed for a client or the log. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = ConnectionConfig.mask(text);
        for (String secret : secrets) {
            out = out.replace(secret, "****");
        }
        return out;
    }
}

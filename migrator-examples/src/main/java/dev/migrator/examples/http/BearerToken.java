package dev.migrator.examples.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;

/** The service's bearer token, checked in constant time: only its hash is kept. */
final class BearerToken {

    private final byte[] tokenHash;

    BearerToken(String token) {
        this.tokenHash = sha256(token);
    }

    /** Passes a request that sends {@code Authorization: Bearer <token>} with this token, else throws a 401. */
    void check(Exchange exchange) throws HttpError {
        List<String> values = exchange.request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
        if (values.isEmpty()) {
            throw unauthorized("Authentication required: send Authorization: Bearer <token> (the service's "
                    + "MIGRATOR_HTTP_TOKEN).", null);
        }
        String value = values.size() == 1 ? values.get(0) : "";
        boolean bearer = value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7);
        // Hash both sides to 32 bytes first, so the comparison takes the same time whatever the presented length.
        byte[] presented = sha256(bearer ? value.substring(7).strip() : "");
        if (!MessageDigest.isEqual(presented, tokenHash) || !bearer) {
            throw unauthorized("The bearer token is wrong or malformed; send Authorization: Bearer <token>.",
                    "invalid_token");
        }
    }

    private static HttpError unauthorized(String message, String error) {
        String challenge = "Bearer realm=\"migrator\"" + (error == null ? "" : ", error=\"" + error + "\"");
        return new HttpError(ApiResponse.error(401, "UNAUTHORIZED", message).withHeader("WWW-Authenticate", challenge));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

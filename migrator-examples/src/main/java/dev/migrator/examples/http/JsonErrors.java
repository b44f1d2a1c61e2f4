package dev.migrator.examples.http;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's own refusals, made before the service sees a request — a malformed request line (400), headers over
 * 8 KiB (431) — in the service's JSON shape rather than an HTML page.
 */
final class JsonErrors extends ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String reason = HttpStatus.getMessage(code);
        String detail = message == null || message.equals(reason) ? "" : " (" + RequestParser.clip(message) + ")";
        LOG.info("{} refused by the HTTP layer: {} {}{}", Request.getRemoteAddr(request), code, reason, detail);
        ApiResponse answer = ApiResponse.error(code, "HTTP_" + code, reason + detail + ": the request was refused "
                + "before it was read. Send an HTTP/1.1 request with at most 8 KiB of request line and headers.");
        Exchange.write(response, answer, callback);
    }
}

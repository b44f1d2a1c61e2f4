package dev.migrator.examples.http;

/** Ends a request early with a prepared answer (a 4xx, or a 503 while stopping). */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ApiResponse response;

    HttpError(ApiResponse response) {
        super(String.valueOf(response.body().get("message")), null, false, false);
        this.response = response;
    }

    static HttpError badRequest(String code, String message) {
        return new HttpError(ApiResponse.error(400, code, message));
    }

    ApiResponse response() {
        return response;
    }
}

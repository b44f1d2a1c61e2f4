package dev.migrator.examples.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** An answer of the service: status, JSON body, extra headers. */
record ApiResponse(int status, Map<String, Object> body, Map<String, String> headers) {

    static ApiResponse ok(Map<String, Object> body) {
        return new ApiResponse(200, body, Map.of());
    }

    static ApiResponse error(int status, String code, String message) {
        return error(status, code, message, Map.of());
    }

    static ApiResponse error(int status, String code, String message, Object... extra) {
        return error(status, code, message, Json.object(extra));
    }

    static ApiResponse error(int status, String code, String message, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        body.putAll(extra);
        body.put("status", status);
        return new ApiResponse(status, body, Map.of());
    }

    ApiResponse withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiResponse(status, body, all);
    }
}

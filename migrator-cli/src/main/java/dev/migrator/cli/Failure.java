package dev.migrator.cli;

import java.util.Map;

/**
 * Why a command failed, as every failure is reported: with {@code --json}, {@code "ok": false} and
 * {@code "error": {"code", "exitCode", "message"}} in the command's one document, whatever failed (a usage error, an
 * error of the library, or a result that is a failure, such as {@code validate} finding problems).
 *
 * @param code a stable code for programs: the library's {@code ErrorCode} name, or the tool's own ({@code USAGE}...)
 * @param exitCode the process's exit code (see {@link ExitCodes})
 * @param message what went wrong and what to do, in the tool's words
 */
record Failure(String code, int exitCode, String message) {

    Map<String, Object> json() {
        return Output.map("code", code, "exitCode", exitCode, "message", message);
    }

    /** The document of a command that failed: {@code command}, {@code ok: false}, {@code error}. */
    Map<String, Object> document(String command) {
        Map<String, Object> doc = Output.doc(command);
        doc.put("ok", false);
        doc.put("error", json());
        return doc;
    }
}

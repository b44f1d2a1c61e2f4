package dev.migrator.api;

import java.util.Objects;

/** The up or down of a script: text in the backend's language (SQL, Mongo command JSON), or Java code. */
public sealed interface ScriptBody permits ScriptBody.Text, ScriptBody.Code {

    /**
     * Text parsed by the target's backend: SQL on JDBC (split into statements), a JSON command list on MongoDB.
     * Placeholders ({@code ${schema}}, {@code ${environment}}, user-defined) are substituted before execution.
     */
    record Text(String text) implements ScriptBody {
        /**
         * Rejects null text.
         *
         * @param text the script's text
         */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Java code. */
    record Code(JavaMigration code) implements ScriptBody {
        /**
         * Rejects null code.
         *
         * @param code the code to run
         */
        public Code {
            Objects.requireNonNull(code, "code");
        }
    }
}

package dev.migrator.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A repeatable script: no version, no down; it runs after the versioned scripts of a migrate whenever its checksum
 * differs from the one it last ran with (or it never ran), repeatable scripts in name order. Write it so that running it
 * again is safe ({@code CREATE OR REPLACE VIEW ...}). Immutable. The file form is {@code R__{name}.sql} in a location.
 *
 * <pre>{@code
 * RepeatableScript.of("active_users_view", "CREATE OR REPLACE VIEW active_users AS SELECT * FROM users WHERE active")
 * }</pre>
 */
public final class RepeatableScript {

    private final String name;
    private final String connection;
    private final String schema;
    private final ScriptBody up;
    private final TransactionMode transactionMode;
    private final String source;
    private final String checksum;

    private RepeatableScript(Builder b) {
        this.name = b.name;
        this.connection = b.connection;
        this.schema = b.schema;
        this.up = b.up;
        this.transactionMode = b.transactionMode;
        this.source = b.source;
        this.checksum = b.checksum;
    }

    /**
     * Starts a repeatable script.
     *
     * @param name its identity on a target, e.g. {@code active_users_view}; repeatable scripts run in name order
     * @return a builder for the script
     * @throws ConfigurationException when the name is blank
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A SQL (or other text) repeatable script for the default target.
     *
     * @param name its identity on a target, e.g. {@code active_users_view}
     * @param text the script's text; it runs again whenever the text changes
     * @return the script
     */
    public static RepeatableScript of(String name, String text) {
        return builder(name).up(text).build();
    }

    /** {@return the name, its identity on a target} */
    public String name() {
        return name;
    }

    /** {@return the connection this script applies to; empty for the default connection} */
    public Optional<String> connection() {
        return Optional.ofNullable(connection);
    }

    /** {@return the schema or schema pattern this script applies to; empty for any/default schema} */
    public Optional<String> schema() {
        return Optional.ofNullable(schema);
    }

    /** {@return the text or code it runs} */
    public ScriptBody up() {
        return up;
    }

    /** {@return whether it runs in a transaction} */
    public TransactionMode transactionMode() {
        return transactionMode;
    }

    /** {@return where it came from, shown in messages: {@code code} unless given} */
    public String source() {
        return source;
    }

    /**
     * {@return a checksum given explicitly: Java code has none unless given, and without one it runs only once (bump it
     * to run it again); empty when the engine computes it from the text}
     */
    public Optional<String> checksum() {
        return Optional.ofNullable(checksum);
    }

    @Override
    public String toString() {
        return "R__" + name + " (" + source + ")";
    }

    /** Builds a {@link RepeatableScript}. */
    public static final class Builder {
        private final String name;
        private String connection;
        private String schema;
        private ScriptBody up;
        private TransactionMode transactionMode = TransactionMode.AUTO;
        private String source = "code";
        private String checksum;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new ConfigurationException("A repeatable script has no name; give a short description such as "
                        + "'active_users_view'.");
            }
            this.name = name.strip();
        }

        /**
         * The connection's name; default: the manager's default connection.
         *
         * @param connection the name of a configured connection
         * @return this builder
         */
        public Builder connection(String connection) {
            this.connection = connection;
            return this;
        }

        /**
         * The schema or schema pattern ({@code cli_{environment}}); default: the target's schema.
         *
         * @param schema a schema, or a pattern such as {@code cli_{environment}}
         * @return this builder
         */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /**
         * The text (SQL on JDBC).
         *
         * @param text the text; its checksum decides when the script runs again
         * @return this builder
         */
        public Builder up(String text) {
            this.up = new ScriptBody.Text(text);
            return this;
        }

        /**
         * Java code.
         *
         * @param code the code to run
         * @return this builder
         */
        public Builder up(JavaMigration code) {
            this.up = new ScriptBody.Code(code);
            return this;
        }

        /**
         * Whether it runs in a transaction; default {@link TransactionMode#AUTO}.
         *
         * @param mode {@link TransactionMode#AUTO}, or a forced choice
         * @return this builder
         */
        public Builder transactionMode(TransactionMode mode) {
            this.transactionMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Where it came from, shown in messages; default {@code code}.
         *
         * @param source a description such as a file or class name
         * @return this builder
         */
        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * An explicit checksum, e.g. for Java code; change it to have the script run again.
         *
         * @param checksum any text; the script runs again when it changes
         * @return this builder
         */
        public Builder checksum(String checksum) {
            this.checksum = checksum;
            return this;
        }

        /**
         * Builds the script.
         *
         * @return the script, immutable
         * @throws ConfigurationException when no text or code was given
         */
        public RepeatableScript build() {
            if (up == null) {
                throw new ConfigurationException("Repeatable script R__" + name + " (" + source
                        + ") has nothing to run; give it with up(sql) or up(code).");
            }
            return new RepeatableScript(this);
        }
    }
}

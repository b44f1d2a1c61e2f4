package dev.migrator.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A versioned migration: an up, an optional down, and where it applies. Immutable.
 *
 * <pre>{@code
 * Script.builder("20250101120000", "create_users")
 *     .connection("core").schema("core")
 *     .up("CREATE TABLE users (id bigint PRIMARY KEY)")
 *     .down("DROP TABLE users")
 *     .build();
 * }</pre>
 *
 * <p>Scripts without a connection apply to the manager's default connection (the first one declared); scripts
 * without a schema apply to the connection's default schema, or to whichever schema they are migrated into.
 */
public final class Script {

    private final Version version;
    private final String name;
    private final String connection;
    private final String schema;
    private final ScriptBody up;
    private final ScriptBody down;
    private final TransactionMode transactionMode;
    private final String source;
    private final String checksum;

    private Script(Builder b) {
        this.version = b.version;
        this.name = b.name;
        this.connection = b.connection;
        this.schema = b.schema;
        this.up = b.up;
        this.down = b.down;
        this.transactionMode = b.transactionMode;
        this.source = b.source;
        this.checksum = b.checksum;
    }

    /**
     * Starts a script.
     *
     * @param version e.g. {@code 20250101120000} or {@code 1.2.10}
     * @param name a short description, e.g. {@code create_users}
     * @return a builder for the script
     * @throws VersionFormatException when the version is malformed
     */
    public static Builder builder(String version, String name) {
        return new Builder(Version.parse(version), name);
    }

    /**
     * A SQL (or other text) script with an optional down ({@code null} for none), for the default target.
     *
     * @param version e.g. {@code 20250101120000} or {@code 1.2.10}
     * @param name a short description, e.g. {@code create_users}
     * @param up the script's text
     * @param down the text that undoes it, or {@code null} for none
     * @return the script
     */
    public static Script of(String version, String name, String up, String down) {
        Builder b = builder(version, name).up(up);
        if (down != null) {
            b.down(down);
        }
        return b.build();
    }

    /** {@return the version} */
    public Version version() {
        return version;
    }

    /** {@return the name (description)} */
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

    /** {@return the up} */
    public ScriptBody up() {
        return up;
    }

    /** {@return the down, when there is one} */
    public Optional<ScriptBody> down() {
        return Optional.ofNullable(down);
    }

    /** {@return whether the script runs in a transaction} */
    public TransactionMode transactionMode() {
        return transactionMode;
    }

    /** {@return where the script came from: a file or classpath resource, or {@code code}} */
    public String source() {
        return source;
    }

    /**
     * {@return a checksum given explicitly (Java scripts have none unless one is given, so editing their code is not
     * seen); empty when the engine computes it from the up text}
     */
    public Optional<String> checksum() {
        return Optional.ofNullable(checksum);
    }

    @Override
    public String toString() {
        return "V" + version + "__" + name + " (" + source + ")";
    }

    /** Builds a {@link Script}. */
    public static final class Builder {
        private final Version version;
        private final String name;
        private String connection;
        private String schema;
        private ScriptBody up;
        private ScriptBody down;
        private TransactionMode transactionMode = TransactionMode.AUTO;
        private String source = "code";
        private String checksum;

        private Builder(Version version, String name) {
            this.version = Objects.requireNonNull(version, "version");
            if (name == null || name.isBlank()) {
                throw new ConfigurationException("Script " + version + " has no name; give a short description such as 'create_users'.");
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
         * The up as text (SQL on JDBC).
         *
         * @param text the text
         * @return this builder
         */
        public Builder up(String text) {
            this.up = new ScriptBody.Text(text);
            return this;
        }

        /**
         * The up as Java code.
         *
         * @param code the code to run
         * @return this builder
         */
        public Builder up(JavaMigration code) {
            this.up = new ScriptBody.Code(code);
            return this;
        }

        /**
         * The down as text (SQL on JDBC).
         *
         * @param text the text
         * @return this builder
         */
        public Builder down(String text) {
            this.down = new ScriptBody.Text(text);
            return this;
        }

        /**
         * The down as Java code.
         *
         * @param code the code to run
         * @return this builder
         */
        public Builder down(JavaMigration code) {
            this.down = new ScriptBody.Code(code);
            return this;
        }

        /**
         * Whether the script runs in a transaction; default {@link TransactionMode#AUTO}.
         *
         * @param mode {@link TransactionMode#AUTO}, or a forced choice
         * @return this builder
         */
        public Builder transactionMode(TransactionMode mode) {
            this.transactionMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Where the script came from, shown in messages; default {@code code}.
         *
         * @param source a description such as a file or class name
         * @return this builder
         */
        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * An explicit checksum, e.g. for Java code; bump it to mark the code as edited.
         *
         * @param checksum any text; a changed value counts as an edit of an applied script
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
         * @throws ConfigurationException when no up was given
         */
        public Script build() {
            if (up == null) {
                throw new ConfigurationException("Script " + version + "__" + name + " (" + source
                        + ") has no up; give it with up(sql) or up(code).");
            }
            return new Script(this);
        }
    }
}

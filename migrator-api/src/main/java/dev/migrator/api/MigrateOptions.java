package dev.migrator.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one {@code migrate} or {@code dryRun} call runs. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * manager.migrate(MigrateOptions.builder().target(Target.of("core", "cli_dev")).to("20250101120000").build());
 * }</pre>
 */
public final class MigrateOptions {

    private static final MigrateOptions DEFAULTS = builder().build();

    private final List<Target> targets;
    private final Version toVersion;
    private final boolean singleTransaction;
    private final boolean resumeFailed;
    private final boolean outOfOrder;

    private MigrateOptions(Builder b) {
        this.targets = List.copyOf(b.targets);
        this.toVersion = b.toVersion;
        this.singleTransaction = b.singleTransaction;
        this.resumeFailed = b.resumeFailed;
        this.outOfOrder = b.outOfOrder;
    }

    /** {@return all configured targets, every pending script} */
    public static MigrateOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts options.
     *
     * @return a builder for every configured target, with no upper version
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the targets to migrate; empty means every configured target} */
    public List<Target> targets() {
        return targets;
    }

    /** {@return the newest version to apply; empty means the latest} */
    public Optional<Version> toVersion() {
        return Optional.ofNullable(toVersion);
    }

    /**
     * {@return whether all pending scripts of a target run in one transaction (databases with transactional DDL only)}
     */
    public boolean singleTransaction() {
        return singleTransaction;
    }

    /** {@return whether a failed script recorded by an earlier run continues from its first statement not completed} */
    public boolean resumeFailed() {
        return resumeFailed;
    }

    /** {@return whether pending scripts older than the newest applied one may run} */
    public boolean outOfOrder() {
        return outOfOrder;
    }

    /** Builds {@link MigrateOptions}. */
    public static final class Builder {
        private final List<Target> targets = new ArrayList<>();
        private Version toVersion;
        private boolean singleTransaction;
        private boolean resumeFailed;
        private boolean outOfOrder;

        private Builder() {}

        /**
         * Adds a target (connection + schema; a created-when-missing schema such as {@code cli_dev}).
         *
         * @param target the connection and schema
         * @return this builder
         */
        public Builder target(Target target) {
            targets.add(Objects.requireNonNull(target, "target"));
            return this;
        }

        /**
         * Adds targets.
         *
         * @param more the targets to add
         * @return this builder
         */
        public Builder targets(List<Target> more) {
            more.forEach(this::target);
            return this;
        }

        /**
         * Apply scripts up to and including this version only.
         *
         * @param version the newest version to apply, e.g. {@code 1.2}
         * @return this builder
         */
        public Builder to(String version) {
            this.toVersion = Version.parse(version);
            return this;
        }

        /**
         * All pending scripts of a target in one transaction; rejected on databases without transactional DDL.
         *
         * @param value {@code true} for one transaction per target
         * @return this builder
         */
        public Builder singleTransaction(boolean value) {
            this.singleTransaction = value;
            return this;
        }

        /**
         * Continue a failed script from its first statement not completed, after the cause was fixed. When the
         * earlier run was stopped inside the script rather than failing, the statement it was running may have
         * completed: check it (and undo it) before resuming.
         *
         * @param value {@code true} to resume a failed script
         * @return this builder
         */
        public Builder resumeFailed(boolean value) {
            this.resumeFailed = value;
            return this;
        }

        /**
         * Allow pending scripts older than the newest applied one.
         *
         * @param value {@code true} to allow them
         * @return this builder
         */
        public Builder outOfOrder(boolean value) {
            this.outOfOrder = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options, immutable
         */
        public MigrateOptions build() {
            return new MigrateOptions(this);
        }
    }
}

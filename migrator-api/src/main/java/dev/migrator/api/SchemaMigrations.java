package dev.migrator.api;

import java.util.Collection;
import java.util.List;

/**
 * The schema-migration operations of a {@link MigrationManager}, from {@link MigrationManager#schema()}: migrate, dry
 * run, rollback, status, validation, repair, baseline, lock removal and new scripts. Each operation resolves all its
 * targets before running on any, and runs on each under the target's lock. Safe to share between threads, as the
 * manager is.
 */
public interface SchemaMigrations {

    /**
     * Applies every pending script to every configured target, in version order.
     *
     * @throws ValidationException when an applied script was edited, or history holds scripts not found locally
     * @throws ScriptFailedException when a statement fails; names the script, statement, line and what to do
     * @throws FailedMigrationPendingException when an earlier run left a failed script (MySQL/MariaDB)
     * @throws LockTimeoutException when another run holds the lock longer than the lock timeout
     * @throws ConnectionFailedException when a database cannot be reached within the connect timeout
     */
    MigrateResult migrate();

    /**
     * Migrates with options: chosen targets (schemas created when missing), an upper version, resume of a failed
     * script, one transaction for all scripts. Throws as {@link #migrate()}.
     */
    MigrateResult migrate(MigrateOptions options);

    /** Migrates one target, creating its schema when missing. Throws as {@link #migrate()}. */
    MigrateResult migrate(Target target);

    /** Applies pending scripts up to and including {@code version}. Throws as {@link #migrate()}. */
    MigrateResult migrateTo(String version);

    /**
     * Migrates many targets with at most {@code parallelism} at once, each under its own lock. A failing target does
     * not stop the others unless {@code stopOnFailure}; every outcome is in the result.
     *
     * <p>Every target is validated before any starts, so a typo never leaves half the tenants migrated.
     *
     * @throws ConfigurationException when parallelism is outside 1..256 or a target names an unknown connection
     * @throws InvalidIdentifierException when a target's schema is not a plain identifier; no target is started
     */
    MultiTargetResult migrateAll(Collection<Target> targets, int parallelism, boolean stopOnFailure);

    /**
     * Plans what {@link #migrate(MigrateOptions)} would do and changes nothing. On databases with transactional DDL
     * (PostgreSQL) the planned statements also run in a transaction that is rolled back, proving they execute.
     */
    DryRunResult dryRun(MigrateOptions options);

    /**
     * Undoes the newest {@code steps} applied scripts of every configured target with their down scripts, newest first.
     *
     * @throws ConfigurationException when {@code steps} is below 1
     * @throws MissingDownScriptException when any needed down is missing; nothing is rolled back then
     * @throws FailedMigrationPendingException when a failed script is recorded on a target
     */
    RollbackResult rollback(int steps);

    /** Undoes the newest {@code steps} applied scripts of one target. Throws as {@link #rollback(int)}. */
    RollbackResult rollback(Target target, int steps);

    /**
     * Undoes every script newer than {@code version} on every configured target; {@code version} stays applied.
     *
     * @throws MissingDownScriptException when any needed down is missing; nothing is rolled back then
     * @throws UnknownVersionException when {@code version} is neither a local script nor in any target's history
     */
    RollbackResult rollbackTo(String version);

    /** Undoes every script newer than {@code version} on one target. Throws as {@link #rollbackTo(String)}. */
    RollbackResult rollbackTo(Target target, String version);

    /** Every script of every configured target with its state. Creates nothing. */
    StatusReport status();

    /** Every script of one target with its state. Creates nothing. */
    StatusReport status(Target target);

    /** Compares local scripts with every configured target's history. Creates nothing. */
    ValidationReport validate();

    /**
     * Records edited scripts' current checksums and removes failed entries, on every configured target.
     * Half-applied changes of a failed script on databases without transactional DDL must be undone by hand first.
     *
     * @throws LockTimeoutException when another run holds the lock longer than the lock timeout
     */
    RepairResult repair();

    /** As {@link #repair()}, on one target. */
    RepairResult repair(Target target);

    /**
     * Removes a target's lock whoever holds it, for an operator who knows the holder is gone and will not wait for its
     * lease to expire. Only leases (MongoDB) can be removed; native locks (PostgreSQL, MySQL) are freed by the database
     * when their holder's connection ends.
     *
     * @return whether a lock was removed
     * @throws ConfigurationException when the target's lock is native to its database
     */
    boolean forceUnlock(Target target);

    /**
     * Marks an existing database as being at {@code version}: scripts up to it count as applied and are never run.
     *
     * @throws ConfigurationException when the target's history already has entries, or the manager has several
     *     targets (use {@link #baseline(Target, String)})
     */
    BaselineResult baseline(String version);

    /**
     * As {@link #baseline(String)}, on one target.
     *
     * @throws ConfigurationException when the target's history already has entries
     */
    BaselineResult baseline(Target target, String version);

    /**
     * Writes an empty timestamped up/down pair ({@code V{timestamp}__{name}.sql} and {@code U...}) into the first
     * {@code filesystem:} location.
     *
     * @throws ConfigurationException when no filesystem location is configured or the name is not a plain word
     */
    CreatedScripts create(String name);

    /**
     * Lints the pending scripts of every configured target against the live database: statements that would lock a
     * big table for long, rewrite it, fail on the server, or break the application version still running. Reads the
     * history and the database's catalog (table sizes, indexes, constraints, server version); changes nothing and
     * takes no lock. A target whose backend has no rules (MongoDB) gets one {@link LintSeverity#INFO} finding saying
     * so.
     *
     * @throws ConnectionFailedException when a database cannot be reached within the connect timeout
     */
    default LintReport lint() {
        return lint(LintScope.PENDING);
    }

    /** Lints the scripts of {@code scope} on every configured target. Throws as {@link #lint()}. */
    LintReport lint(LintScope scope);

    /** Lints the pending scripts of one target. Throws as {@link #lint()}. */
    default LintReport lint(Target target) {
        return lint(target, LintScope.PENDING);
    }

    /** Lints the scripts of {@code scope} on one target. Throws as {@link #lint()}. */
    LintReport lint(Target target, LintScope scope);
}

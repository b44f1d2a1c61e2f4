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
     * @return per target, the scripts applied (an empty list when none was pending) and how long the call took
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
     *
     * @param options the targets, upper version and run mode; {@link MigrateOptions#defaults()} is {@link #migrate()}
     * @return per target, the scripts applied and how long the call took
     */
    MigrateResult migrate(MigrateOptions options);

    /**
     * Migrates one target, creating its schema when missing. Throws as {@link #migrate()}.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @return the scripts applied to the target and how long the call took
     */
    MigrateResult migrate(Target target);

    /**
     * Applies pending scripts up to and including {@code version}. Throws as {@link #migrate()}.
     *
     * @param version the newest version to apply, e.g. {@code 1.2}; newer pending scripts stay pending
     * @return per target, the scripts applied and how long the call took
     */
    MigrateResult migrateTo(String version);

    /**
     * Migrates many targets with at most {@code parallelism} at once, each under its own lock. A failing target does
     * not stop the others unless {@code stopOnFailure}; every outcome is in the result.
     *
     * <p>Every target is validated before any starts, so a typo never leaves half the tenants migrated.
     *
     * @param targets the targets to migrate, each with its connection and schema
     * @param parallelism how many targets are migrated at once, 1 to 256
     * @param stopOnFailure whether a failed target stops the targets not yet started (those running finish)
     * @return one outcome per target (migrated, failed or not started), in the order given
     * @throws ConfigurationException when parallelism is outside 1..256 or a target names an unknown connection
     * @throws InvalidIdentifierException when a target's schema is not a plain identifier; no target is started
     */
    MultiTargetResult migrateAll(Collection<Target> targets, int parallelism, boolean stopOnFailure);

    /**
     * Plans what {@link #migrate(MigrateOptions)} would do and changes nothing. On databases with transactional DDL
     * (PostgreSQL) the planned statements also run in a transaction that is rolled back, proving they execute.
     *
     * @param options what to plan, as for {@link #migrate(MigrateOptions)}
     * @return the scripts that would run, in order, and which targets' statements were executed and rolled back
     */
    DryRunResult dryRun(MigrateOptions options);

    /**
     * Undoes the newest {@code steps} applied scripts of every configured target with their down scripts, newest first.
     *
     * @param steps how many applied scripts to undo per target, at least 1
     * @return the down scripts run, in the order run
     * @throws ConfigurationException when {@code steps} is below 1
     * @throws MissingDownScriptException when any needed down is missing; nothing is rolled back then
     * @throws FailedMigrationPendingException when a failed script is recorded on a target
     */
    RollbackResult rollback(int steps);

    /**
     * Undoes the newest {@code steps} applied scripts of one target. Throws as {@link #rollback(int)}.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @param steps how many applied scripts to undo, at least 1
     * @return the down scripts run, in the order run
     */
    RollbackResult rollback(Target target, int steps);

    /**
     * Undoes every script newer than {@code version} on every configured target; {@code version} stays applied.
     *
     * @param version the version to go back to; it stays applied
     * @return the down scripts run, in the order run; empty when nothing is newer than {@code version}
     * @throws MissingDownScriptException when any needed down is missing; nothing is rolled back then
     * @throws UnknownVersionException when {@code version} is neither a local script nor in any target's history
     */
    RollbackResult rollbackTo(String version);

    /**
     * Undoes every script newer than {@code version} on one target. Throws as {@link #rollbackTo(String)}.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @param version the version to go back to; it stays applied
     * @return the down scripts run, in the order run; empty when nothing is newer than {@code version}
     */
    RollbackResult rollbackTo(Target target, String version);

    /** {@return every script of every configured target with its state} Creates nothing. */
    StatusReport status();

    /**
     * {@return every script of one target with its state} Creates nothing.
     *
     * @param target the connection and schema to work on; its connection must be configured
     */
    StatusReport status(Target target);

    /**
     * Compares local scripts with every configured target's history. Creates nothing.
     *
     * @return every disagreement between local scripts and history; {@link ValidationReport#isValid()} when none
     */
    ValidationReport validate();

    /**
     * Records edited scripts' current checksums and removes failed entries, on every configured target.
     * Half-applied changes of a failed script on databases without transactional DDL must be undone by hand first.
     *
     * @return the history entries changed; empty when there was nothing to repair
     * @throws LockTimeoutException when another run holds the lock longer than the lock timeout
     */
    RepairResult repair();

    /**
     * As {@link #repair()}, on one target.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @return the history entries changed; empty when there was nothing to repair
     */
    RepairResult repair(Target target);

    /**
     * Removes a target's lock whoever holds it, for an operator who knows the holder is gone and will not wait for its
     * lease to expire. Only leases (MongoDB) can be removed; native locks (PostgreSQL, MySQL) are freed by the database
     * when their holder's connection ends.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @return whether a lock was removed
     * @throws ConfigurationException when the target's lock is native to its database
     */
    boolean forceUnlock(Target target);

    /**
     * Marks an existing database as being at {@code version}: scripts up to it count as applied and are never run.
     *
     * @param version the version the database is at, e.g. {@code 3}
     * @return the target and version recorded
     * @throws ConfigurationException when the target's history already has entries, or the manager has several
     *     targets (use {@link #baseline(Target, String)})
     */
    BaselineResult baseline(String version);

    /**
     * As {@link #baseline(String)}, on one target.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @param version the version the database is at, e.g. {@code 3}
     * @return the target and version recorded
     * @throws ConfigurationException when the target's history already has entries
     */
    BaselineResult baseline(Target target, String version);

    /**
     * Writes an empty timestamped up/down pair ({@code V{timestamp}__{name}.sql} and {@code U...}) into the first
     * {@code filesystem:} location.
     *
     * @param name the description in the file names, a plain word such as {@code add_orders}
     * @return the version given and the paths of the two files written
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
     * @return the findings of every target, those suppressed, and the rules applied; changes nothing
     * @throws ConnectionFailedException when a database cannot be reached within the connect timeout
     */
    default LintReport lint() {
        return lint(LintScope.PENDING);
    }

    /**
     * Lints the scripts of {@code scope} on every configured target. Throws as {@link #lint()}.
     *
     * @param scope which scripts to read: the pending ones, or all
     * @return the findings of every target, those suppressed, and the rules applied
     */
    LintReport lint(LintScope scope);

    /**
     * Lints the pending scripts of one target. Throws as {@link #lint()}.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @return the findings of the target, those suppressed, and the rules applied
     */
    default LintReport lint(Target target) {
        return lint(target, LintScope.PENDING);
    }

    /**
     * Lints the scripts of {@code scope} on one target. Throws as {@link #lint()}.
     *
     * @param target the connection and schema to work on; its connection must be configured
     * @param scope which scripts to read: the pending ones, or all
     * @return the findings of the target, those suppressed, and the rules applied
     */
    LintReport lint(Target target, LintScope scope);
}

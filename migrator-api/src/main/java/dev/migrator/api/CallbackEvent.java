package dev.migrator.api;

/**
 * When a {@link Callback} (or a callback file named {@link #fileName()}{@code .sql} in a location) runs. Each runs per
 * target, under the target's lock.
 */
public enum CallbackEvent {
    /** Before a migrate's first script, in its own transaction; also on a migrate with nothing to apply. */
    BEFORE_MIGRATE("beforeMigrate"),
    /** Before each script of a migrate (repeatable ones too), inside the script's transaction when it has one. */
    BEFORE_EACH_MIGRATE("beforeEachMigrate"),
    /** After each script of a migrate, inside the script's transaction when it has one: its failure undoes the script. */
    AFTER_EACH_MIGRATE("afterEachMigrate"),
    /** After a migrate's last script, in its own transaction; also on a migrate with nothing to apply. */
    AFTER_MIGRATE("afterMigrate"),
    /** After a migrate failed (the failed script's transaction rolled back first), in its own transaction. */
    AFTER_MIGRATE_ERROR("afterMigrateError"),
    /** Before a rollback's first down, in its own transaction. */
    BEFORE_ROLLBACK("beforeRollback"),
    /** Before each down, inside the down's transaction when it has one. */
    BEFORE_EACH_ROLLBACK("beforeEachRollback"),
    /** After each down, inside the down's transaction when it has one. */
    AFTER_EACH_ROLLBACK("afterEachRollback"),
    /** After a rollback's last down, in its own transaction. */
    AFTER_ROLLBACK("afterRollback"),
    /** After a rollback failed (the failed down's transaction rolled back first), in its own transaction. */
    AFTER_ROLLBACK_ERROR("afterRollbackError");

    private final String fileName;

    CallbackEvent(String fileName) {
        this.fileName = fileName;
    }

    /**
     * {@return the callback file's name without extension, e.g. {@code beforeMigrate} for {@code beforeMigrate.sql}}
     */
    public String fileName() {
        return fileName;
    }
}

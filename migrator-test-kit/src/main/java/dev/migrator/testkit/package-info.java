/**
 * The test kit: the behavioural suites every backend must pass, with the same assertions on each.
 *
 * <p>A backend implements the fixture once — {@link dev.migrator.testkit.KitServer} (fresh databases, the backend's
 * facts, scripts in its language) and {@link dev.migrator.testkit.KitDatabase} (a direct look at one database) — and
 * extends each suite with {@code server()} returning it: {@link dev.migrator.testkit.BackendContract} (provider,
 * sessions, history store, lock), {@link dev.migrator.testkit.MigrateContract}, {@link
 * dev.migrator.testkit.RollbackContract}, {@link dev.migrator.testkit.StatusContract}, {@link
 * dev.migrator.testkit.LockContract}, {@link dev.migrator.testkit.BackupContract}, {@link
 * dev.migrator.testkit.DataContract} (writes, upserts, checkpoints and resume), {@link
 * dev.migrator.testkit.DataMigrationContract} (copies, imports, conflicts, validation, copies from a backup), {@link
 * dev.migrator.testkit.FacetsContract} (the facets and the manager's older methods agree), {@link
 * dev.migrator.testkit.DataSessionContract} (the SPI's data read and write sessions), {@link
 * dev.migrator.testkit.MetadataContract}, {@link dev.migrator.testkit.ChecksumContract}, {@link
 * dev.migrator.testkit.BaselineContract}, {@link dev.migrator.testkit.DryRunContract}, {@link
 * dev.migrator.testkit.TargetsContract} (schemas created when missing, environments, many targets at once), {@link
 * dev.migrator.testkit.ListenerContract}, {@link dev.migrator.testkit.PlaceholderContract} and {@link
 * dev.migrator.testkit.ScriptInputContract} (NUL characters, invisible characters in names), {@link
 * dev.migrator.testkit.BackupIntegrityContract} (edited manifests and files, links out of the backup), {@link
 * dev.migrator.testkit.RestoreVerificationContract} (loaded records checked before the restore commits), {@link
 * dev.migrator.testkit.DataRunSafetyContract} (what a data migration may undo and where it may resume, across runs),
 * {@link dev.migrator.testkit.DataRunModelContract} (random sequences of runs, writes, failures and kills against
 * {@link dev.migrator.testkit.DataRunModel}) and {@link dev.migrator.testkit.ConcurrencyContract} (managers in threads
 * and in {@link dev.migrator.testkit.ChildJvm child JVMs} migrating at once). Depend on {@code
 * dev.migrator:migrator-test-kit} in test scope.
 *
 * <p>A difference between backends is a fixture method, never a skipped assertion; a suite skips a test by
 * assumption only for a feature a server lacks (multi-document transactions on a MongoDB standalone).
 */
package dev.migrator.testkit;

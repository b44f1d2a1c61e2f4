/**
 * The {@code migrator} command-line tool. It reads {@code dev.migrator.api} only; the engine and the backends
 * ({@code dev.migrator.core}, {@code dev.migrator.jdbc}, {@code dev.migrator.mongo}) are found at run time by service
 * binding: put them on the module path (or run the distribution's one jar on the class path, as {@code bin/migrator}
 * does).
 *
 * <p>{@code dev.migrator.cli} is exported for {@link dev.migrator.cli.MigratorCli#run} (the tool in-process) and for the
 * two pieces the examples reuse, {@link dev.migrator.cli.DatabaseUrl} and {@link dev.migrator.cli.Progress}.
 */
module dev.migrator.cli {
    requires dev.migrator.api;
    requires info.picocli;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;

    exports dev.migrator.cli;

    // picocli sets the @Option and @Parameters fields of the commands by reflection.
    opens dev.migrator.cli to info.picocli;
}

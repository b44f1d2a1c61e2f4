package dev.migrator.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options every command takes, before or after the command's name ({@code migrator --json status} and
 * {@code migrator status --json} are the same). A value given after the command wins.
 */
final class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (YAML or JSON); default: migrator.yaml, migrator.yml or migrator.json in the "
                    + "working directory, if present.")
    String config;

    @Option(names = "--url", paramLabel = "URL",
            description = "Database URL: jdbc:postgresql://host:5432/db, postgres://user@host/db, jdbc:mysql://..., "
                    + "mongodb://...; overrides DATABASE_URL and the file.")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "Database user; overrides DATABASE_USER.")
    String user;

    @Option(names = "--password-env", paramLabel = "NAME",
            description = "Read the database password from environment variable NAME (never from a flag).")
    String passwordEnv;

    @Option(names = "--location", paramLabel = "DIR",
            description = "Script location: a folder, filesystem:DIR or classpath:PATH; repeatable; added to the file's.")
    List<String> locations = new ArrayList<>();

    @Option(names = "--backup-dir", paramLabel = "DIR", description = "Backup folder; default: backupDirectory in the file, "
            + "else ./backups.")
    String backupDir;

    @Option(names = "--json", description = "Print one JSON document (no secrets) instead of tables.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Log each step (INFO) and print stack traces of errors.")
    boolean verbose;

    @Option(names = "--debug", paramLabel = "CATEGORIES", split = ",",
            description = "DEBUG logging for categories: core, jdbc, mongo, backup, data, metadata, sql (the drivers), "
                    + "all, or logger names.")
    List<String> debug = new ArrayList<>();

    /** This command's options over the top-level ones. */
    static CommonOptions merge(CommonOptions leaf, CommonOptions top) {
        CommonOptions m = new CommonOptions();
        m.config = leaf.config != null ? leaf.config : top.config;
        m.url = leaf.url != null ? leaf.url : top.url;
        m.user = leaf.user != null ? leaf.user : top.user;
        m.passwordEnv = leaf.passwordEnv != null ? leaf.passwordEnv : top.passwordEnv;
        m.backupDir = leaf.backupDir != null ? leaf.backupDir : top.backupDir;
        m.locations.addAll(top.locations);
        m.locations.addAll(leaf.locations);
        m.json = leaf.json || top.json;
        m.verbose = leaf.verbose || top.verbose;
        m.debug.addAll(top.debug);
        m.debug.addAll(leaf.debug);
        return m;
    }
}

package dev.migrator.cli;

import dev.migrator.api.MigratorException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code migrator} command: schema migrations, backups, data migrations and metadata from a shell, built on the
 * public API ({@code dev.migrator.api}) only.
 *
 * <p>{@link #run} takes the environment, the working directory and the streams as arguments, so that tests run the
 * tool in-process exactly as a shell would, without touching {@code System.getenv()} or the process's directory.
 */
@Command(
        name = "migrator",
        mixinStandardHelpOptions = true,
        versionProvider = MigratorCli.Version.class,
        description = "Schema migrations, backups, data migrations and metadata storage for PostgreSQL, MySQL/MariaDB and "
                + "MongoDB.",
        footer = {""},
        subcommands = {
            SchemaCommands.Status.class,
            SchemaCommands.Migrate.class,
            SchemaCommands.Rollback.class,
            SchemaCommands.Create.class,
            HistoryCommands.Validate.class,
            HistoryCommands.Repair.class,
            HistoryCommands.Baseline.class,
            HistoryCommands.Unlock.class,
            LintCommands.Lint.class,
            BackupCommands.class,
            DataCommands.class,
            MetadataCommands.class,
            InfoCommands.TestConnection.class,
            InfoCommands.Info.class,
            CommandLine.HelpCommand.class
        })
public final class MigratorCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    final Map<String, String> env;
    final Path workDir;
    final boolean terminal;
    PrintWriter out;
    PrintWriter err;

    MigratorCli(Map<String, String> env, Path workDir, boolean terminal) {
        this.env = Map.copyOf(env);
        this.workDir = workDir.toAbsolutePath().normalize();
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of(""), System.out, System.err, System.console() != null));
    }

    /**
     * Runs one command line and returns its exit code (see {@link ExitCodes}).
     *
     * @param env the environment ({@code DATABASE_*}, {@code ${VAR}} in the config file, {@code --...-env} secrets)
     * @param workDir where {@code migrator.yaml} is looked for and relative paths start
     * @param terminal whether a person watches: progress bars instead of plain lines
     */
    public static int run(String[] args, Map<String, String> env, Path workDir, PrintStream out, PrintStream err,
            boolean terminal) {
        MigratorCli cli = new MigratorCli(env, workDir, terminal);
        cli.out = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        cli.err = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cmd = new CommandLine(cli);
        cmd.setOut(cli.out);
        cmd.setErr(cli.err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        addFooter(cmd);
        cmd.setExecutionExceptionHandler(cli::handle);
        CommandLine.IParameterExceptionHandler text = cmd.getParameterExceptionHandler();
        cmd.setParameterExceptionHandler((ex, arguments) -> cli.handleUsage(ex, arguments, text));
        try {
            return cmd.execute(args);
        } finally {
            cli.out.flush();
            cli.err.flush();
        }
    }

    /** Without a command: the usage, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }

    private static void addFooter(CommandLine cmd) {
        cmd.getCommandSpec().usageMessage().footer(ExitCodes.FOOTER);
        if (!cmd.getCommandSpec().mixinStandardHelpOptions() && !(cmd.getCommand() instanceof CommandLine.HelpCommand)) {
            cmd.getCommandSpec().mixinStandardHelpOptions(true); // --help and --version after every command
        }
        cmd.getSubcommands().values().forEach(MigratorCli::addFooter);
    }

    private int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        CommonOptions options = common;
        Settings settings = null;
        String command = cmd.getCommandName();
        String dataFile = null;
        if (cmd.getCommand() instanceof CliCommand leaf) {
            options = leaf.options();
            settings = leaf.settingsOrNull();
            command = leaf.commandPath();
            dataFile = leaf.dataFile();
        }
        int exit;
        String code;
        String message = CliWords.of(ex.getMessage() == null ? ex.toString() : ex.getMessage(), dataFile);
        if (ex instanceof MigratorException me) {
            exit = ExitCodes.of(me.code());
            code = me.code().name();
        } else if (ex instanceof CliException ce) {
            exit = ce.exitCode();
            code = ce.code();
        } else {
            exit = ExitCodes.FAILURE;
            code = "UNEXPECTED";
            message = ex.getClass().getSimpleName() + ": " + message + " (run with --verbose for the stack trace)";
        }
        Settings s = settings;
        java.util.function.UnaryOperator<String> scrub = s == null ? Settings::maskOnly : s::scrub;
        if (options.json) {
            new Output(out, scrub).json(new Failure(code, exit, message).document(command));
        }
        err.println(scrub.apply("Error: " + message));
        if (options.verbose) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.println(scrub.apply(trace.toString()));
        }
        err.flush();
        return exit;
    }

    /**
     * A command line picocli could not parse (an unknown option or command, a bad value, a missing parameter): with
     * {@code --json} anywhere on it, the failure document on stdout as for every other failure; else picocli's message
     * and the usage on stderr. Exit 2 either way.
     */
    private int handleUsage(CommandLine.ParameterException ex, String[] args, CommandLine.IParameterExceptionHandler text)
            throws Exception {
        if (!List.of(args).contains("--json")) {
            return text.handleParseException(ex, args);
        }
        String name = ex.getCommandLine().getCommandSpec().qualifiedName(" ");
        String command = name.startsWith("migrator ") ? name.substring("migrator ".length()) : name;
        String message = Settings.maskOnly(ex.getMessage() + " (see 'migrator " + (command.equals("migrator") ? ""
                : command + " ") + "--help')");
        new Output(out, Settings::maskOnly).json(new Failure("USAGE", ExitCodes.USAGE, message).document(command));
        err.println("Error: " + message);
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The version of the tool and of the library it was built with. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"migrator " + version(), "Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.vendor") + ")"};
        }
    }

    static String version() {
        try (InputStream in = MigratorCli.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** SLF4J simple logger levels, set before the first logger is created: WARN unless asked for more. */
    static void configureLogging(CommonOptions o) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.dev.migrator", o.verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.de.bwaldvogel", "off");
        for (String category : o.debug) {
            for (String logger : loggers(category.strip())) {
                System.setProperty("org.slf4j.simpleLogger.log." + logger, "debug");
            }
        }
    }

    static List<String> loggers(String category) {
        return switch (category.toLowerCase(java.util.Locale.ROOT)) {
            case "all" -> List.of("dev.migrator");
            case "core", "engine" -> List.of("dev.migrator.core");
            case "jdbc" -> List.of("dev.migrator.jdbc");
            case "mongo", "mongodb" -> List.of("dev.migrator.mongo");
            case "backup" -> List.of("dev.migrator.core.internal.backup");
            case "data" -> List.of("dev.migrator.core.internal.data");
            case "metadata" -> List.of("dev.migrator.core.internal.metadata");
            case "sql", "driver" -> List.of("org.postgresql", "com.mysql", "com.zaxxer.hikari", "org.mongodb.driver");
            case "" -> List.of();
            default -> {
                if (!category.contains(".")) {
                    throw CliException.usage("--debug category '" + category + "' is unknown; use core, jdbc, mongo, "
                            + "backup, data, metadata, sql, all, or a logger name such as dev.migrator.jdbc.");
                }
                yield List.of(category);
            }
        };
    }
}

package dev.migrator.cli;

import dev.migrator.api.MetadataImport;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaders;
import dev.migrator.api.MetadataManager;
import dev.migrator.api.MetadataProblem;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metadata export|import|copy|list|get|stats} over the loaders of the config file's {@code metadata} section. */
@Command(name = "metadata", description = "Exports, imports, copies, lists and counts application metadata (objects, "
        + "views, fields, flows, permissions) in the loaders configured under metadata: in the config file.",
        subcommands = {MetadataCommands.Export.class, MetadataCommands.Import.class, MetadataCommands.Copy.class,
            MetadataCommands.ListItems.class, MetadataCommands.Get.class, MetadataCommands.Stats.class})
final class MetadataCommands implements Callable<Integer> {

    static final String NO_LOADERS = "No metadata loaders configured. Add them to migrator.yaml, e.g.\n"
            + "metadata:\n"
            + "  default: files\n"
            + "  loaders:\n"
            + "    files: { directory: metadata }                 # {name}.{type}.json/.yaml files\n"
            + "    db: { connection: default, schema: public }     # table _framework_metadata";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: metadata export, import, copy, list, get or stats.");
    }

    /** Opens every configured loader; the caller closes the manager (and with it the loaders). */
    static MetadataManager open(CliCommand c) {
        Settings s = c.settings();
        if (s.metadata.loaders().isEmpty()) {
            throw CliException.usage(NO_LOADERS);
        }
        MetadataManager.Builder b = MetadataManager.builder();
        List<MetadataLoader> opened = new ArrayList<>();
        try {
            for (MetadataSection.LoaderSpec spec : s.metadata.loaders()) {
                MetadataLoader loader = MetadataLoaders.open(s.loaderConfig(spec));
                opened.add(loader);
                b.loader(loader);
            }
            CliCommand.given(s.metadata.defaultLoader(), b::defaultLoader);
            if (!s.metadata.types().isEmpty()) {
                b.types(s.metadata.types().toArray(String[]::new));
            }
            return b.build();
        } catch (RuntimeException e) {
            for (MetadataLoader l : opened) {
                try {
                    l.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    static void requireLoader(MetadataManager m, String loader, String option) {
        if (loader != null && !m.loaders().containsKey(loader)) {
            throw CliException.usage(option + " " + loader + " is not a configured loader; configured: "
                    + m.loaders().keySet() + ".");
        }
    }

    static Map<String, Object> importJson(MetadataResults.Import r) {
        List<Object> problems = Output.list();
        r.problems().forEach(p -> problems.add(problemJson(p)));
        return Output.map("created", r.created(), "updated", r.updated(), "unchanged", r.unchanged(), "skipped",
                r.skipped(), "deleted", r.deleted(), "failed", r.failed(), "dryRun", r.dryRun(), "durationMs", r.duration(),
                "problems", problems);
    }

    static Map<String, Object> problemJson(MetadataProblem p) {
        return Output.map("source", p.source(), "location", p.location(), "item", p.item(), "message", p.message());
    }

    static Map<String, Object> statsJson(MetadataResults.Stats s) {
        Map<String, Object> byScope = new java.util.LinkedHashMap<>();
        s.byScope().forEach((k, v) -> byScope.put(k.name(), v));
        return Output.map("total", s.total(), "byType", new java.util.LinkedHashMap<String, Object>(s.byType()),
                "byNamespace", new java.util.LinkedHashMap<String, Object>(s.byNamespace()), "byScope", byScope,
                "byLoader", new java.util.LinkedHashMap<String, Object>(s.byLoader()));
    }

    /** An import's or copy's report: {@code what} it did and its counts; exit 8 when an item failed. */
    static int reportImport(CliCommand c, String command, String what, MetadataResults.Import r) {
        c.report(command, () -> Output.map("ok", r.failed() == 0, "result", importJson(r)), () -> {
            c.out().line(String.format(Locale.ROOT, "%s%s: %d created, %d updated, %d unchanged, %d skipped, %d deleted, "
                            + "%d failed in %s.", r.dryRun() ? "Dry run (nothing written): " : "", what, r.created(),
                    r.updated(), r.unchanged(), r.skipped(), r.deleted(), r.failed(), Output.millis(r.duration())));
            r.problems().forEach(p -> c.out().line("  " + p));
        });
        return r.failed() == 0 ? ExitCodes.OK : ExitCodes.METADATA;
    }

    @Command(name = "export", description = "Writes every item (or one type's) of one loader or all to a JSON file.")
    static final class Export extends CliCommand {

        @Option(names = "--output", required = true, paramLabel = "FILE", description = "The JSON file to write.")
        String output;

        @Option(names = "--pretty", description = "Indent the JSON.")
        boolean pretty;

        @Option(names = "--stats", description = "Include counts by type, namespace, scope and loader.")
        boolean stats;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only this type, e.g. object.")
        String type;

        @Option(names = "--loader", paramLabel = "NAME", description = "Only this loader's items; default: all.")
        String loader;

        @Override
        int run() {
            try (MetadataManager m = open(this)) {
                requireLoader(m, loader, "--loader");
                MetadataResults.Export r = m.export(settings().resolvePath(output), new MetadataQuery(type, null, null),
                        loader, pretty, stats);
                report("metadata export", () -> {
                    Map<String, Object> fields = Output.map("file", r.file(), "items", r.items(), "durationMs", r.duration());
                    if (r.stats() != null) {
                        fields.put("stats", statsJson(r.stats()));
                    }
                    return fields;
                }, () -> out().line("Exported " + r.items() + " item(s) to " + r.file() + " in "
                        + Output.millis(r.duration()) + "."));
                problems(m);
            }
            return ExitCodes.OK;
        }

        private void problems(MetadataManager m) {
            if (!json()) {
                m.problems().forEach(p -> err().println("Warning: " + p));
            }
        }
    }

    @Command(name = "import", description = "Imports an export file into a loader. Without --continue-on-error nothing is "
            + "written when any item fails.")
    static final class Import extends CliCommand {

        @Option(names = "--source", required = true, paramLabel = "FILE", description = "An export file.")
        String source;

        @Option(names = "--strategy", paramLabel = "merge|replace|skip", description = "merge (default): create and "
                + "update; replace: also delete items not in the file; skip: only create.")
        MetadataImport.Strategy strategy = MetadataImport.Strategy.MERGE;

        @Option(names = "--no-validate", description = "Skip validation (types, names, required fields).")
        boolean noValidate;

        @Option(names = "--continue-on-error", description = "Import the good items and report the bad ones.")
        boolean continueOnError;

        @Option(names = "--dry-run", description = "Report what would change; write nothing.")
        boolean dryRun;

        @Option(names = "--loader", paramLabel = "NAME", description = "The loader to import into; default: the default "
                + "loader.")
        String loader;

        @Override
        int run() {
            try (MetadataManager m = open(this)) {
                requireLoader(m, loader, "--loader");
                MetadataImport request = MetadataImport.of(settings().resolvePath(source)).with(strategy)
                        .validate(!noValidate).continueOnError(continueOnError).dryRun(dryRun);
                if (loader != null) {
                    request = request.into(loader);
                }
                return reportImport(this, "metadata import", "Imported " + source, m.importFrom(request));
            }
        }
    }

    @Command(name = "copy", description = "Copies every item from one loader to another (files to a database, and back).")
    static final class Copy extends CliCommand {

        @Option(names = "--from", required = true, paramLabel = "LOADER")
        String from;

        @Option(names = "--to", required = true, paramLabel = "LOADER")
        String to;

        @Option(names = "--strategy", paramLabel = "merge|replace|skip", description = "Default merge.")
        MetadataImport.Strategy strategy = MetadataImport.Strategy.MERGE;

        @Option(names = "--dry-run", description = "Report what would change; write nothing.")
        boolean dryRun;

        @Override
        int run() {
            try (MetadataManager m = open(this)) {
                requireLoader(m, from, "--from");
                requireLoader(m, to, "--to");
                return reportImport(this, "metadata copy", "Copied " + from + " -> " + to, m.copy(from, to, strategy, dryRun));
            }
        }
    }

    @Command(name = "list", description = "Lists items: type, name, namespace, scope, checksum.")
    static final class ListItems extends CliCommand {

        @Option(names = "--type", paramLabel = "TYPE")
        String type;

        @Option(names = "--namespace", paramLabel = "NS")
        String namespace;

        @Option(names = "--loader", paramLabel = "NAME", description = "Only this loader; default: all, through the manager.")
        String loader;

        @Override
        int run() {
            try (MetadataManager m = open(this)) {
                requireLoader(m, loader, "--loader");
                MetadataQuery q = new MetadataQuery(type, namespace, null);
                List<MetadataItem> items = loader == null ? m.list(q) : m.loaders().get(loader).list(q);
                report("metadata list", () -> Output.map("items", items.stream().map(i -> (Object) Output.map("type",
                        i.type(), "name", i.name(), "namespace", i.namespace(), "scope", i.scope(), "checksum",
                        i.checksum())).toList()), () -> {
                    if (items.isEmpty()) {
                        out().line("No metadata items" + (type == null ? "" : " of type " + type) + ".");
                        return;
                    }
                    List<List<String>> rows = new ArrayList<>();
                    items.forEach(i -> rows.add(List.of(i.type(), i.name(), i.namespace(), String.valueOf(i.scope()),
                            i.checksum() == null ? "" : i.checksum().substring(0, Math.min(12, i.checksum().length())))));
                    out().table(List.of("TYPE", "NAME", "NAMESPACE", "SCOPE", "CHECKSUM"), rows);
                });
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "get", description = "Prints one item's body as JSON. Exit 8 when there is no such item.")
    static final class Get extends CliCommand {

        @Option(names = "--type", required = true, paramLabel = "TYPE")
        String type;

        @Option(names = "--name", required = true, paramLabel = "NAME")
        String name;

        @Option(names = "--namespace", paramLabel = "NS", defaultValue = MetadataItem.DEFAULT_NAMESPACE)
        String namespace;

        @Override
        int run() {
            try (MetadataManager m = open(this)) {
                Optional<MetadataItem> item = m.get(type, name, namespace);
                if (item.isEmpty()) {
                    throw new CliException(ExitCodes.METADATA, "METADATA_NOT_FOUND", "No metadata item " + type + " '" + name
                            + "' in namespace " + namespace + ". List them with: migrator metadata list --type " + type);
                }
                MetadataItem i = item.get();
                report("metadata get", () -> Output.map("type", i.type(), "name", i.name(), "namespace", i.namespace(),
                        "scope", i.scope(), "checksum", i.checksum(), "body", i.body()), () -> out().json(i.body()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "stats", description = "Counts items by type, namespace, scope and loader.")
    static final class Stats extends CliCommand {

        @Override
        int run() {
            try (MetadataManager m = open(this)) {
                MetadataResults.Stats s = m.stats();
                report("metadata stats", () -> statsJson(s), () -> {
                    out().line("Total: " + s.total());
                    out().line("By type: " + s.byType());
                    out().line("By namespace: " + s.byNamespace());
                    out().line("By scope: " + s.byScope());
                    out().line("By loader: " + s.byLoader());
                });
            }
            return ExitCodes.OK;
        }
    }
}

package dev.migrator.core.internal.metadata;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataProblem;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file:} loader's folder layout: item files at the top are in namespace {@code default}, a subfolder is a
 * namespace (one level deep); hidden files, other extensions and deeper folders are ignored. Finds files by their
 * names only, never reading one.
 */
final class MetadataFolder {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataFolder.class);

    private static final MetadataFile.Format[] READ_ORDER = MetadataFile.Format.values();

    private final String loader;
    private final Path directory;

    MetadataFolder(String loader, Path directory) {
        this.loader = loader;
        this.directory = directory;
    }

    /** The namespace folders present now. */
    List<Path> namespaceFolders() {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".") && Files.isDirectory(p)) {
                    dirs.add(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("[{}] cannot list {}: {}", loader, directory, e.toString());
        }
        return dirs;
    }

    /** The folder of a namespace's files. */
    Path folderOf(String ns) {
        return MetadataItem.DEFAULT_NAMESPACE.equals(ns) ? directory : directory.resolve(ns);
    }

    /** The files holding one item now: its own file names only, nothing else is read. */
    List<MetadataFile> filesOf(String type, String name, String ns) {
        List<Path> folders = MetadataItem.DEFAULT_NAMESPACE.equals(ns)
                ? List.of(directory, directory.resolve(MetadataItem.DEFAULT_NAMESPACE))
                : List.of(directory.resolve(ns));
        List<MetadataFile> files = new ArrayList<>();
        for (Path folder : folders) {
            for (MetadataFile.Format f : READ_ORDER) {
                Path p = folder.resolve(MetadataFile.fileName(type, name, f));
                if (Files.isRegularFile(p)) {
                    files.add(new MetadataFile(p, type, name, ns, f));
                }
            }
        }
        return files;
    }

    /**
     * The item files of one namespace ({@code null}: all), sorted by path. Typeless JSON and YAML files are reported
     * into {@code typeless} when it is given.
     */
    List<MetadataFile> scan(String onlyNamespace, List<MetadataProblem> typeless) {
        List<MetadataFile> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        boolean wantDefault = onlyNamespace == null || MetadataItem.DEFAULT_NAMESPACE.equals(onlyNamespace);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory)) {
            for (Path p : ds) {
                String fileName = p.getFileName().toString();
                if (fileName.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    if (onlyNamespace == null || onlyNamespace.equals(fileName)) {
                        scanFolder(p, fileName, files, typeless);
                    }
                } else if (wantDefault) {
                    add(p, MetadataItem.DEFAULT_NAMESPACE, files, typeless);
                }
            }
        } catch (IOException e) {
            throw new MetadataException(ErrorCode.METADATA_INVALID, "Cannot list metadata folder " + directory + ": " + e
                    + ". Check that it is readable.", List.of(), e);
        }
        files.sort(Comparator.comparing(MetadataFile::path));
        return files;
    }

    private void scanFolder(Path folder, String ns, List<MetadataFile> files, List<MetadataProblem> typeless) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    add(p, ns, files, typeless);
                }
            }
        } catch (NoSuchFileException e) {
            // removed since we listed the parent
        } catch (IOException e) {
            if (typeless != null) {
                typeless.add(new MetadataProblem(folder.toString(), null, null, "Cannot list the namespace folder: " + e
                        + ". Check that it is readable; its items were left out."));
            }
        }
    }

    private static void add(Path p, String ns, List<MetadataFile> files, List<MetadataProblem> typeless) {
        Optional<MetadataFile> f = MetadataFile.parse(p, ns);
        if (f.isPresent()) {
            files.add(f.get());
        } else if (typeless != null && MetadataFile.typeless(p)) {
            String file = p.getFileName().toString();
            typeless.add(new MetadataProblem(p.toString(), null, null, "The file name " + file + " names no type; "
                    + "name it {name}.{type}" + file.substring(file.lastIndexOf('.')) + ", e.g. account.object.json. It "
                    + "was left out."));
        }
    }
}

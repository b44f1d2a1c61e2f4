package dev.migrator.core.internal.schema;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.CreatedScripts;
import dev.migrator.api.Identifier;
import dev.migrator.api.Version;
import dev.migrator.spi.engine.MigrationSettings;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a new pair of empty up and down scripts, versioned by the current time, into the first folder location. */
final class ScriptCreator {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptCreator.class);
    /** Built when a script is first created: every manager holds a creator, and a start need not load java.time.format. */
    private static final class Formats {
        static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    }

    private final List<MigrationSettings.Location> locations;

    ScriptCreator(List<MigrationSettings.Location> locations) {
        this.locations = locations;
    }

    CreatedScripts create(String name) {
        if (!Identifier.isWord(name, 100)) {
            throw new ConfigurationException("Script name '" + name + "' is invalid: use 1 to 100 letters, digits or '_', "
                    + "e.g. add_user_email.");
        }
        Path dir = locations.stream()
                .map(MigrationSettings.Location::location)
                .filter(l -> !l.startsWith("classpath:"))
                .map(l -> Paths.get(l.startsWith("filesystem:") ? l.substring("filesystem:".length()) : l))
                .findFirst()
                .orElseThrow(() -> new ConfigurationException("create(name) writes into the first filesystem: location, and "
                        + "none is configured. Add one with locations(\"filesystem:src/main/resources/db/migration\")."));
        String version = Formats.TIMESTAMP.format(Instant.now());
        Path up = dir.resolve("V" + version + "__" + name + ".sql");
        Path down = dir.resolve("U" + version + "__" + name + ".sql");
        try {
            Files.createDirectories(dir);
            Files.writeString(up, "-- " + name + ": the change. Runs in a transaction where the database allows.\n",
                    StandardOpenOption.CREATE_NEW);
            Files.writeString(down, "-- " + name + ": undoes V" + version + "__" + name + ".sql\n", StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigurationException("Cannot create " + e.getFile() + ": it exists already. Wait a second and retry.", e);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot write the new scripts into " + dir + ": " + e.getMessage(), e);
        }
        LOG.info("Created {} and {}", up, down);
        return new CreatedScripts(Version.parse(version), up, down);
    }
}

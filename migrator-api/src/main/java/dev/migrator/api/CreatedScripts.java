package dev.migrator.api;

import java.nio.file.Path;

/**
 * The files {@code create(name)} wrote.
 *
 * @param version the timestamp version given to them
 * @param up the up script
 * @param down the down script
 */
public record CreatedScripts(Version version, Path up, Path down) {}

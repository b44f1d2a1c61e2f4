package dev.migrator.api;

/**
 * A baseline recorded on an existing database: scripts up to and including the version count as applied.
 *
 * @param target the target, schema resolved
 * @param version the baseline version
 */
public record BaselineResult(Target target, Version version) {}

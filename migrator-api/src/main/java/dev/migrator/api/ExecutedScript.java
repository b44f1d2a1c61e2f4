package dev.migrator.api;

import java.time.Duration;

/**
 * A script that ran (up on migrate, down on rollback).
 *
 * @param target the target, schema resolved
 * @param version the version
 * @param name the name
 * @param statements statements executed
 * @param duration how long it took, history entry included
 */
public record ExecutedScript(Target target, Version version, String name, int statements, Duration duration) {}

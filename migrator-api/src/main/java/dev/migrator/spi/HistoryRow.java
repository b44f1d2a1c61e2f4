package dev.migrator.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * One history entry, as stored. The engine decides what rows mean; the backend stores and returns them.
 *
 * @param rank order of installation, from 1
 * @param version the script's version text as normalised by {@link dev.migrator.api.Version#toString()}, or {@code null}
 *     for a run of a repeatable script (one row per run; the store must accept and return {@code null} here)
 * @param name the script's name
 * @param type {@code SQL}, {@code JAVA}, {@code TEXT} or {@code BASELINE}
 * @param checksum the checksum, or {@code null} (Java code without one, baseline)
 * @param checksumAlgorithm the algorithm and its version, e.g. {@code sha256-normalised-v1}, or {@code null}
 * @param installedBy who ran it
 * @param installedAt when it finished
 * @param executionTime how long it took
 * @param success whether it completed
 * @param statementsCompleted statements that completed (all of them on success)
 */
public record HistoryRow(
        int rank,
        String version,
        String name,
        String type,
        String checksum,
        String checksumAlgorithm,
        String installedBy,
        Instant installedAt,
        Duration executionTime,
        boolean success,
        int statementsCompleted) {}

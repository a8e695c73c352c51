package qsl.bench;

import java.nio.file.Path;

/**
 * @param quick a short pass (fewer iterations, shorter runs) for a smoke check; a results file
 *     from a quick pass says so in its meta
 * @param command the command line to record in the results meta
 * @param resultsDir where results files go
 */
public record BenchOptions(boolean quick, String command, Path resultsDir) {}

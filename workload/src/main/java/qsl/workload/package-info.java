/**
 * Seeded, deterministic command-stream generators for tests and benchmarks.
 */
package qsl.workload;

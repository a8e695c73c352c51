/**
 * The pinning / NUMA study behind {@code ./qsl numa-study}: ring ping-pong between thread pairs
 * placed by topology, false sharing, local versus remote memory, and scheduler migrations.
 * {@link qsl.numa.StudyPlanner} decides what this machine can measure (a pure function of the
 * topology); {@link qsl.numa.NumaStudy} runs it and writes {@code results/numa_study.json}.
 */
package qsl.numa;

/**
 * The journaled engine: every sequenced command is appended to the write-ahead log and applied; snapshots on a policy; rebuild from snapshot plus log. JDK only.
 */
package qsl.journal;

/**
 * The journaled engine: every sequenced command is appended to the write-ahead log, then applied;
 * snapshots on a policy; rebuild from snapshot plus log. JDK only.
 *
 * <ul>
 *   <li>{@link qsl.journal.Journal}: a {@code WalWriter} plus snapshots that never outrun the durable log.</li>
 *   <li>{@link qsl.journal.JournaledEngine}: the single-thread append, apply, snapshot loop.</li>
 *   <li>{@link qsl.journal.EngineRecovery}: newest intact snapshot plus the log after it; commands applied
 *       to a fresh engine emitting into the caller's sink, other record types handed to the caller.</li>
 *   <li>{@link qsl.journal.RecordTypes}: types 1..15 are the journal's (1 = engine command), 16..31 the node's.</li>
 *   <li>{@link qsl.journal.JournalSnapshotDescriptor}: snapshot payload = engine section + opaque extension section.</li>
 * </ul>
 * See {@code docs/journal.md}.
 */
package qsl.journal;

package qsl.workload;

import java.lang.foreign.MemorySegment;
import java.util.List;
import qsl.book.CommandDescriptor;
import qsl.book.SymbolSpec;

/**
 * A generated command stream: {@link #count()} {@link CommandDescriptor} records back to back in
 * {@link #commands()}, the symbols to register first, and what the generator wrote.
 * The stream is a GTC prefill ({@link #prefill()} commands), then the mixed main phase, then
 * (if asked) one cancel per order still live ({@link #closing()} commands), which leaves the book
 * empty so the stream can be replayed again on the same engine.
 *
 * @param gtc main-phase GTC limit orders
 * @param ioc main-phase IOC orders
 * @param cancels main-phase cancels
 * @param moves main-phase moves (modify to a new price)
 * @param tradingCommands commands that the generator's model says trade at least once
 * @param liveAtEnd orders resting after the whole stream (0 when closed out)
 */
public record Workload(WorkloadShape shape, long seed, MemorySegment commands, int count, List<SymbolSpec> symbols,
                       int prefill, int closing, int gtc, int ioc, int cancels, int moves, int tradingCommands,
                       int liveAtEnd) {

    /** Commands in the mixed main phase. */
    public int mainPhase() {
        return count - prefill - closing;
    }

    /** Byte offset of command {@code i}. */
    public static long offset(int i) {
        return (long) i * CommandDescriptor.LENGTH;
    }

    public long bytes() {
        return (long) count * CommandDescriptor.LENGTH;
    }
}

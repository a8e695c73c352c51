package qsl.bench.engine;

import java.lang.foreign.MemorySegment;
import java.util.List;
import qsl.book.CommandDescriptor;
import qsl.book.Engine;
import qsl.book.SymbolSpec;

/**
 * A pre-generated run of {@link CommandDescriptor} records that benchmarks replay over and over,
 * plus the symbols it trades.
 *
 * <p>A cyclic stream ends with a cancel for every order still resting after its last generated
 * command, so the book is empty at the end and the stream can start again from its first record
 * with every order id free: a benchmark wraps around without rebuilding the engine, and every
 * measured operation is a real command. The drain is a small fraction of the stream (about one
 * cancel per resting order, against a million commands).
 *
 * @param name workload name, for reports
 * @param seed the generator seed
 * @param commands the records, {@link CommandDescriptor#LENGTH} bytes each, from offset 0
 * @param count number of records
 * @param generated records before the drain tail (all of them when there is none)
 * @param symbols the symbols the stream uses, to register before replaying it
 */
public record CommandStream(String name, long seed, MemorySegment commands, long count, long generated,
                            List<SymbolSpec> symbols) {

    public long bytes() {
        return count * CommandDescriptor.LENGTH;
    }

    /** Registers this stream's symbols on {@code engine}. */
    public void register(Engine engine) {
        for (SymbolSpec s : symbols) {
            engine.addSymbol(s);
        }
    }

    /** Applies every record once, in order. */
    public void replay(Engine engine) {
        long end = bytes();
        for (long at = 0; at < end; at += CommandDescriptor.LENGTH) {
            engine.apply(commands, at);
        }
    }

    /** Applies every record once to the peer. */
    public void replay(ExchangeCoreBooks peer) {
        long end = bytes();
        for (long at = 0; at < end; at += CommandDescriptor.LENGTH) {
            peer.apply(commands, at);
        }
    }

    /** The highest symbol id plus one. */
    public int symbolCount() {
        int max = -1;
        for (SymbolSpec s : symbols) {
            max = Math.max(max, s.symbol());
        }
        return max + 1;
    }
}

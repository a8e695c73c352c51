package qsl.book.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import qsl.book.CommandDescriptor;
import qsl.book.Engine;
import qsl.book.EngineConfig;
import qsl.book.SymbolSpec;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
import qsl.workload.WorkloadShape;

/**
 * The benchmark workloads, long and realistic where the property tests are short and hostile:
 * every shape through the fast engine and the reference, events compared command by command,
 * the full state every few thousand commands. A 64-level band puts most of the exchange-core
 * book and all of the drifting market outside the band; 4096 keeps it inside.
 */
class WorkloadDifferentialTest {

    @ParameterizedTest(name = "{0}, band {1}")
    @CsvSource({"EXCHANGE_CORE, 64", "EXCHANGE_CORE, 4096", "MULTI_SYMBOL, 64", "MULTI_SYMBOL, 4096", "DRIFTING, 64", "DRIFTING, 4096"})
    void workloadRunsIdenticallyOnBothEngines(WorkloadShape shape, int band) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(shape, 11, 60_000, true, arena);
            EngineConfig config = new EngineConfig(1 << 14, 16, band);
            RecordingSink sa = new RecordingSink();
            RecordingSink sb = new RecordingSink();
            Engine a = Engines.REFERENCE.create(config, sa);
            Engine b = Engines.FAST.create(config, sb);
            try {
                for (SymbolSpec s : w.symbols()) {
                    a.addSymbol(s);
                    b.addSymbol(s);
                }
                MemorySegment cmds = w.commands();
                List<SymbolSpec> symbols = w.symbols();
                for (int i = 0; i < w.count(); i++) {
                    long at = (long) i * CommandDescriptor.LENGTH;
                    a.apply(cmds, at);
                    b.apply(cmds, at);
                    List<RecordingSink.Event> ea = sa.drain();
                    List<RecordingSink.Event> eb = sb.drain();
                    if (!ea.equals(eb))
                        fail(shape + " band " + band + ": events differ at command " + i + "\n  reference: " + ea + "\n  fast:      " + eb);
                    if (i % 5000 == 0 || i == w.count() - 1) {
                        Snapshot pa = Snapshot.of(a, symbols);
                        Snapshot pb = Snapshot.of(b, symbols);
                        if (!pa.equals(pb)) fail(shape + " band " + band + ": state differs after command " + i);
                        String broken = DifferentialChecker.invariants(pb, symbols);
                        if (broken != null) fail(shape + " band " + band + ": " + broken + " after command " + i);
                    }
                }
                assertEquals(0, b.restingOrders(), "closed-out workload leaves an empty book");
                assertEquals(a.digest(), b.digest());
            } finally {
                if (b instanceof AutoCloseable c) c.close();
            }
        }
    }
}

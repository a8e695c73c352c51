package qsl.bench.fix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import qsl.protocol.fix.FixDecimal;
import qsl.protocol.fix.FixEncoder;
import qsl.protocol.fix.FixMessage;
import qsl.protocol.fix.FixParser;
import qsl.protocol.fix.FixTags;
import quickfix.DataDictionary;
import quickfix.DefaultMessageFactory;
import quickfix.Message;
import quickfix.MessageUtils;

/**
 * FIX 4.4 codec costs per message: qsl's parse (frame, BodyLength and CheckSum checks, field
 * index) plus reading the fields an order needs, qsl's encode of a complete ExecutionReport
 * (header, SendingTime, trailer), and QuickFIX/J 2.3.2 parsing the very same bytes (from the
 * String its API takes, with its FIX 4.4 dictionary, no validation) and reading the same fields.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FixBenchmark {
    static final String NEW_ORDER = body("35=D|49=alice|56=QSL|34=1234|52=20261130-16:00:00.123|11=ord-000123|1=ACC1|55=AAPL"
            + "|54=1|60=20261130-16:00:00.123|38=100|40=2|44=101.25|59=0|");
    static final String EXEC_REPORT = body("35=8|49=QSL|56=alice|34=5678|52=20261130-16:00:00.124|37=987654|17=4321"
            + "|11=ord-000123|150=F|39=1|55=AAPL|54=1|38=100|40=2|44=101.25|59=1|31=101.25|32=40|151=60|14=40|6=101.25|");

    MemorySegment newOrder;
    int newOrderLength;
    MemorySegment execReport;
    int execReportLength;
    String newOrderText;
    String execReportText;
    final FixParser parser = new FixParser();
    final FixMessage message = new FixMessage();
    FixEncoder encoder;
    final byte[] id = "ord-000123".getBytes(StandardCharsets.US_ASCII);
    final byte[] ours = "QSL".getBytes(StandardCharsets.US_ASCII);
    final byte[] theirs = "alice".getBytes(StandardCharsets.US_ASCII);
    final byte[] symbol = "AAPL".getBytes(StandardCharsets.US_ASCII);
    DataDictionary dictionary;
    DefaultMessageFactory factory;
    long seq;

    /** A frame from a '|' separated body, BodyLength and CheckSum computed. */
    static String body(String b) {
        String s = b.replace('|', '\u0001');
        String pre = "8=FIX.4.4\u00019=" + s.length() + "\u0001" + s;
        int sum = 0;
        for (byte x : pre.getBytes(StandardCharsets.US_ASCII)) sum += x;
        return pre + String.format("10=%03d\u0001", sum & 0xFF);
    }

    @Setup
    public void setup() throws Exception {
        Arena arena = Arena.ofAuto();
        byte[] a = NEW_ORDER.getBytes(StandardCharsets.US_ASCII);
        newOrder = arena.allocate(a.length);
        MemorySegment.copy(MemorySegment.ofArray(a), 0, newOrder, 0, a.length);
        newOrderLength = a.length;
        byte[] b = EXEC_REPORT.getBytes(StandardCharsets.US_ASCII);
        execReport = arena.allocate(b.length);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, execReport, 0, b.length);
        execReportLength = b.length;
        newOrderText = NEW_ORDER;
        execReportText = EXEC_REPORT;
        encoder = new FixEncoder(arena.allocate(FixEncoder.CAPACITY));
        dictionary = new DataDictionary("FIX44.xml");
        factory = new DefaultMessageFactory();
    }

    /** qsl: parse a NewOrderSingle and read ClOrdID, Symbol, Side, OrderQty, OrdType, Price, TimeInForce, MsgSeqNum. */
    @Benchmark
    public long parseNewOrder() {
        FixMessage m = message;
        int n = parser.parse(newOrder, 0, newOrderLength, m);
        int id = m.indexOf(FixTags.CL_ORD_ID);
        int sym = m.indexOf(FixTags.SYMBOL);
        return n + m.valueLength(id) + m.valueLength(sym) + m.getChar(FixTags.SIDE) + FixDecimal.toUnits(m, FixTags.ORDER_QTY, 0)
                + m.getChar(FixTags.ORD_TYPE) + FixDecimal.toUnits(m, FixTags.PRICE, 2) + m.getChar(FixTags.TIME_IN_FORCE)
                + m.getLong(FixTags.MSG_SEQ_NUM);
    }

    /** qsl: parse an ExecutionReport and read ExecType, OrdStatus, LastPx, LastQty, LeavesQty, CumQty, AvgPx, ClOrdID. */
    @Benchmark
    public long parseExecReport() {
        FixMessage m = message;
        int n = parser.parse(execReport, 0, execReportLength, m);
        return n + m.getChar(FixTags.EXEC_TYPE) + m.getChar(FixTags.ORD_STATUS) + FixDecimal.toUnits(m, FixTags.LAST_PX, 2)
                + m.getLong(FixTags.LAST_QTY) + m.getLong(FixTags.LEAVES_QTY) + m.getLong(FixTags.CUM_QTY)
                + FixDecimal.toUnits(m, FixTags.AVG_PX, 2) + m.valueLength(m.indexOf(FixTags.CL_ORD_ID));
    }

    /** qsl: encode a complete ExecutionReport (the fields of {@link #EXEC_REPORT}). */
    @Benchmark
    public int encodeExecReport() {
        long s = ++seq;
        FixEncoder e = encoder;
        e.begin((byte) '8').putBytes(FixTags.SENDER_COMP_ID, ours).putBytes(FixTags.TARGET_COMP_ID, theirs)
                .putLong(FixTags.MSG_SEQ_NUM, s).putTimestamp(FixTags.SENDING_TIME, 1_795_000_000_000L + s)
                .putLong(FixTags.ORDER_ID, 987_654).putLong(FixTags.EXEC_ID, s).putBytes(FixTags.CL_ORD_ID, id)
                .putChar(FixTags.EXEC_TYPE, (byte) 'F').putChar(FixTags.ORD_STATUS, (byte) '1').putBytes(FixTags.SYMBOL, symbol)
                .putChar(FixTags.SIDE, (byte) '1').putLong(FixTags.ORDER_QTY, 100).putChar(FixTags.ORD_TYPE, (byte) '2')
                .putDecimal(FixTags.PRICE, 10_125, 2).putChar(FixTags.TIME_IN_FORCE, (byte) '1').putDecimal(FixTags.LAST_PX, 10_125, 2)
                .putLong(FixTags.LAST_QTY, 40).putLong(FixTags.LEAVES_QTY, 60).putLong(FixTags.CUM_QTY, 40)
                .putRatio(FixTags.AVG_PX, 405_000, 40, 2, 4).finish();
        return e.length();
    }

    /** QuickFIX/J: parse the same NewOrderSingle and read the same fields. */
    @Benchmark
    public double quickfixjParseNewOrder() throws Exception {
        Message m = MessageUtils.parse(factory, dictionary, newOrderText);
        return m.getString(11).length() + m.getString(55).length() + m.getChar(54) + m.getDouble(38) + m.getChar(40)
                + m.getDouble(44) + m.getChar(59) + m.getHeader().getInt(34);
    }

    /** QuickFIX/J: parse the same ExecutionReport and read the same fields. */
    @Benchmark
    public double quickfixjParseExecReport() throws Exception {
        Message m = MessageUtils.parse(factory, dictionary, execReportText);
        return m.getChar(150) + m.getChar(39) + m.getDouble(31) + m.getDouble(32) + m.getDouble(151) + m.getDouble(14)
                + m.getDouble(6) + m.getString(11).length();
    }
}

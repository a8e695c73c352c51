package qsl.protocol.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Round trips: every message encoded with arbitrary fields decodes to its type and the same fields. */
class EntryCodecProperties {
    private final MemorySegment s = Arena.ofAuto().allocate(256);

    @Provide
    Arbitrary<String> symbols() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<Byte> sides() {
        return Arbitraries.of(EntryCodes.SIDE_BUY, EntryCodes.SIDE_SELL);
    }

    @Provide
    Arbitrary<Byte> types() {
        return Arbitraries.of(EntryCodes.TYPE_LIMIT, EntryCodes.TYPE_MARKET);
    }

    @Provide
    Arbitrary<Byte> tifs() {
        return Arbitraries.of(EntryCodes.TIF_GTC, EntryCodes.TIF_DAY, EntryCodes.TIF_IOC, EntryCodes.TIF_FOK);
    }

    @Provide
    Arbitrary<Byte> reasons() {
        return Arbitraries.integers().between(1, 255).map(i -> (byte) (int) i);
    }

    @Property(tries = 2000)
    void enterOrder(@ForAll long token, @ForAll("symbols") String symbol, @ForAll("sides") byte side,
                    @ForAll("types") byte type, @ForAll("tifs") byte tif, @ForAll long price, @ForAll long quantity,
                    @ForAll @IntRange(min = 0, max = 100) int at) {
        long key = Symbols.key(symbol);
        int n = EnterOrderDescriptor.write(s, at, token, key, side, type, tif, price, quantity);
        assertEquals('O', EntryDecoder.decodeRequest(s, at, n));
        assertEquals(token, EnterOrderDescriptor.token(s, at));
        assertEquals(symbol, Symbols.toString(EnterOrderDescriptor.symbol(s, at)));
        assertEquals(side, EnterOrderDescriptor.side(s, at));
        assertEquals(type, EnterOrderDescriptor.orderType(s, at));
        assertEquals(tif, EnterOrderDescriptor.timeInForce(s, at));
        assertEquals(price, EnterOrderDescriptor.price(s, at));
        assertEquals(quantity, EnterOrderDescriptor.quantity(s, at));
    }

    @Property(tries = 1000)
    void cancelReplaceMassCancel(@ForAll long a, @ForAll long b, @ForAll long price, @ForAll long qty,
                                 @ForAll("symbols") String symbol, @ForAll boolean all) {
        int n = CancelOrderDescriptor.write(s, 0, a);
        assertEquals('X', EntryDecoder.decodeRequest(s, 0, n));
        assertEquals(a, CancelOrderDescriptor.token(s, 0));
        n = ReplaceOrderDescriptor.write(s, 0, a, b, price, qty);
        assertEquals('U', EntryDecoder.decodeRequest(s, 0, n));
        assertEquals(a, ReplaceOrderDescriptor.existingToken(s, 0));
        assertEquals(b, ReplaceOrderDescriptor.replacementToken(s, 0));
        assertEquals(price, ReplaceOrderDescriptor.price(s, 0));
        assertEquals(qty, ReplaceOrderDescriptor.quantity(s, 0));
        long key = all ? Symbols.ALL : Symbols.key(symbol);
        n = MassCancelDescriptor.write(s, 0, key);
        assertEquals('C', EntryDecoder.decodeRequest(s, 0, n));
        assertEquals(key, MassCancelDescriptor.symbol(s, 0));
    }

    @Property(tries = 1000)
    void acceptedRejectedExecuted(@ForAll long token, @ForAll long id, @ForAll("symbols") String symbol,
                                  @ForAll("sides") byte side, @ForAll("types") byte type, @ForAll("tifs") byte tif,
                                  @ForAll long price, @ForAll long qty, @ForAll long leaves, @ForAll boolean added,
                                  @ForAll("reasons") byte reason) {
        int n = AcceptedDescriptor.write(s, 0, token, id, Symbols.key(symbol), side, type, tif, price, qty);
        assertEquals('A', EntryDecoder.decodeResponse(s, 0, n));
        assertEquals(token, AcceptedDescriptor.token(s, 0));
        assertEquals(id, AcceptedDescriptor.orderId(s, 0));
        assertEquals(Symbols.key(symbol), AcceptedDescriptor.symbol(s, 0));
        assertEquals(side, AcceptedDescriptor.side(s, 0));
        assertEquals(type, AcceptedDescriptor.orderType(s, 0));
        assertEquals(tif, AcceptedDescriptor.timeInForce(s, 0));
        assertEquals(price, AcceptedDescriptor.price(s, 0));
        assertEquals(qty, AcceptedDescriptor.quantity(s, 0));
        n = RejectedDescriptor.write(s, 0, token, reason);
        assertEquals('J', EntryDecoder.decodeResponse(s, 0, n));
        assertEquals(token, RejectedDescriptor.token(s, 0));
        assertEquals(reason, RejectedDescriptor.reason(s, 0));
        byte liq = added ? EntryCodes.LIQUIDITY_ADDED : EntryCodes.LIQUIDITY_REMOVED;
        n = ExecutedDescriptor.write(s, 0, token, id, ~id, price, qty, leaves, liq);
        assertEquals('E', EntryDecoder.decodeResponse(s, 0, n));
        assertEquals(token, ExecutedDescriptor.token(s, 0));
        assertEquals(id, ExecutedDescriptor.orderId(s, 0));
        assertEquals(~id, ExecutedDescriptor.matchId(s, 0));
        assertEquals(price, ExecutedDescriptor.price(s, 0));
        assertEquals(qty, ExecutedDescriptor.quantity(s, 0));
        assertEquals(leaves, ExecutedDescriptor.leavesQuantity(s, 0));
        assertEquals(liq, ExecutedDescriptor.liquidity(s, 0));
    }

    @Property(tries = 1000)
    void canceledReplacedRejectsAck(@ForAll long a, @ForAll long b, @ForAll long id, @ForAll long price, @ForAll long qty,
                                    @ForAll @IntRange(min = 0, max = 3) int cancelReason, @ForAll boolean kept,
                                    @ForAll("reasons") byte reason, @ForAll int count, @ForAll("symbols") String symbol) {
        int n = CanceledDescriptor.write(s, 0, a, id, qty, (byte) cancelReason);
        assertEquals('C', EntryDecoder.decodeResponse(s, 0, n));
        assertEquals(a, CanceledDescriptor.token(s, 0));
        assertEquals(id, CanceledDescriptor.orderId(s, 0));
        assertEquals(qty, CanceledDescriptor.canceledQuantity(s, 0));
        assertEquals(cancelReason, CanceledDescriptor.reason(s, 0));
        n = ReplacedDescriptor.write(s, 0, a, b, id, price, qty, (byte) (kept ? 1 : 0));
        assertEquals('U', EntryDecoder.decodeResponse(s, 0, n));
        assertEquals(a, ReplacedDescriptor.oldToken(s, 0));
        assertEquals(b, ReplacedDescriptor.newToken(s, 0));
        assertEquals(id, ReplacedDescriptor.orderId(s, 0));
        assertEquals(price, ReplacedDescriptor.price(s, 0));
        assertEquals(qty, ReplacedDescriptor.quantity(s, 0));
        assertEquals(kept ? 1 : 0, ReplacedDescriptor.keptPriority(s, 0));
        n = CancelRejectDescriptor.write(s, 0, a, reason);
        assertEquals('I', EntryDecoder.decodeResponse(s, 0, n));
        assertEquals(a, CancelRejectDescriptor.token(s, 0));
        assertEquals(reason, CancelRejectDescriptor.reason(s, 0));
        n = ReplaceRejectDescriptor.write(s, 0, a, b, reason);
        assertEquals('K', EntryDecoder.decodeResponse(s, 0, n));
        assertEquals(a, ReplaceRejectDescriptor.existingToken(s, 0));
        assertEquals(b, ReplaceRejectDescriptor.replacementToken(s, 0));
        assertEquals(reason, ReplaceRejectDescriptor.reason(s, 0));
        n = MassCancelAckDescriptor.write(s, 0, Symbols.key(symbol), count, reason);
        assertEquals('M', EntryDecoder.decodeResponse(s, 0, n));
        assertEquals(reason, MassCancelAckDescriptor.reason(s, 0));
        assertEquals(Symbols.key(symbol), MassCancelAckDescriptor.symbol(s, 0));
        assertEquals(count, MassCancelAckDescriptor.canceledCount(s, 0));
    }
}

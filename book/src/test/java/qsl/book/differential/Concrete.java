package qsl.book.differential;

import java.lang.foreign.MemorySegment;
import qsl.book.CommandDescriptor;
import qsl.book.CommandType;
import qsl.book.Engine;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.TimeInForce;

/** A concrete command, as it is fed to every engine (through a {@link CommandDescriptor} record). */
public record Concrete(byte type, int symbol, long orderId, int account, byte side, byte orderType, byte tif, long price,
                       long quantity) {

    /** Feeds this command to {@code engine} through {@link Engine#apply}, the way a log replay would. */
    public void applyTo(Engine engine) {
        MemorySegment rec = MemorySegment.ofArray(new long[CommandDescriptor.LENGTH / 8]);
        switch (type) {
            case CommandType.NEW_ORDER -> CommandDescriptor.writeNewOrder(rec, 0, symbol, orderId, account, side, orderType, tif, price,
                    quantity);
            case CommandType.CANCEL -> CommandDescriptor.writeCancel(rec, 0, symbol, orderId, account);
            case CommandType.MODIFY -> CommandDescriptor.writeModify(rec, 0, symbol, orderId, account, price, quantity);
            case CommandType.MASS_CANCEL -> CommandDescriptor.writeMassCancel(rec, 0, account, symbol);
            default -> {
                CommandDescriptor.writeCancel(rec, 0, symbol, orderId, account);
                rec.set(java.lang.foreign.ValueLayout.JAVA_BYTE, CommandDescriptor.TYPE_OFFSET, type);
            }
        }
        engine.apply(rec, 0);
    }

    @Override
    public String toString() {
        return switch (type) {
            case CommandType.NEW_ORDER -> "newOrder(sym=" + symbol + ", id=" + orderId + ", acct=" + account + ", " + side(side) + ", "
                    + otype(orderType) + ", " + tif(tif) + ", price=" + price + ", qty=" + quantity + ")";
            case CommandType.CANCEL -> "cancel(sym=" + symbol + ", id=" + orderId + ", acct=" + account + ")";
            case CommandType.MODIFY -> "modify(sym=" + symbol + ", id=" + orderId + ", acct=" + account + ", price=" + price
                    + ", qty=" + quantity + ")";
            case CommandType.MASS_CANCEL -> "massCancel(acct=" + account + ", sym=" + symbol + ")";
            default -> "unknownCommand(type=" + type + ", sym=" + symbol + ", id=" + orderId + ")";
        };
    }

    static String side(byte s) {
        return s == Side.BUY ? "BUY" : s == Side.SELL ? "SELL" : "side" + s;
    }

    static String otype(byte t) {
        return t == OrderType.LIMIT ? "LIMIT" : t == OrderType.MARKET ? "MARKET" : "type" + t;
    }

    static String tif(byte t) {
        return t == TimeInForce.GTC ? "GTC" : t == TimeInForce.IOC ? "IOC" : t == TimeInForce.FOK ? "FOK" : "tif" + t;
    }
}

package qsl.book;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of one engine command record: the unit the workload generator writes, the write-ahead
 * log journals and replay feeds back. Fixed {@value #LENGTH} bytes, little-endian, 8-byte
 * aligned when records are packed back to back. Code sizes record buffers and steps through
 * records with {@link #LENGTH}, never with a literal.
 *
 * <pre>
 *   0       1       2       3       4                               8
 *   +-------+-------+-------+-------+-------------------------------+
 *   | type  | side  | otype |  tif  |          symbol (i32)         |
 *   +-------+-------+-------+-------+-------------------------------+
 *   |                        orderId (i64)                          |  8
 *   +---------------------------------------------------------------+
 *   |              price (i64)  (modify: new price)                 | 16
 *   +---------------------------------------------------------------+
 *   |            quantity (i64)  (modify: new open quantity)        | 24
 *   +-------------------------------+-------------------------------+
 *   |         account (i32)         |        reserved = 0           | 32
 *   +-------------------------------+-------------------------------+ 40
 * </pre>
 * A cancel uses type, symbol, orderId and account; a mass cancel ({@link CommandType#MASS_CANCEL})
 * uses type, symbol ({@link Engine#ALL_SYMBOLS} for every symbol) and account. Unused fields are
 * zero.
 */
public final class CommandDescriptor {
    public static final int TYPE_OFFSET = 0;
    public static final int SIDE_OFFSET = 1;
    public static final int ORDER_TYPE_OFFSET = 2;
    public static final int TIF_OFFSET = 3;
    public static final int SYMBOL_OFFSET = 4;
    public static final int ORDER_ID_OFFSET = 8;
    public static final int PRICE_OFFSET = 16;
    public static final int QUANTITY_OFFSET = 24;
    public static final int ACCOUNT_OFFSET = 32;
    public static final int RESERVED_OFFSET = 36;
    public static final int LENGTH = 40;

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private CommandDescriptor() {}

    public static byte type(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET); }
    public static byte side(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_BYTE, at + SIDE_OFFSET); }
    public static byte orderType(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_BYTE, at + ORDER_TYPE_OFFSET); }
    public static byte tif(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_BYTE, at + TIF_OFFSET); }
    public static int symbol(MemorySegment s, long at) { return s.get(I32, at + SYMBOL_OFFSET); }
    public static long orderId(MemorySegment s, long at) { return s.get(I64, at + ORDER_ID_OFFSET); }
    public static long price(MemorySegment s, long at) { return s.get(I64, at + PRICE_OFFSET); }
    public static long quantity(MemorySegment s, long at) { return s.get(I64, at + QUANTITY_OFFSET); }
    public static int account(MemorySegment s, long at) { return s.get(I32, at + ACCOUNT_OFFSET); }

    public static void writeNewOrder(MemorySegment s, long at, int symbol, long orderId, int account, byte side,
                                     byte type, byte tif, long price, long quantity) {
        write(s, at, CommandType.NEW_ORDER, side, type, tif, symbol, orderId, price, quantity, account);
    }

    public static void writeCancel(MemorySegment s, long at, int symbol, long orderId, int account) {
        write(s, at, CommandType.CANCEL, (byte) 0, (byte) 0, (byte) 0, symbol, orderId, 0, 0, account);
    }

    public static void writeModify(MemorySegment s, long at, int symbol, long orderId, int account, long newPrice,
                                   long newQuantity) {
        write(s, at, CommandType.MODIFY, (byte) 0, (byte) 0, (byte) 0, symbol, orderId, newPrice, newQuantity, account);
    }

    /** A mass cancel of {@code account}'s orders on {@code symbol}, or on every symbol with {@link Engine#ALL_SYMBOLS}. */
    public static void writeMassCancel(MemorySegment s, long at, int account, int symbol) {
        write(s, at, CommandType.MASS_CANCEL, (byte) 0, (byte) 0, (byte) 0, symbol, 0, 0, 0, account);
    }

    private static void write(MemorySegment s, long at, byte command, byte side, byte type, byte tif,
                              int symbol, long orderId, long price, long quantity, int account) {
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, command);
        s.set(ValueLayout.JAVA_BYTE, at + SIDE_OFFSET, side);
        s.set(ValueLayout.JAVA_BYTE, at + ORDER_TYPE_OFFSET, type);
        s.set(ValueLayout.JAVA_BYTE, at + TIF_OFFSET, tif);
        s.set(I32, at + SYMBOL_OFFSET, symbol);
        s.set(I64, at + ORDER_ID_OFFSET, orderId);
        s.set(I64, at + PRICE_OFFSET, price);
        s.set(I64, at + QUANTITY_OFFSET, quantity);
        s.set(I32, at + ACCOUNT_OFFSET, account);
        s.set(I32, at + RESERVED_OFFSET, 0);
    }
}

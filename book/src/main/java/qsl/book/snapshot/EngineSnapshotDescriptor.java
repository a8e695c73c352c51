package qsl.book.snapshot;

/**
 * Layout of an engine snapshot: the engine's whole state (its configuration, every registered
 * symbol's rules and last trade price, every resting order in priority order, the sequence
 * counter) plus the log sequence it covers. Little-endian, 8-byte aligned.
 *
 * <p>Version 2 adds each order's account (in bytes that version 1 kept zero); a version 1
 * snapshot is refused as an unknown version rather than restored with made-up owners.
 *
 * <pre>
 * header, 64 bytes:
 *   0                               8
 *   +-------------------------------+
 *   |  magic "QSLESNP\1" (i64)      |  0
 *   +---------------+---------------+
 *   | version (i32) | symbols (i32) |  8
 *   +---------------+---------------+
 *   |      log sequence (i64)       | 16   last write-ahead-log record applied
 *   +-------------------------------+
 *   |  engine lastSequence (i64)    | 24
 *   +---------------+---------------+
 *   | maxOrders i32 | maxSymbols i32| 32   EngineConfig
 *   +---------------+---------------+
 *   | bandLevels i32| reserved = 0  | 40
 *   +---------------+---------------+
 *   |      total orders (i64)       | 48
 *   +---------------+---------------+
 *   | CRC32C        | reserved = 0  | 56   CRC32C of bytes [0, 56) and [64, end)
 *   +---------------+---------------+ 64
 * per symbol, ascending id, 72 bytes:
 *   +---------------+---------------+
 *   | symbol (i32)  | reserved = 0  |  0
 *   +---------------+---------------+
 *   | tickSize, minQuantity, maxQuantity, maxNotional,  8   SymbolSpec, 6 x i64
 *   | collar, referencePrice                        |
 *   +-------------------------------+
 *   |    lastTradePrice (i64)       | 56
 *   +-------------------------------+
 *   |    order count (i64)          | 64
 *   +-------------------------------+ 72
 *   then that many orders, 32 bytes each, bids best to worst then asks best to worst, each level
 *   in time priority (the order {@code restoreOrder} must see them):
 *   +-------------------------------+
 *   |        orderId (i64)          |  0
 *   +-------+-------+---------------+
 *   | side  | res=0 | account (i32) |  8   res: 3 reserved bytes, zero
 *   +-------+-------+---------------+
 *   |         price (i64)           | 16
 *   +-------------------------------+
 *   |      open quantity (i64)      | 24
 *   +-------------------------------+ 32
 * </pre>
 */
public final class EngineSnapshotDescriptor {
    public static final long MAGIC = 0x0150_4E53_454C_5351L; // "QSLESNP\1" little-endian
    public static final int VERSION = 2;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int SYMBOL_COUNT_OFFSET = 12;
    public static final int LOG_SEQUENCE_OFFSET = 16;
    public static final int ENGINE_SEQUENCE_OFFSET = 24;
    public static final int MAX_ORDERS_OFFSET = 32;
    public static final int MAX_SYMBOLS_OFFSET = 36;
    public static final int BAND_LEVELS_OFFSET = 40;
    public static final int TOTAL_ORDERS_OFFSET = 48;
    public static final int BODY_CRC_OFFSET = 56;
    public static final int HEADER_LENGTH = 64;

    public static final int SYMBOL_ID_OFFSET = 0;
    public static final int SYMBOL_SPEC_OFFSET = 8;
    public static final int SYMBOL_LAST_TRADE_OFFSET = 56;
    public static final int SYMBOL_ORDER_COUNT_OFFSET = 64;
    public static final int SYMBOL_LENGTH = 72;

    public static final int ORDER_ID_OFFSET = 0;
    public static final int ORDER_SIDE_OFFSET = 8;
    /** Three reserved zero bytes after the side. */
    public static final int ORDER_RESERVED_OFFSET = 9;
    public static final int ORDER_ACCOUNT_OFFSET = 12;
    public static final int ORDER_PRICE_OFFSET = 16;
    public static final int ORDER_QUANTITY_OFFSET = 24;
    public static final int ORDER_LENGTH = 32;

    private EngineSnapshotDescriptor() {}
}

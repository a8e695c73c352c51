package qsl.book.differential;

import java.util.ArrayList;
import java.util.List;
import qsl.book.EngineConfig;
import qsl.book.SymbolSpec;

/**
 * One generated test case: an engine configuration, the symbols to register, and an abstract
 * command stream. Commands are abstract ("a live order", "a price at the collar edge") so jqwik
 * can shrink them freely; {@link CommandResolver} turns each into a concrete command against the
 * state reached so far, and failure reports print the concrete stream.
 */
public record Scenario(EngineConfig config, List<SymbolSpec> symbols, List<Cmd> commands) {

    /** What a command does. Shrinks towards NEW. */
    public enum Kind { NEW, CANCEL, MODIFY, MASS_CANCEL, UNKNOWN_TYPE }

    /** Accounts orders are entered by: a small set, so orders of different owners meet often. */
    public static final int ACCOUNTS = 3;
    /** {@code accountPick} value meaning "the target order's own account" (cancel and modify). */
    public static final int OWNER = ACCOUNTS;

    /** How an order id is chosen. Shrinks towards LITERAL. */
    public enum IdMode {
        /** A small id from a pool of 40 (never seen, live, filled, cancelled or reused, by chance). */
        LITERAL,
        /** The n-th live order; cancel and modify also take that order's symbol. */
        LIVE,
        /** The n-th live order's id, but the command's own symbol (usually wrong: UNKNOWN_ORDER). */
        LIVE_OTHER_SYMBOL,
        /** 0, -1, Long.MAX_VALUE, Long.MIN_VALUE. */
        WEIRD,
        /** A structured id from a pool of 40: {@code (n + 1) << 20 | (n % 16)} (a gateway-tagged sequence). */
        STRUCTURED
    }

    /** How a price is chosen, relative to the symbol's tick and reference. Shrinks towards NEAR. */
    public enum PriceMode {
        /** reference + (k - 40) ticks: crosses the edges of a 64-level band. */
        NEAR,
        /** reference + (k - 40) * 1000 ticks. */
        FAR,
        /** the largest tick multiple, minus k ticks: near Long.MAX_VALUE. */
        HUGE,
        /** (k + 1) ticks: near zero. */
        SMALL,
        /** -k: zero and negative. */
        NON_POSITIVE,
        /** reference + 1 + k: off the tick grid unless the tick is 1. */
        OFF_TICK,
        /** last trade +/- collar, +/- one tick. */
        COLLAR_EDGE,
        /** the target order's current price (modify), else the reference. */
        SAME,
        /** reference + (k - 40) * 6,400 ticks + k: scattered over 100 widths of a 64-level band. */
        SCATTERED,
        /** one of two clusters 200,000 ticks apart: reference + (k % 10) ticks, or 200,000 ticks above it (k odd). */
        CLUSTER
    }

    /** How a quantity is chosen. Shrinks towards SMALL. */
    public enum QtyMode {
        SMALL, MIN_EDGE, MAX_EDGE, NON_POSITIVE, HUGE,
        /** the target order's open quantity minus something (keeps priority when the price is the same) */
        OPEN_MINUS,
        /** the target order's open quantity plus something (loses priority) */
        OPEN_PLUS
    }

    public record IdPick(IdMode mode, int n) {}

    public record PricePick(PriceMode mode, int k) {}

    public record QtyPick(QtyMode mode, int k) {}

    /**
     * An abstract command. {@code symbolPick} 0..5 picks {@code pick % maxSymbols} (registered or
     * not), 6 picks -1 (out of range; for a mass cancel it is {@code Engine.ALL_SYMBOLS}) and 7 picks
     * {@code maxSymbols} (out of range). {@code accountPick} 0..{@link #ACCOUNTS}-1 is that account;
     * {@link #OWNER} is the account of the live order picked (account 0 when there is none).
     */
    public record Cmd(Kind kind, int symbolPick, IdPick id, byte side, byte type, byte tif, PricePick price,
                      QtyPick qty, byte unknownType, int accountPick) {}

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(config).append('\n');
        for (SymbolSpec s : symbols) sb.append("  ").append(s).append('\n');
        sb.append("  ").append(commands.size()).append(" abstract commands");
        return sb.toString();
    }

    /** A copy with a different command list. */
    public Scenario withCommands(List<Cmd> cmds) {
        return new Scenario(config, symbols, new ArrayList<>(cmds));
    }
}

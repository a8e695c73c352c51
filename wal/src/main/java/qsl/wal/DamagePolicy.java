package qsl.wal;

/**
 * What each {@link RecoveryMode} does with one piece of damage the scan found: the scan
 * ({@link WalRecovery}) finds damage and whether a valid record follows it; this decides. Damage
 * wholly inside the sequences the caller's snapshot covers (every sequence it destroyed is below
 * {@code fromSequence}, and a valid record the caller needs follows) is reported and stepped over
 * in every mode: those records are not needed, and what follows is.
 */
public final class DamagePolicy {
    /** What to do. */
    public enum Action {
        /** Covered by the snapshot: report, continue at the next valid record, change nothing. */
        STEP_OVER_COVERED,
        /** Torn tail: cut it (when repair is on) and stop; {@code TORN_TAIL_REPAIRED}. */
        CUT_TAIL,
        /** Torn tail refused: stop, change nothing; {@code TORN_TAIL}. */
        REFUSE_TAIL,
        /** Valid records follow: stop, change nothing; {@code CORRUPT}. */
        STOP_CORRUPT,
        /** Salvage to a consistent prefix: cut at the damage, drop everything after it; {@code SALVAGED}. */
        CUT_AND_DROP_REST,
        /** Salvage everything readable: skip the damaged span, continue at the next valid record; {@code SALVAGED}. */
        SKIP_SPAN
    }

    private DamagePolicy() {}

    /**
     * @param mode the recovery mode
     * @param followed whether a valid record with a later sequence follows the damage
     * @param covered whether every sequence the damage destroyed lies below the first sequence the caller needs
     */
    public static Action decide(RecoveryMode mode, boolean followed, boolean covered) {
        if (followed && covered) return Action.STEP_OVER_COVERED;
        if (!followed) return mode == RecoveryMode.ABSOLUTE_CONSISTENCY ? Action.REFUSE_TAIL : Action.CUT_TAIL;
        return switch (mode) {
            case TOLERATE_CORRUPTED_TAIL_RECORDS, ABSOLUTE_CONSISTENCY -> Action.STOP_CORRUPT;
            case POINT_IN_TIME_RECOVERY -> Action.CUT_AND_DROP_REST;
            case SKIP_ANY_CORRUPTED_RECORDS -> Action.SKIP_SPAN;
        };
    }
}

package qsl.workload;

/** The synthetic order flows the generator can write. */
public enum WorkloadShape {
    /**
     * exchange-core's benchmark shape: one symbol, about 1,000 resting orders over about 750
     * price slots; after a GTC prefill, 9% GTC, 3% IOC, 6% cancel, 82% move (reprice), with
     * about 6% of commands trading.
     */
    EXCHANGE_CORE,
    /** The same mix spread over eight symbols with different ticks, prices and activity. */
    MULTI_SYMBOL,
    /** One symbol whose market walks up and down across many price-band widths. */
    DRIFTING
}

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
    DRIFTING,
    /** Realistic: a geometric Brownian mid, calm (+-5% at most); random 20-bit ids; 3k-21k live orders ({@link FlowGenerator}). */
    GBM_CALM,
    /** Realistic: the same with swings of +-25% of the mid over the run. */
    GBM_SWING,
    /** Realistic: the same with two swings of +-40%. */
    GBM_VOLATILE,
    /** Realistic: calm, then a flash crash of 12% within 2,000 messages and its recovery. */
    GBM_CRASH,
    /** Adversarial: 10,000 orders scattered over 100 band widths ({@link FlowGenerator#scattered} for other sizes). */
    SCATTERED,
    /** Adversarial: two active clusters per side, far apart, commands alternating between them. */
    CLUSTERS,
    /** Adversarial: the clusters, plus one level of 100,000 orders in the near cluster. */
    HUGE_LEVEL,
    /** Adversarial: exchange-core's shape with ids {@code seq << 20 | gateway}. */
    STRUCTURED_IDS,
    /** Adversarial: a fast trend, the mid rising a tick every four commands. */
    TREND
}

package qsl.workload;

/**
 * Steele, Lea and Flood's SplitMix64: a tiny, fast, seeded generator. The workload's only source
 * of randomness, so the same seed always gives the same commands (no {@code java.util.Random},
 * no clock).
 */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9e3779b97f4a7c15L);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, bound)}, via Lemire's multiply-high (bias below 2^-32 for the bounds used here). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound <= 0: " + bound);
        return (int) Math.multiplyHigh(nextLong() >>> 1, (long) bound << 1);
    }

    /** Uniform in {@code [0, 1)}, 53 bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal, Box-Muller (one of the pair; deterministic for the seed). */
    public double nextGaussian() {
        double u = 1.0 - nextDouble(); // (0, 1]
        double v = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * Math.PI * v);
    }

    public boolean nextBoolean() {
        return nextLong() < 0;
    }
}

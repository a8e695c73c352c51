package qsl.protocol.mold;

/** How many inputs each decoder fuzz test feeds: 100,000, or 10 M with {@code -Dqsl.fuzz=long}. */
public final class FeedFuzz {
    private FeedFuzz() {}

    public static int inputs() {
        return "long".equals(System.getProperty("qsl.fuzz")) ? 10_000_000 : 100_000;
    }
}

package qsl.gateway.fix;

/**
 * One FIX counterparty the acceptor knows: its SenderCompID (our TargetCompID), the engine
 * account its orders trade for, and the credentials a Logon's Username (553) and Password (554)
 * are checked against. Credentials are checked whenever a Logon carries either tag, and a Logon
 * without them is refused when {@code requireCredentials} is set.
 */
public record FixSessionConfig(String compId, int account, String username, String password, boolean requireCredentials) {
    public FixSessionConfig {
        if (compId == null || compId.isEmpty()) throw new IllegalArgumentException("empty CompID");
        if (account < 0) throw new IllegalArgumentException("account < 0");
        if (requireCredentials && password == null) throw new IllegalArgumentException("credentials required but no password");
    }

    /** A counterparty without credentials. */
    public static FixSessionConfig open(String compId, int account) {
        return new FixSessionConfig(compId, account, null, null, false);
    }
}

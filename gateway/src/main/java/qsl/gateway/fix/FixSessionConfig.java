package qsl.gateway.fix;

/**
 * One FIX counterparty the acceptor knows: its SenderCompID (our TargetCompID), the engine
 * account its orders trade for, and optional credentials a Logon must carry in Username (553)
 * and Password (554). {@code password == null}: no credentials required.
 */
public record FixSessionConfig(String compId, int account, String username, String password) {
    public FixSessionConfig {
        if (compId == null || compId.isEmpty()) throw new IllegalArgumentException("empty CompID");
        if (account < 0) throw new IllegalArgumentException("account < 0");
    }
}

package qsl.gateway;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import qsl.gateway.store.SessionStore;
import qsl.offheap.LongIntMap;

/**
 * Every session the node knows: one per username, in a fixed index order (the accounts file's
 * users first, then any user found only in the journal). Each has its {@link SessionStore}.
 * Built before the node's threads start and never changed afterwards, so any thread may read it.
 */
public final class Sessions implements AutoCloseable {
    /** One session. */
    public record Session(int index, String username, long key, int account, boolean cancelOnDisconnect, SessionStore store) {}

    private final Path storeDir;
    private final long storeBytes;
    private final List<Session> sessions = new ArrayList<>();
    private final LongIntMap byKey;
    private boolean frozen;

    public Sessions(Arena arena, Path storeDir, long storeBytes, int maxSessions) throws IOException {
        this.storeDir = storeDir;
        this.storeBytes = storeBytes;
        Files.createDirectories(storeDir);
        this.byKey = LongIntMap.forEntries(arena, maxSessions);
    }

    /** Adds a session (before {@link #freeze()}); returns it, or the existing one for the name. */
    public Session add(String username, int account, boolean cancelOnDisconnect) throws IOException {
        long key = SessionCommandDescriptor.usernameKey(username);
        int i = byKey.get(key);
        if (i >= 0) return sessions.get(i);
        if (frozen) throw new IllegalStateException("sessions are fixed once the node runs");
        Session s = new Session(sessions.size(), username, key, account, cancelOnDisconnect,
                SessionStore.open(storeDir, username, storeBytes));
        if (byKey.put(key, s.index()) == LongIntMap.FULL) throw new IllegalStateException("too many sessions");
        sessions.add(s);
        return s;
    }

    /** The directory of the session stores. */
    public Path storeDirectory() {
        return storeDir;
    }

    /** No more sessions from now on. */
    public void freeze() {
        frozen = true;
    }

    public boolean frozen() {
        return frozen;
    }

    /** The index for a username key, -1 when unknown. Allocation-free. */
    public int index(long key) {
        return byKey.get(key);
    }

    public Session get(int index) {
        return sessions.get(index);
    }

    public int size() {
        return sessions.size();
    }

    @Override
    public void close() {
        for (Session s : sessions) s.store().close();
    }
}

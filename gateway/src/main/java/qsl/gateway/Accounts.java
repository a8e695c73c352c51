package qsl.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounts file: who may log in, with which password, trading for which account.
 *
 * <p>Format: one user a line, fields separated by spaces or tabs; {@code #} starts a comment.
 * <pre>
 *   # username  account  password    options
 *   alice       1        alicepw
 *   bob         2        bobpw       cancel-on-disconnect
 * </pre>
 * A username is 1..6 ASCII letters or digits (SoupBinTCP's field), a password 1..10 printable
 * ASCII characters without spaces, an account a non-negative int; several users may trade for one
 * account. The only option is {@code cancel-on-disconnect}: when a session of that user drops,
 * the node mass-cancels the user's account's resting orders.
 */
public final class Accounts {
    /** One line of the file. */
    public record User(String username, int account, String password, boolean cancelOnDisconnect) {}

    private final Map<String, User> users;
    // For logins without Strings: users by username key, and each one's password bytes.
    private final User[] byIndex;
    private final byte[][] passwords;
    private final long[] keys;

    private Accounts(Map<String, User> users) {
        this.users = Collections.unmodifiableMap(users);
        this.byIndex = users.values().toArray(new User[0]);
        this.passwords = new byte[byIndex.length][];
        this.keys = new long[byIndex.length];
        for (int i = 0; i < byIndex.length; i++) {
            passwords[i] = byIndex[i].password().getBytes(StandardCharsets.US_ASCII);
            keys[i] = SessionCommandDescriptor.usernameKey(byIndex[i].username());
        }
    }

    /** Parses the file; throws {@link IllegalArgumentException} naming the line for a bad one. */
    public static Accounts read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.US_ASCII), file.toString());
    }

    public static Accounts parse(List<String> lines, String source) {
        Map<String, User> users = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) continue;
            String[] f = line.split("[ \t]+");
            if (f.length < 3 || f.length > 4)
                throw new IllegalArgumentException(source + ":" + n + ": expected 'username account password [cancel-on-disconnect]'");
            String user = f[0];
            if (!validUsername(user)) throw new IllegalArgumentException(source + ":" + n + ": username must be 1..6 letters or digits");
            int account;
            try {
                account = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ":" + n + ": account is not an int");
            }
            if (account < 0) throw new IllegalArgumentException(source + ":" + n + ": account must be >= 0");
            String pw = f[2];
            if (pw.length() > 10 || !pw.chars().allMatch(c -> c > 32 && c < 127))
                throw new IllegalArgumentException(source + ":" + n + ": password must be 1..10 printable ASCII characters");
            boolean cod = false;
            if (f.length == 4) {
                if (!f[3].equals("cancel-on-disconnect"))
                    throw new IllegalArgumentException(source + ":" + n + ": unknown option '" + f[3] + "'");
                cod = true;
            }
            if (users.put(user, new User(user, account, pw, cod)) != null)
                throw new IllegalArgumentException(source + ":" + n + ": duplicate username " + user);
        }
        return new Accounts(users);
    }

    static boolean validUsername(String u) {
        if (u.isEmpty() || u.length() > 6) return false;
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) return false;
        }
        return true;
    }

    /** The users in file order. */
    public List<User> users() {
        return new ArrayList<>(users.values());
    }

    public User user(String username) {
        return users.get(username);
    }

    /** The user whose {@link SessionCommandDescriptor#usernameKey} is {@code key}, or null. Allocation-free. */
    public User user(long key) {
        for (int i = 0; i < keys.length; i++) if (keys[i] == key) return byIndex[i];
        return null;
    }

    /**
     * Checks a login from the wire without making Strings: {@code key} is the username's key, the
     * password is {@code length} bytes of {@code field} at {@code offset} (spaces already trimmed).
     * Null when refused. Compares every byte of the longest possible password whatever differs, so
     * the time does not tell where a guess went wrong. Allocation-free.
     */
    public User authenticate(long key, java.lang.foreign.MemorySegment field, long offset, int length) {
        User found = null;
        byte[] pw = null;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key) {
                found = byIndex[i];
                pw = passwords[i];
            }
        }
        if (found == null) return null;
        int diff = pw.length ^ length;
        for (int i = 0; i < 10; i++) {
            int a = i < length ? field.get(java.lang.foreign.ValueLayout.JAVA_BYTE, offset + i) : 0;
            int b = i < pw.length ? pw[i] : 0;
            diff |= a ^ b;
        }
        return diff == 0 ? found : null;
    }

    /**
     * Checks a login; null when refused. Compares passwords in time independent of where they
     * differ. Never logs or returns the password.
     */
    public User authenticate(String username, String password) {
        User u = users.get(username);
        if (u == null) return null;
        return MessageDigest.isEqual(u.password().getBytes(StandardCharsets.US_ASCII), password.getBytes(StandardCharsets.US_ASCII)) ? u : null;
    }
}

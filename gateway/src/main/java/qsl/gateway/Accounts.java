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

    private Accounts(Map<String, User> users) {
        this.users = Collections.unmodifiableMap(users);
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

package qsl.gateway;

import java.util.Locale;

/**
 * The word that names an enum constant in the node configuration: its name in lower case
 * ({@code BACKOFF} is {@code backoff}), read back in any case with blanks around it.
 */
final class ConfigLabel {
    private ConfigLabel() {
    }

    /** The configuration word of {@code e}. */
    static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} that {@code s} names (any case, blanks around it ignored); null for anything else. */
    static <E extends Enum<E>> E parse(Class<E> type, String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) if (of(e).equals(v)) return e;
        return null;
    }
}

package dev.trash.internal;

import dev.trash.InvalidArgumentException;
import java.time.Duration;

/**
 * Argument checks shared by the API's records and the manager. Every failure is an
 * {@link InvalidArgumentException} whose message names the argument and the bad value.
 * Not part of the API. Stateless and thread-safe.
 */
public final class Check {
    /** The longest id, name or slug the library accepts. */
    public static final int MAX_TEXT = 255;

    private Check() {
    }

    /** {@return {@code value}, if it is not null} */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * {@return {@code value}, if it is not null, not blank (made only of white space or invisible
     *     characters such as U+00A0, U+200B, U+2028, U+FEFF), at most 255 characters, and has no
     *     control characters and no unpaired UTF-16 surrogates (which no database stores as given)}
     */
    public static String text(String value, String name) {
        notNull(value, name);
        if (blank(value)) {
            throw new InvalidArgumentException(name + " must not be blank, was '" + shown(value) + "'");
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidArgumentException(name + " must be at most " + MAX_TEXT
                    + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidArgumentException(name + " must not contain control characters, was '"
                        + shown(value) + "'");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidArgumentException(name + " must be valid Unicode text, but has an unpaired UTF-16 "
                        + "surrogate at index " + i + ": '" + shown(value) + "'");
            }
        }
        return value;
    }

    /** {@return whether every code point of {@code value} is white space or invisible (the empty string included)} */
    public static boolean blank(String value) {
        return value.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.FORMAT);
    }

    /** {@return {@code value} as an error message may show it: control characters and lone surrogates as '?', at most 64 characters} */
    public static String shown(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 64; i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                out.append(c).append(value.charAt(++i));
            } else {
                out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
            }
        }
        return out.length() < value.length() ? out + "..." : out.toString();
    }

    /** {@return {@code value}, if it is within [min, max]} */
    public static long range(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new InvalidArgumentException(name + " must be between " + min + " and " + max
                    + ", was " + value);
        }
        return value;
    }

    /** {@return {@code value}, if it is not negative} */
    public static long notNegative(long value, String name) {
        if (value < 0) {
            throw new InvalidArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    /** {@return {@code value}, if it is strictly positive and at most {@code max}} */
    public static Duration positive(Duration value, Duration max, String name) {
        notNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new InvalidArgumentException(name + " must be positive, was " + value);
        }
        if (value.compareTo(max) > 0) {
            throw new InvalidArgumentException(name + " must be at most " + max + ", was " + value);
        }
        return value;
    }
}

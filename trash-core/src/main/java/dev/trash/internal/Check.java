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

    /** @return {@code value}, if it is not null */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidArgumentException(name + " must not be null");
        }
        return value;
    }

    /** @return {@code value}, if it is not null, not blank, at most 255 characters and has no control characters */
    public static String text(String value, String name) {
        notNull(value, name);
        if (value.isBlank()) {
            throw new InvalidArgumentException(name + " must not be blank, was '" + value + "'");
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidArgumentException(name + " must be at most " + MAX_TEXT
                    + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidArgumentException(name + " must not contain control characters, was '"
                        + value.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
        return value;
    }

    /** @return {@code value}, if it is within [min, max] */
    public static long range(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new InvalidArgumentException(name + " must be between " + min + " and " + max
                    + ", was " + value);
        }
        return value;
    }

    /** @return {@code value}, if it is not negative */
    public static long notNegative(long value, String name) {
        if (value < 0) {
            throw new InvalidArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    /** @return {@code value}, if it is strictly positive and at most {@code max} */
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

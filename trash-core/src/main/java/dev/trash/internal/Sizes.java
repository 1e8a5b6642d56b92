package dev.trash.internal;

import java.util.Locale;

/** Formats byte counts for people: {@code 0 B}, {@code 512 B}, {@code 1.5 KB}, {@code 2.3 GB}. Thread-safe. */
public final class Sizes {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

    private Sizes() {
    }

    /** @return {@code bytes} in the largest 1024-based unit that keeps the number at least 1 */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}

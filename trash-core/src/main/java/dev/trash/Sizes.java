package dev.trash;

import java.util.Locale;

/**
 * Formats byte counts the way the Trash shows sizes to people (SPEC R7): {@code 0 B}, {@code 512 B},
 * {@code 1.5 KB}, {@code 2.3 GB}, in 1024-based units with one decimal. Hosts use it to print items,
 * storage summaries and treemap labels as the library does. Stateless and thread-safe.
 */
public final class Sizes {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

    private Sizes() {
    }

    /**
     * {@return {@code bytes} in the largest 1024-based unit that keeps the number at least 1}
     *
     * @param bytes a byte count; a negative one is formatted as bytes
     */
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

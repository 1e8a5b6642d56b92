package dev.trash.examples;

import dev.trash.TrashItem;
import dev.trash.Sizes;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Prints trash items as the reference Trash shows them (SPEC R7): Name with the "+N" badge, Type,
 * Deleted (UTC), Expires ("30d") and a human-readable Size. Shared by the examples. Stateless and
 * thread-safe.
 */
public final class TrashTable {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final String ROW = "  %-24s %-8s %-17s %-8s %9s%n";

    private TrashTable() {
    }

    /** Prints a header and one row per item, or {@code (empty)}. */
    public static void print(PrintStream out, List<TrashItem> items) {
        out.printf(ROW, "Name", "Type", "Deleted", "Expires", "Size");
        if (items.isEmpty()) {
            out.println("  (empty)");
        }
        for (TrashItem item : items) {
            String name = item.name() + (item.badge().isEmpty() ? "" : " " + item.badge());
            out.printf(ROW, name, item.type(), WHEN.format(item.deletedAt()), item.expiresInLabel(),
                    Sizes.human(item.sizeBytes()));
        }
    }
}

package dev.trash;

import dev.trash.internal.Check;
import java.util.Optional;

/**
 * One rectangle of a {@link Treemap}: an item (or, when there are more items than tiles, the rest
 * of them together), its area proportional to its bytes. Immutable and thread-safe.
 *
 * @param item the item, or empty for the tile that gathers the items beyond the tile limit
 * @param type the root type, or {@code "other"} for that tile
 * @param label the item's name, or e.g. {@code "312 more"}
 * @param bytes the bytes it stands for
 * @param x left edge
 * @param y top edge
 * @param width width
 * @param height height
 * @param color fill colour, {@code #rrggbb}
 */
public record TreemapTile(Optional<TrashItemId> item, String type, String label, long bytes, double x, double y,
                          double width, double height, String color) {
    /**
     * Validates every component.
     *
     * @param item the item, or empty for the tile that gathers the items beyond the tile limit
     * @param type the root type, or {@code "other"} for that tile
     * @param label the item's name, or e.g. {@code "312 more"}
     * @param bytes the bytes it stands for
     * @param x left edge
     * @param y top edge
     * @param width width
     * @param height height
     * @param color fill colour, {@code #rrggbb}
     */
    public TreemapTile {
        Check.notNull(item, "item");
        Check.notNull(type, "type");
        Check.notNull(label, "label");
        Check.notNegative(bytes, "bytes");
        Check.notNull(color, "color");
    }

    /** {@return the tile's area} */
    public double area() {
        return width * height;
    }
}

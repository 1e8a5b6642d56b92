package dev.trash;

import dev.trash.internal.Check;
import dev.trash.internal.TreemapSvg;
import java.util.List;

/**
 * A squarified treemap of a workspace's Trash (SPEC R8): each tile's area is proportional to its
 * bytes, tiles cover the canvas when the Trash holds any bytes, and items of zero bytes have no
 * tile. Available as data ({@link #tiles()}) and as SVG ({@link #toSvg()}). Immutable and
 * thread-safe.
 *
 * @param width canvas width
 * @param height canvas height
 * @param totalBytes bytes of all listed items
 * @param tiles the tiles, largest first
 */
public record Treemap(int width, int height, long totalBytes, List<TreemapTile> tiles) {
    /**
     * Validates and freezes the components.
     *
     * @param width canvas width
     * @param height canvas height
     * @param totalBytes bytes of all listed items
     * @param tiles the tiles, largest first
     */
    public Treemap {
        Check.range(width, 1, 10_000, "width");
        Check.range(height, 1, 10_000, "height");
        Check.notNegative(totalBytes, "totalBytes");
        tiles = List.copyOf(Check.notNull(tiles, "tiles"));
    }

    /** {@return a standalone SVG document of the treemap, each tile titled with its name, type and size} */
    public String toSvg() {
        return TreemapSvg.render(this);
    }
}

package dev.trash.internal;

import dev.trash.Treemap;
import dev.trash.TreemapOptions;
import dev.trash.TreemapTile;
import dev.trash.spi.TrashRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Squarified treemap layout (Bruls, Huizing, van Wijk): tiles in decreasing size are laid in rows
 * along the shorter side of the free rectangle, a row growing while that improves its worst
 * aspect ratio. Stateless and thread-safe.
 */
final class TreemapLayout {
    private TreemapLayout() {
    }

    private record Weighted(Optional<dev.trash.TrashItemId> item, String type, String label, long bytes, String color) {
    }

    /**
     * @param largest the largest items, largest first, at most {@code options.maxTiles()} of them
     * @param totalBytes bytes of all listed items; what {@code largest} does not hold goes to one
     *     "other" tile
     * @param totalItems number of all listed items
     */
    static Treemap layout(List<TrashRecord> largest, long totalBytes, long totalItems, TreemapOptions options) {
        List<Weighted> weights = new ArrayList<>();
        long shown = 0;
        for (TrashRecord r : largest) {
            if (r.sizeBytes() > 0) {
                weights.add(new Weighted(Optional.of(r.id()), r.root().type(), r.name(), r.sizeBytes(),
                        options.colorOf(r.root().type())));
                shown += r.sizeBytes();
            }
        }
        long restBytes = totalBytes - shown;
        long restItems = totalItems - largest.size();
        if (restBytes > 0 && restItems > 0) {
            weights.add(new Weighted(Optional.empty(), "other", restItems + " more", restBytes, TreemapOptions.OTHER_COLOR));
            weights.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        }
        List<TreemapTile> tiles = new ArrayList<>(weights.size());
        long sum = weights.stream().mapToLong(Weighted::bytes).sum();
        if (sum > 0) {
            double scale = (double) options.width() * options.height() / sum;
            squarify(weights, scale, 0, 0, options.width(), options.height(), tiles);
        }
        return new Treemap(options.width(), options.height(), totalBytes, tiles);
    }

    private static void squarify(List<Weighted> items, double scale, double x, double y, double w, double h,
                                 List<TreemapTile> out) {
        int start = 0;
        while (start < items.size()) {
            double side = Math.min(w, h);
            int end = start + 1;
            double rowArea = items.get(start).bytes() * scale;
            double worst = worst(items, start, end, rowArea, side, scale);
            while (end < items.size()) {
                double nextArea = rowArea + items.get(end).bytes() * scale;
                double nextWorst = worst(items, start, end + 1, nextArea, side, scale);
                if (nextWorst > worst) {
                    break;
                }
                rowArea = nextArea;
                worst = nextWorst;
                end++;
            }
            boolean last = end == items.size();
            if (w >= h) {
                double rowWidth = last ? w : rowArea / h;
                double cy = y;
                for (int i = start; i < end; i++) {
                    double th = (i == end - 1) ? y + h - cy : items.get(i).bytes() * scale / rowWidth;
                    out.add(tile(items.get(i), x, cy, rowWidth, th));
                    cy += th;
                }
                x += rowWidth;
                w -= rowWidth;
            } else {
                double rowHeight = last ? h : rowArea / w;
                double cx = x;
                for (int i = start; i < end; i++) {
                    double tw = (i == end - 1) ? x + w - cx : items.get(i).bytes() * scale / rowHeight;
                    out.add(tile(items.get(i), cx, y, tw, rowHeight));
                    cx += tw;
                }
                y += rowHeight;
                h -= rowHeight;
            }
            start = end;
        }
    }

    private static double worst(List<Weighted> items, int start, int end, double rowArea, double side, double scale) {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (int i = start; i < end; i++) {
            double a = items.get(i).bytes() * scale;
            max = Math.max(max, a);
            min = Math.min(min, a);
        }
        double s2 = side * side;
        double r2 = rowArea * rowArea;
        return Math.max(s2 * max / r2, r2 / (s2 * min));
    }

    private static TreemapTile tile(Weighted w, double x, double y, double width, double height) {
        return new TreemapTile(w.item(), w.type(), w.label(), w.bytes(), x, y, width, height, w.color());
    }
}

package dev.trash;

import dev.trash.internal.Check;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to lay out a Trash treemap (SPEC R8): the canvas size, the most tiles to draw (the smallest
 * items beyond it are gathered in one grey tile) and the colour of each type. Immutable and
 * thread-safe; each {@code with}-style method returns new options.
 *
 * @param width canvas width, 1 to 10,000
 * @param height canvas height, 1 to 10,000
 * @param maxTiles the most item tiles, 1 to 10,000 (default 200)
 * @param colors fill colour per type, {@code #rrggbb}; types not in the map get {@link #OTHER_COLOR}
 */
public record TreemapOptions(int width, int height, int maxTiles, Map<String, String> colors) {
    /** Projects are blue by default. */
    public static final String PROJECT_COLOR = "#2563eb";
    /** Datasets are green by default. */
    public static final String DATASET_COLOR = "#16a34a";
    /** Models are purple by default. */
    public static final String MODEL_COLOR = "#9333ea";
    /** Types without a colour, and the tile of the items beyond {@code maxTiles}. */
    public static final String OTHER_COLOR = "#6b7280";

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    /**
     * Validates every component and freezes the map.
     *
     * @param width canvas width, 1 to 10,000
     * @param height canvas height, 1 to 10,000
     * @param maxTiles the most item tiles, 1 to 10,000 (default 200)
     * @param colors fill colour per type, {@code #rrggbb}; types not in the map get {@link #OTHER_COLOR}
     */
    public TreemapOptions {
        Check.range(width, 1, 10_000, "width");
        Check.range(height, 1, 10_000, "height");
        Check.range(maxTiles, 1, 10_000, "maxTiles");
        Check.notNull(colors, "colors").forEach((type, color) -> {
            Check.text(type, "color type");
            if (color == null || !COLOR.matcher(color).matches()) {
                throw new InvalidArgumentException("color of type " + type + " must look like #1a2b3c, was '"
                        + color + "'");
            }
        });
        colors = Map.copyOf(colors);
    }

    /** {@return 960×540, 200 tiles, projects blue, datasets green, models purple} */
    public static TreemapOptions defaults() {
        return new TreemapOptions(960, 540, 200,
                Map.of("project", PROJECT_COLOR, "dataset", DATASET_COLOR, "model", MODEL_COLOR));
    }

    /**
     * {@return these options with another canvas size}
     *
     * @param width canvas width, 1 to 10,000
     * @param height canvas height, 1 to 10,000
     */
    public TreemapOptions size(int width, int height) {
        return new TreemapOptions(width, height, maxTiles, colors);
    }

    /**
     * {@return these options with another tile limit}
     *
     * @param maxTiles the most item tiles, 1 to 10,000 (default 200)
     */
    public TreemapOptions maxTiles(int maxTiles) {
        return new TreemapOptions(width, height, maxTiles, colors);
    }

    /**
     * {@return these options with {@code type} drawn in {@code color} ({@code #rrggbb})}
     *
     * @param type the resource type, e.g. {@code project}
     * @param color the colour, as a CSS colour
     */
    public TreemapOptions color(String type, String color) {
        Map<String, String> copy = new HashMap<>(colors);
        copy.put(Check.text(type, "color type"), Check.notNull(color, "color"));
        return new TreemapOptions(width, height, maxTiles, copy);
    }

    /**
     * {@return the colour of {@code type}}
     *
     * @param type the resource type, e.g. {@code project}
     */
    public String colorOf(String type) {
        return colors.getOrDefault(type, OTHER_COLOR);
    }
}

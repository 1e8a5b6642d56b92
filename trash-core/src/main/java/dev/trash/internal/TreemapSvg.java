package dev.trash.internal;

import dev.trash.Sizes;
import dev.trash.Treemap;
import dev.trash.TreemapTile;
import java.util.Locale;

/** Renders a {@link Treemap} as a standalone SVG document. Stateless and thread-safe. */
public final class TreemapSvg {
    private TreemapSvg() {
    }

    /** {@return the SVG text of {@code map}} */
    public static String render(Treemap map) {
        StringBuilder svg = new StringBuilder(256 + map.tiles().size() * 256);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(map.width())
                .append("\" height=\"").append(map.height()).append("\" viewBox=\"0 0 ").append(map.width())
                .append(' ').append(map.height()).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("  <title>Trash: ").append(Sizes.human(map.totalBytes())).append("</title>\n");
        svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"#f9fafb\"/>\n");
        for (TreemapTile tile : map.tiles()) {
            svg.append("  <g class=\"tile ").append(escape(tile.type())).append("\">\n");
            svg.append("    <rect x=\"").append(num(tile.x())).append("\" y=\"").append(num(tile.y()))
                    .append("\" width=\"").append(num(tile.width())).append("\" height=\"").append(num(tile.height()))
                    .append("\" fill=\"").append(tile.color()).append("\" stroke=\"#ffffff\" stroke-width=\"1\">")
                    .append("<title>").append(escape(tile.label())).append(" (").append(escape(tile.type()))
                    .append(", ").append(Sizes.human(tile.bytes())).append(")</title></rect>\n");
            if (tile.width() >= 60 && tile.height() >= 18) {
                svg.append("    <text x=\"").append(num(tile.x() + 4)).append("\" y=\"").append(num(tile.y() + 14))
                        .append("\" fill=\"#ffffff\">").append(escape(fit(tile.label(), tile.width())))
                        .append("</text>\n");
                if (tile.height() >= 34) {
                    svg.append("    <text x=\"").append(num(tile.x() + 4)).append("\" y=\"").append(num(tile.y() + 30))
                            .append("\" fill=\"#ffffff\" opacity=\"0.85\">").append(Sizes.human(tile.bytes()))
                            .append("</text>\n");
                }
            }
            svg.append("  </g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static String fit(String label, double width) {
        int chars = (int) ((width - 8) / 7);
        return label.length() <= chars ? label : label.substring(0, Math.max(0, chars - 1)) + "…";
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /**
     * Escapes XML's special characters, and replaces every character XML 1.0 cannot hold (control
     * characters other than tab and line breaks, unpaired surrogates, U+FFFE, U+FFFF) by U+FFFD, so
     * that any host name gives a well-formed document.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
                continue;
            }
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    boolean valid = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD);
                    out.append(valid ? c : '\uFFFD');
                }
            }
        }
        return out.toString();
    }
}

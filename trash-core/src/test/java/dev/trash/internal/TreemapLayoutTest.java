package dev.trash.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.Sizes;
import dev.trash.TrashItemId;
import dev.trash.Treemap;
import dev.trash.TreemapOptions;
import dev.trash.TreemapTile;
import dev.trash.WorkspaceId;
import dev.trash.spi.TrashRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The squarified treemap: areas proportional to bytes, the canvas covered, colours by type, SVG. */
class TreemapLayoutTest {
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    private static TrashRecord record(String type, String name, long bytes) {
        return new TrashRecord(TrashItemId.random(), WorkspaceId.of("w"), ResourceRef.of(type, name), name,
                Optional.empty(), Optional.empty(), T, ActorId.of("a"), T.plusSeconds(60), bytes, 0, Optional.empty());
    }

    private static List<TrashRecord> randomItems(int count, long seed) {
        Random random = new Random(seed);
        String[] types = {"project", "dataset", "model"};
        List<TrashRecord> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(record(types[i % 3], "item-" + i, 1 + random.nextInt(1_000_000)));
        }
        items.sort((a, b) -> Long.compare(b.sizeBytes(), a.sizeBytes()));
        return items;
    }

    @Test
    @DisplayName("R8 each tile's area is proportional to its bytes and the tiles cover the canvas without overlap")
    void proportionalAndCovering() {
        for (int count : new int[] {1, 2, 3, 7, 50, 200}) {
            List<TrashRecord> items = randomItems(count, count);
            long total = items.stream().mapToLong(TrashRecord::sizeBytes).sum();
            Treemap map = TreemapLayout.layout(items, total, count, TreemapOptions.defaults().maxTiles(count));
            double canvas = 960.0 * 540.0;
            assertThat(map.tiles()).hasSize(count);
            assertThat(map.tiles().stream().mapToDouble(TreemapTile::area).sum()).isCloseTo(canvas, within(canvas * 1e-9));
            for (TreemapTile tile : map.tiles()) {
                assertThat(tile.area() / canvas).isCloseTo((double) tile.bytes() / total, within(1e-6));
                assertThat(tile.x()).isGreaterThanOrEqualTo(-1e-6);
                assertThat(tile.y()).isGreaterThanOrEqualTo(-1e-6);
                assertThat(tile.x() + tile.width()).isLessThanOrEqualTo(960 + 1e-6);
                assertThat(tile.y() + tile.height()).isLessThanOrEqualTo(540 + 1e-6);
            }
            for (int i = 0; i < map.tiles().size(); i++) {
                for (int j = i + 1; j < map.tiles().size(); j++) {
                    TreemapTile a = map.tiles().get(i);
                    TreemapTile b = map.tiles().get(j);
                    double w = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
                    double h = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
                    assertThat(w <= 1e-6 || h <= 1e-6).as("tiles %d and %d overlap", i, j).isTrue();
                }
            }
        }
    }

    @Test
    @DisplayName("R8 tiles are coloured by type: projects blue, datasets green, models purple, configurable")
    void colours() {
        List<TrashRecord> items = List.of(record("project", "p", 30), record("dataset", "d", 20),
                record("model", "m", 10), record("image", "i", 5));
        Treemap map = TreemapLayout.layout(items, 65, 4, TreemapOptions.defaults());
        assertThat(map.tiles()).extracting(TreemapTile::color)
                .containsExactly("#2563eb", "#16a34a", "#9333ea", TreemapOptions.OTHER_COLOR);
        Treemap custom = TreemapLayout.layout(items, 65, 4, TreemapOptions.defaults().color("model", "#ff0000"));
        assertThat(custom.tiles().get(2).color()).isEqualTo("#ff0000");
    }

    @Test
    @DisplayName("R8 items beyond the tile limit are gathered in one 'other' tile; empty items get no tile")
    void otherTileAndEmpty() {
        List<TrashRecord> items = randomItems(10, 3);
        long total = items.stream().mapToLong(TrashRecord::sizeBytes).sum();
        Treemap map = TreemapLayout.layout(items.subList(0, 4), total, 10, TreemapOptions.defaults().maxTiles(4));
        assertThat(map.tiles()).hasSize(5);
        TreemapTile other = map.tiles().stream().filter(t -> t.item().isEmpty()).findFirst().orElseThrow();
        assertThat(other.label()).isEqualTo("6 more");
        assertThat(other.bytes()).isEqualTo(items.subList(4, 10).stream().mapToLong(TrashRecord::sizeBytes).sum());

        Treemap empty = TreemapLayout.layout(List.of(record("model", "zero", 0)), 0, 1, TreemapOptions.defaults());
        assertThat(empty.tiles()).isEmpty();
        assertThat(empty.toSvg()).startsWith("<svg").endsWith("</svg>\n");
    }

    @Test
    @DisplayName("R8 the SVG has one rectangle per tile and escapes names")
    void svg() {
        List<TrashRecord> items = List.of(record("project", "<Cats & \"Dogs\">", 300), record("model", "m", 100));
        String svg = TreemapLayout.layout(items, 400, 2, TreemapOptions.defaults()).toSvg();
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        assertThat(svg.split("<rect ", -1)).hasSize(1 + 1 + 2);
        assertThat(svg).contains("&lt;Cats &amp; &quot;Dogs&quot;&gt;").doesNotContain("<Cats");
        assertThat(svg).contains("fill=\"#2563eb\"", "fill=\"#9333ea\"");
    }

    @Test
    @DisplayName("R8 sizes are shown in 1024-based units")
    void sizes() {
        assertThat(Sizes.human(0)).isEqualTo("0 B");
        assertThat(Sizes.human(1023)).isEqualTo("1023 B");
        assertThat(Sizes.human(1536)).isEqualTo("1.5 KB");
        assertThat(Sizes.human(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GB");
        assertThat(Sizes.human(Long.MAX_VALUE)).isEqualTo("8.0 EB");
    }
}

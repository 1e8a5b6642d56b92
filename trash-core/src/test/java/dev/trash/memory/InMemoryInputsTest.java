package dev.trash.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.ConfigurationException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TrashSweeper;
import dev.trash.TreemapOptions;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.testkit.ReferenceTypes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * SPEC R23 and R21 at the edges of what a host's rows may hold, on the in-memory backend: slugs
 * the library itself would refuse, names no XML can hold, a clock outside what a store can keep,
 * and a child row whose workspace differs from its parent's.
 */
class InMemoryInputsTest {
    private static final WorkspaceId W = WorkspaceId.of("w");
    private static final WorkspaceId OTHER = WorkspaceId.of("other");
    private static final ActorId A = ActorId.of("a");

    private final InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T00:00:00Z"));
    private final TrashManager trash = TrashManager.builder().backend(memory).storageLedger(memory.ledger())
            .clock(clock).build();

    @Test
    @DisplayName("R23 R10 a host row whose slug is blank, invisible or 300 characters long can be deleted and restored as it is")
    void oddSlugs() {
        List<String> slugs = List.of("", "   ", "\u200B", "s".repeat(300), "\u00A0x".repeat(200));
        for (int i = 0; i < slugs.size(); i++) {
            String slug = slugs.get(i);
            ResourceRef p = ResourceRef.of(ReferenceTypes.PROJECT, "p" + i);
            memory.resources().add(HostResource.root(p, W, "Project " + i, slug, 10));
            ResourceRef m = ResourceRef.of(ReferenceTypes.MODEL, "m" + i);
            memory.resources().add(new HostResource(m, W, Optional.of(p), "Model " + i, Optional.of(slug), 1));

            TrashItem item = trash.delete(W, p, A);
            assertThat(item.slug()).as("slug %d", i).contains(slug);
            assertThat(item.cascadedCount()).isEqualTo(1);
            assertThat(memory.resources().activeResources(W, ReferenceTypes.PROJECT)).isEmpty();

            Restored restored = trash.restore(W, item.id(), A);
            assertThat(restored.slug()).as("slug %d", i).contains(slug);
            assertThat(restored.renamed()).isFalse();
            assertThat(restored.restoredCount()).isEqualTo(2);
            assertThat(memory.resources().find(W, p).orElseThrow().resource().slug()).contains(slug);
            assertThat(memory.resources().find(W, m).orElseThrow().active()).isTrue();

            TrashItem model = trash.delete(W, m, A);
            assertThat(trash.restore(W, model.id(), A).slug()).contains(slug);
            assertThat(trash.delete(W, p, A).slug()).contains(slug);
        }
        assertThat(trash.list(W, TrashQuery.all()).items()).hasSize(slugs.size());
        assertThat(trash.emptyTrash(W, A)).isEqualTo(new Purged(slugs.size(), 11L * slugs.size(), 0));
    }

    @Test
    @DisplayName("R11 R23 a 300-character slug taken meanwhile gets a free slug within the 255-character limit")
    void longSlugTaken() {
        String slug = "s".repeat(300);
        ResourceRef first = ResourceRef.of(ReferenceTypes.PROJECT, "first");
        memory.resources().add(HostResource.root(first, W, "First", slug, 1));
        TrashItem item = trash.delete(W, first, A);
        memory.resources().add(HostResource.root(ResourceRef.of(ReferenceTypes.PROJECT, "second"), W, "Second", slug, 1));

        Restored restored = trash.restore(W, item.id(), A);

        assertThat(restored.renamed()).isTrue();
        assertThat(restored.slug().orElseThrow()).hasSize(255).isEqualTo("s".repeat(253) + "-2");
        assertThat(memory.resources().find(W, first).orElseThrow().active()).isTrue();
    }

    @Test
    @DisplayName("R8 R23 control characters, unpaired surrogates and non-characters in resource names still give well-formed SVG")
    void svgOfAnyName() throws Exception {
        List<String> names = List.of("nul\u0000", "bell\u0007 and escape\u001B", "lone \uD800 high", "lone \uDFFF low",
                "\uFFFE\uFFFF", "<&\"'>", "tab\tnewline\ncr\r", "cat \uD83D\uDE3A", "\u0085\u2028\u2029");
        for (int i = 0; i < names.size(); i++) {
            ResourceRef p = ResourceRef.of(ReferenceTypes.PROJECT, "p" + i);
            memory.resources().add(HostResource.root(p, W, names.get(i), "p" + i, 1_000 * (i + 1)));
            trash.delete(W, p, A);
        }

        String svg = trash.treemap(W, TreemapOptions.defaults()).toSvg();

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        NodeList rects = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        assertThat(rects.getLength()).as("the background and one rectangle per item").isEqualTo(1 + names.size());
        String titles = doc.getDocumentElement().getTextContent();
        assertThat(titles).contains("<&\"'>").contains("cat \uD83D\uDE3A").contains("lone \uFFFD high")
                .contains("bell\uFFFD and escape\uFFFD").doesNotContain("\u0000");
    }

    @Test
    @DisplayName("R23 a clock reading before 1970 or after the supported range is a ConfigurationException naming the range, "
            + "and nothing changes")
    void clockOutOfRange() {
        ResourceRef p = ResourceRef.of(ReferenceTypes.PROJECT, "p");
        memory.resources().add(HostResource.root(p, W, "P", "p", 1));
        TrashItem item = trash.delete(W, p, A);
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        for (Instant bad : List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59Z"),
                Instant.parse("9999-12-31T00:00:00Z"), Instant.MAX, Instant.MIN)) {
            clock.set(bad);
            for (Runnable call : List.<Runnable>of(() -> trash.delete(W, ResourceRef.of(ReferenceTypes.PROJECT, "p"), A),
                    () -> trash.restore(W, item.id(), A), () -> trash.list(W, TrashQuery.all()), () -> trash.purge(W, item.id(), A),
                    () -> trash.storageSummary(W))) {
                assertThatThrownBy(call::run).as("at %s", bad).isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("the manager's clock reads " + bad)
                        .hasMessageContaining("outside the supported range 1970-01-01T00:00:00Z to ");
            }
            assertThat(sweeper.sweepOnce()).as("a sweep does not throw").isEqualTo(Purged.NONE);
            assertThat(sweeper.status().lastError().orElseThrow()).contains("outside the supported range");
        }
        clock.set(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(trash.get(W, item.id())).as("nothing changed").isPresent();
        assertThat(memory.resources().find(W, p).orElseThrow().trashedBy()).contains(item.id());
        assertThat(memory.ledger().reports()).isZero();
        clock.set(Instant.EPOCH);
        assertThat(trash.list(W, TrashQuery.all()).items()).as("the range's first instant is fine")
                .extracting(TrashItem::id).containsExactly(item.id());
    }

    @Test
    @DisplayName("R21 R20 a child row of another workspace is not cascaded into its parent's item, and the ledger is "
            + "never credited for it with the parent's purge")
    void childOfAnotherWorkspace() {
        ResourceRef p = ResourceRef.of(ReferenceTypes.PROJECT, "p");
        ResourceRef mine = ResourceRef.of(ReferenceTypes.MODEL, "mine");
        ResourceRef foreign = ResourceRef.of(ReferenceTypes.MODEL, "foreign");
        ResourceRef foreignWeights = ResourceRef.of(ReferenceTypes.WEIGHTS, "foreign-w");
        memory.resources().add(HostResource.root(p, W, "P", "p", 100))
                .add(new HostResource(mine, W, Optional.of(p), "Mine", Optional.of("mine"), 10))
                .add(new HostResource(foreign, OTHER, Optional.of(p), "Foreign", Optional.of("foreign"), 20))
                .add(HostResource.child(foreignWeights, foreign, OTHER, "Foreign weights", 300));

        TrashItem item = trash.delete(W, p, A);

        assertThat(item.cascadedCount()).as("only the model of the parent's workspace").isEqualTo(1);
        assertThat(item.sizeBytes()).isEqualTo(110);
        assertThat(memory.resources().activeResources(OTHER, ReferenceTypes.MODEL)).extracting(HostResource::ref)
                .containsExactly(foreign);
        assertThat(memory.resources().activeResources(OTHER, ReferenceTypes.WEIGHTS)).hasSize(1);

        // like a foreign key, the other workspace's child keeps the parent: the purge is retried, nothing is lost
        assertThat(trash.purge(W, item.id(), A)).isEqualTo(new Purged(0, 0, 1));
        assertThat(memory.resources().contains(p)).isTrue();
        assertThat(memory.resources().find(OTHER, foreign).orElseThrow().active()).isTrue();
        assertThat(memory.ledger().freedBytes(W)).isZero();
        assertThat(memory.ledger().freedBytes(OTHER)).isZero();

        // once the host has dealt with it (here: trashed and purged in its own workspace), the parent goes
        TrashItem theirs = trash.delete(OTHER, foreign, A);
        assertThat(theirs.sizeBytes()).isEqualTo(320);
        assertThat(theirs.parent()).as("its parent is not in its workspace").isEmpty();
        assertThat(trash.purge(OTHER, theirs.id(), A)).isEqualTo(new Purged(1, 320, 0));
        clock.advance(SweeperOptions.defaults().initialBackoff());
        assertThat(trash.sweeper(SweeperOptions.defaults()).sweepOnce()).isEqualTo(new Purged(1, 110, 0));

        assertThat(memory.ledger().freedBytes(W)).as("the parent's item: the parent and its own model").isEqualTo(110);
        assertThat(memory.ledger().freedBytes(OTHER)).isEqualTo(320);
        assertThat(memory.ledger().timesFreed(item.id())).isEqualTo(1);
        assertThat(memory.resources().contains(mine)).isFalse();
        assertThat(memory.resources().size()).isZero();
    }
}

package dev.trash.testkit;

import static dev.trash.testkit.ReferenceTypes.DATASET;
import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static dev.trash.testkit.ReferenceTypes.MODEL;
import static dev.trash.testkit.ReferenceTypes.PROJECT;
import static dev.trash.testkit.ReferenceTypes.WEIGHTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trash.InvalidArgumentException;
import dev.trash.Page;
import dev.trash.ParentInfo;
import dev.trash.ResourceRef;
import dev.trash.SortOrder;
import dev.trash.StorageSummary;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashQuery;
import dev.trash.Treemap;
import dev.trash.TreemapOptions;
import dev.trash.TreemapTile;
import dev.trash.TypeUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour suite for looking at the Trash: SPEC R6 (listing, filters, keyset pagination), R7
 * (what an item shows), R8 (storage summary and treemap) and R41 (cursors bound to their listing). A
 * backend runs it by extending this class and implementing {@link #newBackend}.
 */
public abstract class TrashListingSuite extends TrashFixture {

    /** Deletes {@code count} projects, {@code perInstant} of them at each clock instant, a minute apart. */
    private List<TrashItem> deleteProjects(String prefix, int count, int perInstant) {
        List<TrashItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(trash.delete(W1, project(W1, prefix + i, i + 1), ALICE));
            if ((i + 1) % perInstant == 0) {
                clock.advance(Duration.ofMinutes(1));
            }
        }
        return items;
    }

    /** @return every item through all pages of {@code query}, asserting each page's size and cursor */
    private List<TrashItem> allPages(TrashQuery query) {
        List<TrashItem> all = new ArrayList<>();
        TrashQuery q = query;
        while (true) {
            Page<TrashItem> page = trash.list(W1, q);
            assertThat(page.items().size()).isLessThanOrEqualTo(query.limit());
            all.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                assertThat(page.hasNext()).isFalse();
                return all;
            }
            assertThat(page.items()).as("a page with a next cursor is full").hasSize(query.limit());
            q = q.after(page.nextCursor().get());
        }
    }

    /** The order {@code order} lists items in: its sort value (names lower-cased), then the id unsigned, both one way. */
    protected static java.util.Comparator<TrashItem> inOrder(SortOrder order) {
        java.util.Comparator<TrashItem> byValue = switch (order.field()) {
            case DELETED_AT -> java.util.Comparator.comparing(TrashItem::deletedAt);
            case EXPIRES_AT -> java.util.Comparator.comparing(TrashItem::expiresAt);
            case SIZE -> java.util.Comparator.comparingLong(TrashItem::sizeBytes);
            case NAME -> java.util.Comparator.comparing(i -> i.name().toLowerCase(java.util.Locale.ROOT));
        };
        java.util.Comparator<TrashItem> up = byValue.thenComparing((a, b) -> {
            java.util.UUID x = a.id().value();
            java.util.UUID y = b.id().value();
            int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
            return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
        });
        return order.ascending() ? up : up.reversed();
    }

    private static List<TrashItemId> ids(List<TrashItem> items) {
        return items.stream().map(TrashItem::id).toList();
    }

    // ---------------------------------------------------------------- R6

    @Test
    @DisplayName("R6 the Trash lists newest deletion first by default, and oldest first on request")
    void order() {
        TrashItem first = trash.delete(W1, project(W1, "p1", 1), ALICE);
        clock.advance(Duration.ofSeconds(1));
        TrashItem second = trash.delete(W1, dataset(W1, "d1", 1), ALICE);
        clock.advance(Duration.ofHours(2));
        TrashItem third = trash.delete(W1, project(W1, "p2", 1), ALICE);

        assertThat(TrashQuery.all().order()).isEqualTo(SortOrder.NEWEST_FIRST);
        assertThat(ids(trash.list(W1, TrashQuery.all()).items())).containsExactly(third.id(), second.id(), first.id());
        assertThat(ids(trash.list(W1, TrashQuery.all().order(SortOrder.OLDEST_FIRST)).items()))
                .containsExactly(first.id(), second.id(), third.id());
        assertThat(trash.list(W1, TrashQuery.all()).hasNext()).isFalse();
    }

    @Test
    @DisplayName("R6 the listing filters by one type, by several types, or shows all")
    void typeFilter() {
        ResourceRef p = project(W1, "p1", 1);
        TrashItem model = trash.delete(W1, model(p, "m1", 1), ALICE);
        clock.advance(Duration.ofSeconds(1));
        TrashItem project = trash.delete(W1, p, ALICE);
        clock.advance(Duration.ofSeconds(1));
        ResourceRef d = dataset(W1, "d1", 1);
        TrashItem image = trash.delete(W1, child(IMAGE, d, "i1", 1), ALICE);
        clock.advance(Duration.ofSeconds(1));
        TrashItem dataset = trash.delete(W1, d, ALICE);
        clock.advance(Duration.ofSeconds(1));
        TrashItem project2 = trash.delete(W1, project(W1, "p2", 1), ALICE);

        assertThat(ids(trash.list(W1, TrashQuery.all().type(PROJECT)).items()))
                .containsExactly(project2.id(), project.id());
        assertThat(ids(trash.list(W1, TrashQuery.all().type(MODEL)).items())).containsExactly(model.id());
        assertThat(ids(trash.list(W1, TrashQuery.all().type(IMAGE)).items())).containsExactly(image.id());
        assertThat(ids(trash.list(W1, TrashQuery.all().type(WEIGHTS)).items())).isEmpty();
        assertThat(ids(trash.list(W1, TrashQuery.all().types(Set.of(PROJECT, DATASET))).items()))
                .containsExactly(project2.id(), dataset.id(), project.id());
        assertThat(ids(trash.list(W1, TrashQuery.all().types(Set.of(MODEL, DATASET))
                .order(SortOrder.OLDEST_FIRST)).items()))
                .containsExactly(model.id(), dataset.id());
        assertThat(ids(trash.list(W1, TrashQuery.all().types(Set.of())).items()))
                .containsExactly(project2.id(), dataset.id(), image.id(), project.id(), model.id());
        assertThat(trash.list(W1, TrashQuery.all().type(PROJECT)).items())
                .allSatisfy(i -> assertThat(i.type()).isEqualTo(PROJECT));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SortOrder.class)
    @DisplayName("R6 paging through 120 items 50 at a time returns every item exactly once, in order")
    void keysetPagination(SortOrder order) {
        // three items share each deletion time, so the order also relies on the id tie-break
        List<TrashItem> deleted = deleteProjects("p", 120, 3);

        List<TrashItem> paged = allPages(TrashQuery.all().order(order).limit(50));

        assertThat(paged).hasSize(120);
        assertThat(new HashSet<>(ids(paged))).containsExactlyInAnyOrderElementsOf(ids(deleted));
        List<TrashItem> onePage = trash.list(W1, TrashQuery.all().order(order).limit(TrashQuery.MAX_LIMIT)).items();
        assertThat(ids(paged)).containsExactlyElementsOf(ids(onePage));
        List<TrashItem> sorted = new ArrayList<>(paged);
        sorted.sort(inOrder(order));
        assertThat(ids(paged)).as("sorted by " + order + ", ties by id").containsExactlyElementsOf(ids(sorted));
        // page sizes: 50, 50, 20
        Page<TrashItem> first = trash.list(W1, TrashQuery.all().order(order).limit(50));
        Page<TrashItem> second = trash.list(W1, TrashQuery.all().order(order).limit(50).after(first.nextCursor().orElseThrow()));
        Page<TrashItem> third = trash.list(W1, TrashQuery.all().order(order).limit(50).after(second.nextCursor().orElseThrow()));
        assertThat(List.of(first.items().size(), second.items().size(), third.items().size())).containsExactly(50, 50, 20);
        assertThat(third.nextCursor()).isEmpty();
    }

    @Test
    @DisplayName("R6 paging a type filter pages only that type")
    void paginationWithTypeFilter() {
        ResourceRef p = project(W1, "host", 1);
        List<TrashItemId> models = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            models.add(trash.delete(W1, model(p, "m" + i, 1), ALICE).id());
            trash.delete(W1, dataset(W1, "d" + i, 1), ALICE);
            clock.advance(Duration.ofSeconds(1));
        }

        List<TrashItem> paged = allPages(TrashQuery.all().type(MODEL).limit(3).order(SortOrder.OLDEST_FIRST));

        assertThat(ids(paged)).containsExactlyElementsOf(models);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SortOrder.class)
    @DisplayName("R6 deletes and restores made between pages cause no duplicate and no skip of the other items")
    void paginationStableUnderChanges(SortOrder order) {
        List<TrashItem> existing = deleteProjects("p", 120, 2);
        List<TrashItemId> expected = new ArrayList<>(ids(
                trash.list(W1, TrashQuery.all().order(order).limit(TrashQuery.MAX_LIMIT)).items()));
        TrashQuery query = TrashQuery.all().order(order).limit(50);

        Page<TrashItem> first = trash.list(W1, query);
        clock.advance(Duration.ofMinutes(1));
        TrashItem newA = trash.delete(W1, project(W1, "new-a", 1), ALICE);
        TrashItem newB = trash.delete(W1, dataset(W1, "new-b", 1), ALICE);
        TrashItemId restoredLater = expected.get(75); // on the second page
        trash.restore(W1, restoredLater, ALICE);
        expected.remove(restoredLater);
        TrashItemId atCursor = first.items().get(49).id(); // the cursor's own item goes away
        trash.restore(W1, atCursor, ALICE);
        List<TrashItem> rest = allPages(query.after(first.nextCursor().orElseThrow()));

        List<TrashItemId> seen = new ArrayList<>(ids(first.items()));
        seen.addAll(ids(rest));
        assertThat(seen).doesNotHaveDuplicates();
        Set<TrashItemId> originals = Set.copyOf(ids(existing));
        assertThat(seen.stream().filter(originals::contains).toList()).containsExactlyElementsOf(expected);
        if (order == SortOrder.NEWEST_FIRST) {
            assertThat(seen).doesNotContain(newA.id(), newB.id());
        } else if (order == SortOrder.OLDEST_FIRST) {
            assertThat(seen.subList(seen.size() - 2, seen.size())).containsExactlyInAnyOrder(newA.id(), newB.id());
        }
    }

    @Test
    @DisplayName("R6 R23 a cursor made for one order is refused for the other")
    void cursorBoundToOrder() {
        deleteProjects("p", 5, 1);
        String newest = trash.list(W1, TrashQuery.all().limit(2)).nextCursor().orElseThrow();
        String oldest = trash.list(W1, TrashQuery.all().limit(2).order(SortOrder.OLDEST_FIRST)).nextCursor().orElseThrow();

        assertThatThrownBy(() -> trash.list(W1, TrashQuery.all().limit(2).order(SortOrder.OLDEST_FIRST).after(newest)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> trash.list(W1, TrashQuery.all().limit(2).after(oldest)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cursor");
        assertThat(trash.list(W1, TrashQuery.all().limit(2).after(newest)).items()).hasSize(2);
    }

    /** @return what a cursor error says after the cursor itself: the reason and the hint */
    private static String afterTheCursor(Throwable error) {
        String message = error.getMessage();
        assertThat(message).startsWith("cursor '");
        return message.substring(message.indexOf('\'', "cursor '".length()) + 1);
    }

    @Test
    @DisplayName("R41 a cursor of another workspace, order or type filter is refused like a malformed one, "
            + "says nothing of what it was made for, and changes nothing")
    void cursorBoundToItsListing() {
        for (int i = 0; i < 4; i++) {
            trash.delete(W1, project(W1, "p" + i, 1), ALICE);
            trash.delete(W1, dataset(W1, "d" + i, 1), ALICE);
            trash.delete(W2, project(W2, "q" + i, 1), ALICE);
            clock.advance(Duration.ofSeconds(1));
        }
        TrashQuery q = TrashQuery.all().limit(2);
        String w1 = trash.list(W1, q).nextCursor().orElseThrow();
        String w2 = trash.list(W2, q).nextCursor().orElseThrow();
        String oldest = trash.list(W1, q.order(SortOrder.OLDEST_FIRST)).nextCursor().orElseThrow();
        String projects = trash.list(W1, q.type(PROJECT)).nextCursor().orElseThrow();
        String projectsAndDatasets = trash.list(W1, q.types(Set.of(PROJECT, DATASET))).nextCursor().orElseThrow();
        Snapshot before = snapshot();
        Throwable malformed = org.assertj.core.api.Assertions.catchThrowable(
                () -> trash.list(W1, q.after("bm90IGEgY3Vyc29y")));
        assertThat(malformed).isInstanceOf(InvalidArgumentException.class);

        Map<String, org.assertj.core.api.ThrowableAssert.ThrowingCallable> foreign = new java.util.LinkedHashMap<>();
        foreign.put("w2's cursor in w1", () -> trash.list(W1, q.after(w2)));
        foreign.put("w1's cursor in w2", () -> trash.list(W2, q.after(w1)));
        foreign.put("oldest-first cursor, newest-first listing", () -> trash.list(W1, q.after(oldest)));
        foreign.put("newest-first cursor, oldest-first listing", () -> trash.list(W1, q.order(SortOrder.OLDEST_FIRST).after(w1)));
        foreign.put("all types' cursor, projects listing", () -> trash.list(W1, q.type(PROJECT).after(w1)));
        foreign.put("projects' cursor, all types listing", () -> trash.list(W1, q.after(projects)));
        foreign.put("projects' cursor, datasets listing", () -> trash.list(W1, q.type(DATASET).after(projects)));
        foreign.put("projects and datasets' cursor, projects listing",
                () -> trash.list(W1, q.type(PROJECT).after(projectsAndDatasets)));
        foreign.put("projects' cursor, projects and datasets listing",
                () -> trash.list(W1, q.types(Set.of(PROJECT, DATASET)).after(projects)));
        foreign.forEach((what, call) -> {
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(call);
            assertThat(refused).as(what).isInstanceOf(InvalidArgumentException.class)
                    .hasSameClassAs(malformed).hasMessageContaining("cursor");
            String reason = afterTheCursor(refused);
            assertThat(reason).as(what + ": the same hint as a malformed cursor")
                    .endsWith(afterTheCursor(malformed).substring(afterTheCursor(malformed).indexOf(';')));
            assertThat(reason).as(what + ": nothing about what it was made for")
                    .doesNotContain(W1.value(), W2.value(), PROJECT, DATASET, "NEWEST", "OLDEST");
        });

        assertThat(snapshot()).isEqualTo(before);
        // each cursor still continues its own listing
        assertThat(trash.list(W1, q.after(w1)).items()).hasSize(2);
        assertThat(trash.list(W2, q.after(w2)).items()).hasSize(2);
        assertThat(trash.list(W1, q.order(SortOrder.OLDEST_FIRST).after(oldest)).items()).hasSize(2);
        assertThat(trash.list(W1, q.type(PROJECT).after(projects)).items()).extracting(TrashItem::type)
                .containsOnly(PROJECT).hasSize(2);
        assertThat(trash.list(W1, q.types(Set.of(DATASET, PROJECT)).after(projectsAndDatasets)).items()).hasSize(2);
        assertThat(trash.list(W1, q.limit(5).after(w1)).items()).as("the page size is not part of the listing").hasSize(5);
    }

    @Test
    @DisplayName("R6 R9 a listing shows only items in the Trash: not restored, not purged, not expired ones")
    void onlyItemsInTheTrash() {
        TrashItem restored = trash.delete(W1, project(W1, "p1", 1), ALICE);
        TrashItem purged = trash.delete(W1, project(W1, "p2", 1), ALICE);
        TrashItem expired = trash.delete(W1, project(W1, "p3", 1), ALICE);
        clock.advance(Duration.ofDays(20));
        TrashItem kept = trash.delete(W1, project(W1, "p4", 1), ALICE);
        trash.restore(W1, restored.id(), ALICE);
        trash.purge(W1, purged.id(), ALICE);
        clock.advance(Duration.ofDays(10));

        assertThat(ids(trash.list(W1, TrashQuery.all()).items())).containsExactly(kept.id());
        assertThat(trash.get(W1, expired.id())).isEmpty();
    }

    // ---------------------------------------------------------------- R7

    @Test
    @DisplayName("R7 a model item shows its name, type, slug, times, size, +N badge and its project (type, id, name)")
    void modelItemFields() {
        ResourceRef p = project(W1, "p1", 1_000);
        ResourceRef m = model(p, "m1", "resnet", 10);
        child(WEIGHTS, m, "w1", 100);
        child(ReferenceTypes.TRAINING_RUN, m, "t1", 200);
        child(ReferenceTypes.EXPORT, m, "e1", 300);

        TrashItem item = trash.delete(W1, m, ALICE);

        assertThat(item.workspace()).isEqualTo(W1);
        assertThat(item.root()).isEqualTo(m);
        assertThat(item.type()).isEqualTo(MODEL);
        assertThat(item.name()).isEqualTo("Model m1");
        assertThat(item.slug()).contains("resnet");
        assertThat(item.deletedAt()).isEqualTo(START);
        assertThat(item.expiresAt()).isEqualTo(START.plus(Duration.ofDays(30)));
        assertThat(item.expiresInDays()).isEqualTo(30);
        assertThat(item.expiresInLabel()).isEqualTo("30d");
        assertThat(item.sizeBytes()).isEqualTo(610);
        assertThat(item.cascadedCount()).isEqualTo(3);
        assertThat(item.badge()).isEqualTo("+3");
        assertThat(item.parent()).contains(new ParentInfo(p, "Project p1"));
        assertThat(item.parent().orElseThrow().ref().type()).isEqualTo(PROJECT);
        assertThat(item.parent().orElseThrow().ref().id()).isEqualTo("p1");
        assertThat(trash.list(W1, TrashQuery.all()).items()).containsExactly(item);
        assertThat(trash.get(W1, item.id())).contains(item);
    }

    @Test
    @DisplayName("R7 a top-level item without children has no parent, no badge and only its own size")
    void rootItemFields() {
        ResourceRef p = project(W1, "p1", 4_096);

        TrashItem item = trash.delete(W1, p, ALICE);

        assertThat(item.parent()).isEmpty();
        assertThat(item.cascadedCount()).isZero();
        assertThat(item.badge()).isEmpty();
        assertThat(item.sizeBytes()).isEqualTo(4_096);
        assertThat(item.name()).isEqualTo("Project p1");
        assertThat(item.slug()).contains("p1");
    }

    @Test
    @DisplayName("R7 expires-in counts whole days rounded up: 30d right after deletion, 1d in the last day, never 0d while listed")
    void expiresInLabel() {
        TrashItem item = trash.delete(W1, project(W1, "p1", 1), ALICE);
        Map<Duration, String> expected = new java.util.LinkedHashMap<>();
        expected.put(Duration.ZERO, "30d");
        expected.put(Duration.ofHours(1), "30d");
        expected.put(Duration.ofDays(1).minusNanos(1_000), "30d");
        expected.put(Duration.ofDays(1), "29d");
        expected.put(Duration.ofDays(1).plusNanos(1_000), "29d");
        expected.put(Duration.ofDays(15).plusHours(12), "15d");
        expected.put(Duration.ofDays(29), "1d");
        expected.put(Duration.ofDays(29).plusHours(23).plusMinutes(59).plusSeconds(59), "1d");
        expected.put(Duration.ofDays(30).minusNanos(1_000), "1d");

        for (Map.Entry<Duration, String> e : expected.entrySet()) {
            clock.set(START.plus(e.getKey()));
            TrashItem listed = trash.list(W1, TrashQuery.all()).items().get(0);
            assertThat(listed.expiresInLabel()).as("after %s", e.getKey()).isEqualTo(e.getValue());
            assertThat(trash.get(W1, item.id()).orElseThrow().expiresInLabel()).as("get after %s", e.getKey())
                    .isEqualTo(e.getValue());
            assertThat(listed.expiresInDays()).isPositive();
        }
        clock.set(item.expiresAt());
        assertThat(trash.list(W1, TrashQuery.all()).items()).isEmpty();
    }

    // ---------------------------------------------------------------- R8: storage summary

    @Test
    @DisplayName("R8 the storage summary gives the Trash's items and bytes in total and per root type")
    void storageSummary() {
        ResourceRef p1 = project(W1, "p1", 100);
        model(p1, "m0", 10);
        trash.delete(W1, p1, ALICE);
        trash.delete(W1, project(W1, "p2", 200), ALICE);
        ResourceRef d1 = dataset(W1, "d1", 50);
        children(IMAGE, d1, "i", 3, 10);
        trash.delete(W1, d1, ALICE);
        ResourceRef p3 = project(W1, "p3", 1);
        TrashItem model = trash.delete(W1, model(p3, "m1", 5), ALICE);
        trash.delete(W2, project(W2, "other", 9_999), ALICE);

        StorageSummary s = trash.storageSummary(W1);

        assertThat(s.workspace()).isEqualTo(W1);
        assertThat(s.items()).isEqualTo(4);
        assertThat(s.bytes()).isEqualTo(110 + 200 + 80 + 5);
        assertThat(s.byTypeSorted()).containsExactly(
                Map.entry(DATASET, new TypeUsage(1, 80)),
                Map.entry(MODEL, new TypeUsage(1, 5)),
                Map.entry(PROJECT, new TypeUsage(2, 310)));
        assertThat(s.purgingItems()).isZero();
        assertThat(s.purgingBytes()).isZero();

        trash.restore(W1, model.id(), ALICE);
        StorageSummary after = trash.storageSummary(W1);
        assertThat(after.items()).isEqualTo(3);
        assertThat(after.bytes()).isEqualTo(390);
        assertThat(after.byType()).doesNotContainKey(MODEL);
    }

    // ---------------------------------------------------------------- R8: treemap

    private static void assertProportional(Treemap map) {
        double canvas = (double) map.width() * map.height();
        long tileBytes = map.tiles().stream().mapToLong(TreemapTile::bytes).sum();
        double perByte = canvas / tileBytes;
        for (TreemapTile t : map.tiles()) {
            assertThat(t.area() / t.bytes()).as("area per byte of %s", t.label())
                    .isCloseTo(perByte, within(perByte * 1e-6));
            assertThat(t.x()).isGreaterThanOrEqualTo(-1e-6);
            assertThat(t.y()).isGreaterThanOrEqualTo(-1e-6);
            assertThat(t.x() + t.width()).isLessThanOrEqualTo(map.width() + 1e-6);
            assertThat(t.y() + t.height()).isLessThanOrEqualTo(map.height() + 1e-6);
        }
        assertThat(map.tiles().stream().mapToDouble(TreemapTile::area).sum()).isCloseTo(canvas, within(canvas * 1e-6));
        for (int i = 0; i < map.tiles().size(); i++) {
            for (int j = i + 1; j < map.tiles().size(); j++) {
                TreemapTile a = map.tiles().get(i);
                TreemapTile b = map.tiles().get(j);
                double w = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
                double h = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
                assertThat(w <= 1e-6 || h <= 1e-6).as("%s overlaps %s", a.label(), b.label()).isTrue();
            }
        }
    }

    @Test
    @DisplayName("R8 the treemap has one tile per item, its area proportional to the item's bytes, coloured by type")
    void treemapProportional() {
        ResourceRef p1 = project(W1, "p1", 1_000);
        model(p1, "m0", 3_000);
        TrashItem project = trash.delete(W1, p1, ALICE);
        ResourceRef d = dataset(W1, "d1", 500);
        children(IMAGE, d, "i", 5, 100);
        TrashItem dataset = trash.delete(W1, d, ALICE);
        ResourceRef p2 = project(W1, "p2", 10);
        TrashItem model = trash.delete(W1, model(p2, "m1", 700), ALICE);
        TrashItem small = trash.delete(W1, p2, ALICE);
        trash.delete(W1, project(W1, "empty", 0), ALICE);

        Treemap map = trash.treemap(W1, TreemapOptions.defaults());

        assertThat(map.width()).isEqualTo(960);
        assertThat(map.height()).isEqualTo(540);
        assertThat(map.totalBytes()).isEqualTo(4_000 + 1_000 + 700 + 10);
        assertThat(map.tiles()).as("the zero-byte item has no tile").hasSize(4);
        Map<TrashItemId, TreemapTile> byItem = map.tiles().stream()
                .collect(Collectors.toMap(t -> t.item().orElseThrow(), Function.identity()));
        assertThat(byItem.get(project.id()).bytes()).isEqualTo(4_000);
        assertThat(byItem.get(project.id()).color()).isEqualTo("#2563eb").isEqualTo(TreemapOptions.PROJECT_COLOR);
        assertThat(byItem.get(project.id()).type()).isEqualTo(PROJECT);
        assertThat(byItem.get(project.id()).label()).isEqualTo("Project p1");
        assertThat(byItem.get(dataset.id()).color()).isEqualTo("#16a34a").isEqualTo(TreemapOptions.DATASET_COLOR);
        assertThat(byItem.get(model.id()).color()).isEqualTo("#9333ea").isEqualTo(TreemapOptions.MODEL_COLOR);
        assertThat(byItem.get(small.id()).bytes()).isEqualTo(10);
        assertThat(map.tiles()).extracting(TreemapTile::bytes).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertProportional(map);
        assertThat(trash.treemap(W2, TreemapOptions.defaults()).tiles()).isEmpty();
    }

    @Test
    @DisplayName("R8 treemap colours are configurable per type; undeclared colours are grey")
    void treemapColours() {
        TrashItem project = trash.delete(W1, project(W1, "p1", 100), ALICE);
        TrashItem dataset = trash.delete(W1, dataset(W1, "d1", 200), ALICE);
        ResourceRef p2 = project(W1, "p2", 1);
        ResourceRef m = model(p2, "m1", 1);
        TrashItem weights = trash.delete(W1, child(WEIGHTS, m, "w1", 300), ALICE);

        Treemap map = trash.treemap(W1, TreemapOptions.defaults().color(PROJECT, "#ff0000").size(400, 300));

        Map<TrashItemId, String> colours = map.tiles().stream()
                .collect(Collectors.toMap(t -> t.item().orElseThrow(), TreemapTile::color));
        assertThat(colours).containsEntry(project.id(), "#ff0000")
                .containsEntry(dataset.id(), TreemapOptions.DATASET_COLOR)
                .containsEntry(weights.id(), TreemapOptions.OTHER_COLOR);
        assertThat(map.width()).isEqualTo(400);
        assertThat(map.height()).isEqualTo(300);
        assertProportional(map);
        assertThat(map.toSvg()).contains("fill=\"#ff0000\"").doesNotContain("fill=\"#2563eb\"");
    }

    @Test
    @DisplayName("R8 beyond maxTiles the smallest items are gathered in one grey 'other' tile, still proportional")
    void treemapMaxTiles() {
        long[] sizes = {600, 500, 400, 300, 200, 100};
        List<TrashItem> items = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            items.add(trash.delete(W1, project(W1, "p" + i, sizes[i]), ALICE));
        }

        Treemap map = trash.treemap(W1, TreemapOptions.defaults().maxTiles(3));

        assertThat(map.tiles()).hasSize(4);
        assertThat(map.totalBytes()).isEqualTo(2_100);
        List<TreemapTile> named = map.tiles().stream().filter(t -> t.item().isPresent()).toList();
        assertThat(named).extracting(t -> t.item().orElseThrow())
                .containsExactlyInAnyOrder(items.get(0).id(), items.get(1).id(), items.get(2).id());
        TreemapTile other = map.tiles().stream().filter(t -> t.item().isEmpty()).findFirst().orElseThrow();
        assertThat(other.type()).isEqualTo("other");
        assertThat(other.label()).isEqualTo("3 more");
        assertThat(other.bytes()).isEqualTo(600);
        assertThat(other.color()).isEqualTo(TreemapOptions.OTHER_COLOR);
        assertProportional(map);
    }

    @Test
    @DisplayName("R8 the treemap renders as an SVG document holding every tile with its colour and escaped label")
    void treemapSvg() {
        trash.delete(W1, project(W1, "p1", 300), ALICE);
        trash.delete(W1, dataset(W1, "d1", 200), ALICE);
        trash.delete(W1, project(W1, "a<b&c", 100), ALICE);

        Treemap map = trash.treemap(W1, TreemapOptions.defaults());
        String svg = map.toSvg();

        assertThat(svg).startsWith("<svg").contains("xmlns=\"http://www.w3.org/2000/svg\"")
                .contains("width=\"960\"").contains("height=\"540\"").endsWith("</svg>\n");
        assertThat(svg.split("<g class=\"tile ", -1)).hasSize(map.tiles().size() + 1);
        assertThat(svg.split("fill=\"" + TreemapOptions.PROJECT_COLOR + "\"", -1)).hasSize(3);
        assertThat(svg.split("fill=\"" + TreemapOptions.DATASET_COLOR + "\"", -1)).hasSize(2);
        assertThat(svg).contains("Project p1").contains("Dataset d1").contains("Project a&lt;b&amp;c")
                .doesNotContain("a<b&c");
        for (TreemapTile t : map.tiles()) {
            assertThat(svg).contains(String.format(java.util.Locale.ROOT, "x=\"%.2f\" y=\"%.2f\" width=\"%.2f\"",
                    t.x(), t.y(), t.width()));
        }
    }

    @Test
    @DisplayName("R8 an empty Trash has an empty treemap and a zero summary")
    void emptyTreemap() {
        Treemap map = trash.treemap(W1, TreemapOptions.defaults());

        assertThat(map.tiles()).isEmpty();
        assertThat(map.totalBytes()).isZero();
        assertThat(map.toSvg()).startsWith("<svg").doesNotContain("class=\"tile");
        StorageSummary s = trash.storageSummary(W1);
        assertThat(s.items()).isZero();
        assertThat(s.bytes()).isZero();
        assertThat(s.byType()).isEmpty();
        assertThat(s.workspace()).isEqualTo(W1);
    }

    // ---------------------------------------------------------------- R38 finding things, R39 what expires soon

    @Test
    @DisplayName("R38 filter by name (contains, ignoring case), with a type filter and paging under the filter")
    void nameFilter() {
        ResourceRef host = project(W1, "host", 1);
        List<TrashItemId> reports = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reports.add(trash.delete(W1, project(W1, "report-" + i, 1), ALICE).id()); // "Project report-i"
            trash.delete(W1, dataset(W1, "other-" + i, 1), ALICE);
            clock.advance(Duration.ofSeconds(1));
        }
        trash.delete(W1, model(host, "m-report", 1), ALICE);
        java.util.Collections.reverse(reports);

        assertThat(ids(allPages(TrashQuery.all().nameContains("PROJECT REPORT").limit(2)))).containsExactlyElementsOf(reports);
        assertThat(ids(allPages(TrashQuery.all().nameContains("report").type(ReferenceTypes.PROJECT).limit(3))))
                .containsExactlyElementsOf(reports);
        assertThat(trash.list(W1, TrashQuery.all().nameContains("report")).items()).hasSize(6);
        assertThat(trash.list(W1, TrashQuery.all().nameContains("nothing like it")).items()).isEmpty();
        assertThat(trash.list(W2, TrashQuery.all().nameContains("report")).items()).as("R21").isEmpty();
    }

    @Test
    @DisplayName("R38 filter by who deleted and by deleted-between (from inclusive, before exclusive), sorted by size")
    void actorAndTimeFilters() {
        dev.trash.ActorId bob = dev.trash.ActorId.of("bob");
        TrashItem a1 = trash.delete(W1, project(W1, "a1", 30), ALICE);
        clock.advance(Duration.ofHours(1));
        Instant from = clock.instant();
        TrashItem b1 = trash.delete(W1, project(W1, "b1", 10), bob);
        TrashItem a2 = trash.delete(W1, project(W1, "a2", 20), ALICE);
        clock.advance(Duration.ofHours(1));
        Instant before = clock.instant();
        TrashItem b2 = trash.delete(W1, project(W1, "b2", 40), bob);

        assertThat(ids(trash.list(W1, TrashQuery.all().deletedBy(bob)).items())).containsExactly(b2.id(), b1.id());
        assertThat(ids(trash.list(W1, TrashQuery.all().deletedBetween(from, before).order(SortOrder.LARGEST_FIRST)).items()))
                .containsExactly(a2.id(), b1.id());
        assertThat(ids(allPages(TrashQuery.all().deletedBy(ALICE).order(SortOrder.SMALLEST_FIRST).limit(1))))
                .containsExactly(a2.id(), a1.id());
        assertThat(ids(trash.list(W1, TrashQuery.all().deletedBy(bob).deletedBetween(from, before)).items()))
                .containsExactly(b1.id());
    }

    @Test
    @DisplayName("R38 sort by name and by expiry, both ways, across types with their own retention")
    void nameAndExpiryOrders() throws Exception {
        useTypes(ReferenceTypes.withRetention(ReferenceTypes.DATASET, Duration.ofDays(7)));
        TrashItem zebra = trash.delete(W1, project(W1, "zebra", 1), ALICE);   // "Project zebra", 30 days
        TrashItem apple = trash.delete(W1, dataset(W1, "apple", 1), ALICE);   // "Dataset apple", 7 days
        clock.advance(Duration.ofDays(1));
        TrashItem mango = trash.delete(W1, dataset(W1, "Mango", 1), ALICE);   // "Dataset Mango", 7 days

        assertThat(ids(trash.list(W1, TrashQuery.all().order(SortOrder.NAME_ASCENDING)).items()))
                .containsExactly(apple.id(), mango.id(), zebra.id());
        assertThat(ids(trash.list(W1, TrashQuery.all().order(SortOrder.NAME_DESCENDING)).items()))
                .containsExactly(zebra.id(), mango.id(), apple.id());
        assertThat(ids(trash.list(W1, TrashQuery.all().order(SortOrder.EXPIRING_FIRST)).items()))
                .containsExactly(apple.id(), mango.id(), zebra.id());
        assertThat(ids(trash.list(W1, TrashQuery.all().order(SortOrder.EXPIRING_LAST)).items()))
                .containsExactly(zebra.id(), mango.id(), apple.id());
    }

    @Test
    @DisplayName("R39 the items expiring within a window, soonest first, paged with the same query")
    void expiringWithin() throws Exception {
        useTypes(ReferenceTypes.withRetention(ReferenceTypes.DATASET, Duration.ofDays(7)));
        TrashItem d1 = trash.delete(W1, dataset(W1, "d1", 1), ALICE);
        clock.advance(Duration.ofDays(1));
        TrashItem d2 = trash.delete(W1, dataset(W1, "d2", 1), ALICE);
        TrashItem p = trash.delete(W1, project(W1, "p", 1), ALICE);
        clock.advance(Duration.ofDays(1)); // d1 expires in 5 days, d2 in 6, p in 29

        TrashQuery soon = trash.expiringWithin(Duration.ofDays(6)).limit(1);
        assertThat(ids(allPages(soon))).containsExactly(d1.id(), d2.id());
        assertThat(ids(trash.list(W1, trash.expiringWithin(Duration.ofDays(5))).items())).containsExactly(d1.id());
        assertThat(ids(trash.list(W1, trash.expiringWithin(Duration.ofDays(30))).items()))
                .containsExactly(d1.id(), d2.id(), p.id());
        assertThatThrownBy(() -> trash.expiringWithin(Duration.ZERO)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    @DisplayName("R38 R23 a blank name filter, an empty deleted-between range, a null actor are refused")
    void badFilters() {
        assertThatThrownBy(() -> TrashQuery.all().nameContains(" ")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("name filter");
        assertThatThrownBy(() -> TrashQuery.all().nameContains("x".repeat(256))).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> TrashQuery.all().deletedBetween(START, START)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("range is empty");
        assertThatThrownBy(() -> TrashQuery.all().deletedBy(null)).isInstanceOf(InvalidArgumentException.class);
    }
}

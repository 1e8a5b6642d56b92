package dev.trash.testkit;

import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static dev.trash.testkit.ReferenceTypes.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trash.ActorId;
import dev.trash.InvalidArgumentException;
import dev.trash.NotFoundException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashQuery;
import dev.trash.TreemapOptions;
import dev.trash.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour suite for safety: SPEC R21 (workspace isolation) and R23 (bad input gets a clear
 * error naming the problem and changes nothing). A backend runs it by extending this class and
 * implementing {@link #newBackend}.
 */
public abstract class TrashSafetySuite extends TrashFixture {

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Seeds both workspaces with active and trashed resources. */
    private TrashItem seed() {
        ResourceRef p = project(W1, "p1", 100);
        model(p, "m1", 10);
        ResourceRef d = dataset(W1, "d1", 5);
        child(IMAGE, d, "i1", 1);
        project(W1, "active", 1);
        project(W2, "theirs", 1_000);
        trash.delete(W2, project(W2, "trashed-theirs", 7), ALICE);
        trash.delete(W1, d, ALICE);
        return trash.delete(W1, p, ALICE);
    }

    // ---------------------------------------------------------------- R21

    @Test
    @DisplayName("R21 another workspace cannot see an item: not listed, not got, not in its storage summary or treemap")
    void otherWorkspaceCannotSee() {
        TrashItem item = seed();

        assertThat(listedIds(W2)).doesNotContain(item.id()).hasSize(1);
        assertThat(trash.list(W2, TrashQuery.all().type(PROJECT)).items())
                .allSatisfy(i -> assertThat(i.workspace()).isEqualTo(W2));
        assertThat(trash.get(W2, item.id())).isEmpty();
        assertThat(trash.storageSummary(W2).items()).isEqualTo(1);
        assertThat(trash.storageSummary(W2).bytes()).isEqualTo(7);
        assertThat(trash.treemap(W2, TreemapOptions.defaults()).tiles())
                .allSatisfy(t -> assertThat(t.item()).isNotEqualTo(java.util.Optional.of(item.id())))
                .hasSize(1);
        assertThat(trash.treemap(W2, TreemapOptions.defaults()).totalBytes()).isEqualTo(7);
        // while W1 sees it
        assertThat(trash.get(W1, item.id())).isPresent();
        assertThat(trash.storageSummary(W1).bytes()).isEqualTo(116);
    }

    @Test
    @DisplayName("R21 another workspace cannot restore or purge an item: NotFoundException exactly as for an unknown id")
    void otherWorkspaceCannotTouch() {
        TrashItem item = seed();
        TrashItemId unknown = TrashItemId.random();
        Snapshot before = snapshot();

        for (String op : List.of("restore", "purge")) {
            ThrowingCallable onTheirs = op.equals("restore") ? () -> trash.restore(W2, item.id(), ALICE)
                    : () -> trash.purge(W2, item.id(), ALICE);
            ThrowingCallable onUnknown = op.equals("restore") ? () -> trash.restore(W2, unknown, ALICE)
                    : () -> trash.purge(W2, unknown, ALICE);
            Throwable theirs = catchThrowable(onTheirs);
            Throwable missing = catchThrowable(onUnknown);
            assertThat(theirs).as(op).isInstanceOf(NotFoundException.class);
            assertThat(missing).as(op).isInstanceOf(NotFoundException.class);
            assertThat(theirs.getClass()).isEqualTo(missing.getClass());
            assertThat(theirs.getMessage().replace(item.id().toString(), "<id>")).as(op)
                    .isEqualTo(missing.getMessage().replace(unknown.toString(), "<id>"));
        }

        assertThat(snapshot()).isEqualTo(before);
        assertThat(trash.restore(W1, item.id(), ALICE).restoredCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("R21 R5 another workspace cannot delete a resource: NotFoundException exactly as for a missing one")
    void otherWorkspaceCannotDelete() {
        seed();
        Snapshot before = snapshot();
        ResourceRef theirs = ResourceRef.of(PROJECT, "active");
        ResourceRef missing = ResourceRef.of(PROJECT, "nope");

        Throwable onTheirs = catchThrowable(() -> trash.delete(W2, theirs, ALICE));
        Throwable onMissing = catchThrowable(() -> trash.delete(W2, missing, ALICE));

        assertThat(onTheirs).isInstanceOf(NotFoundException.class);
        assertThat(onMissing).isInstanceOf(NotFoundException.class);
        assertThat(onTheirs.getMessage().replace("active", "<id>"))
                .isEqualTo(onMissing.getMessage().replace("nope", "<id>"));
        // a trashed resource of W1 looks missing to W2 too (not "already in the trash")
        assertThatThrownBy(() -> trash.delete(W2, ResourceRef.of(PROJECT, "p1"), ALICE))
                .isInstanceOf(NotFoundException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("R21 R16 emptying another workspace's Trash leaves this one's items and resources alone")
    void emptyOtherWorkspace() {
        TrashItem item = seed();
        List<TrashItemId> w1Before = listedIds(W1);

        assertThat(trash.emptyTrash(W2, ALICE)).isEqualTo(new Purged(1, 7, 0));

        assertThat(listedIds(W1)).isEqualTo(w1Before).contains(item.id());
        assertThat(isTrashed(ResourceRef.of(PROJECT, "p1"))).isTrue();
        assertThat(backend.freedBytes(W1)).isZero();
        assertThat(listedIds(W2)).isEmpty();
    }

    // ---------------------------------------------------------------- R23

    @Test
    @DisplayName("R23 null, blank, too long or control-character ids are refused with an error naming the id")
    void badIds() {
        Map<String, ThrowingCallable> cases = new LinkedHashMap<>();
        cases.put("workspace id", () -> WorkspaceId.of(""));
        cases.put("workspace id ", () -> WorkspaceId.of("   "));
        cases.put("workspace id  ", () -> WorkspaceId.of(null));
        cases.put("workspace id   ", () -> WorkspaceId.of("w".repeat(256)));
        cases.put("resource id", () -> ResourceRef.of(PROJECT, " "));
        cases.put("resource id ", () -> ResourceRef.of(PROJECT, null));
        cases.put("resource id  ", () -> ResourceRef.of(PROJECT, "a\nb"));
        cases.put("resource type", () -> ResourceRef.of("", "p1"));
        cases.put("resource type ", () -> ResourceRef.of(null, "p1"));
        cases.put("actor id", () -> ActorId.of(""));
        cases.put("actor id ", () -> ActorId.of(null));
        cases.put("trash item id", () -> TrashItemId.parse("nope"));
        cases.put("trash item id ", () -> TrashItemId.parse(""));
        cases.put("trash item id  ", () -> TrashItemId.parse(null));
        cases.put("trash item id   ", () -> TrashItemId.parse("123e4567-e89b-12d3-a456-42661417400g"));
        cases.put("trash item id    ", () -> new TrashItemId(null));

        cases.forEach((name, call) -> assertThatThrownBy(call).as(name)
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(name.trim()));
        assertThatThrownBy(() -> TrashItemId.parse("nope")).hasMessageContaining("'nope'");
        TrashItemId id = TrashItemId.random();
        assertThat(TrashItemId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    @DisplayName("R23 ids, workspace ids, actors and type names with an unpaired UTF-16 surrogate are refused, naming "
            + "the problem, and nothing changes")
    void unpairedSurrogatesRefused() {
        ResourceRef p = project(W1, "p1", 1);
        Snapshot before = snapshot();
        Map<String, ThrowingCallable> cases = new LinkedHashMap<>();
        for (String bad : List.of("lone\uD800", "\uDC00tail", "a\uDBFF\uDBFFb", "\uDFFF\uD800")) {
            cases.put("workspace id " + bad.length(), () -> WorkspaceId.of(bad));
            cases.put("resource id " + bad.length(), () -> ResourceRef.of(PROJECT, bad));
            cases.put("resource type " + bad.length(), () -> ResourceRef.of(bad, "p1"));
            cases.put("actor id " + bad.length(), () -> ActorId.of(bad));
            cases.put("type name " + bad.length(), () -> dev.trash.ResourceType.of(bad));
            cases.put("type filter " + bad.length(), () -> TrashQuery.all().type(bad));
            cases.put("trash item id " + bad.length(), () -> TrashItemId.parse(bad));
        }
        cases.forEach((name, call) -> {
            String argument = name.substring(0, name.lastIndexOf(' '));
            Throwable refused = catchThrowable(call);
            assertThat(refused).as(name).isInstanceOf(InvalidArgumentException.class).hasMessageContaining(argument);
            if (!argument.equals("trash item id")) {
                assertThat(refused).as(name).hasMessageContaining("unpaired UTF-16 surrogate");
            }
            assertThat(refused.getMessage()).as(name + ": the message itself is valid text")
                    .satisfies(m -> assertThat(m.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)).isTrue());
        });
        // a delete naming a resource with a lone surrogate cannot even be written, so it never reaches the store
        assertThatThrownBy(() -> trash.delete(W1, ResourceRef.of(PROJECT, "p1\uD800"), ALICE))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unpaired UTF-16 surrogate at index 2");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(isActive(p)).isTrue();
        // paired surrogates (a character outside the BMP) are fine
        assertThat(ResourceRef.of(PROJECT, "cat-\uD83D\uDE3A").id()).hasSize(6);
        assertThat(WorkspaceId.of("\uD83D\uDE3A").value()).isEqualTo("\uD83D\uDE3A");
    }

    @Test
    @DisplayName("R23 ids made only of invisible characters (U+00A0, U+200B, U+2028, U+FEFF) are blank, and refused as such")
    void invisibleIdsAreBlank() {
        for (String blank : List.of("\u00A0", "\u200B", "\u2028", "\uFEFF", "\u00A0\u200B\u2028", "\u200B \u200B")) {
            Map<String, ThrowingCallable> cases = new LinkedHashMap<>();
            cases.put("workspace id", () -> WorkspaceId.of(blank));
            cases.put("resource id", () -> ResourceRef.of(PROJECT, blank));
            cases.put("actor id", () -> ActorId.of(blank));
            cases.put("type name", () -> dev.trash.ResourceType.of(blank));
            cases.put("type filter", () -> TrashQuery.all().type(blank));
            cases.forEach((name, call) -> assertThatThrownBy(call).as(name + " of " + blank.length() + " chars")
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(name)
                    .hasMessageContaining("must not be blank"));
        }
        // visible text around them is fine
        assertThat(ResourceRef.of(PROJECT, "a\u00A0b").id()).isEqualTo("a\u00A0b");
    }

    @Test
    @DisplayName("R23 TrashItemId.parse accepts exactly the canonical 8-4-4-4-12 form, in either case")
    void canonicalItemIdsOnly() {
        TrashItemId id = TrashItemId.random();
        String text = id.toString();
        assertThat(TrashItemId.parse(text)).isEqualTo(id);
        assertThat(TrashItemId.parse(text.toUpperCase(java.util.Locale.ROOT))).isEqualTo(id);
        assertThat(TrashItemId.parse("123E4567-e89b-12D3-A456-426614174000").toString())
                .isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        for (String bad : List.of("1-1-1-1-1", "0-0-0-0-0", "123e4567-e89b-12d3-a456-42661417400",
                "123e4567-e89b-12d3-a456-4266141740000", "0123e4567-e89b-12d3-a456-426614174000",
                "+23e4567-e89b-12d3-a456-426614174000", "123e4567e89b12d3a456426614174000",
                "{123e4567-e89b-12d3-a456-426614174000}", " 123e4567-e89b-12d3-a456-426614174000",
                "123e4567-e89b-12d3-a456-426614174000 ", "123e4567-e89b-12d3-a456_426614174000",
                "\uFF11\uFF12\uFF13e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-42661417400g")) {
            assertThatThrownBy(() -> TrashItemId.parse(bad)).as(bad)
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("trash item id")
                    .hasMessageContaining("123e4567-e89b-12d3-a456-426614174000");
        }
    }

    @Test
    @DisplayName("R23 an undeclared type is refused on delete and in the list filter, naming it, and nothing changes")
    void unknownTypes() {
        seed();
        Snapshot before = snapshot();

        assertThatThrownBy(() -> trash.delete(W1, ResourceRef.of("folder", "f1"), ALICE))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'folder'");
        assertThatThrownBy(() -> trash.list(W1, TrashQuery.all().type("folder")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'folder'");
        assertThatThrownBy(() -> trash.list(W1, TrashQuery.all().types(Set.of(PROJECT, "folder"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'folder'");
        assertThatThrownBy(() -> TrashQuery.all().type(" "))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("type filter");

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("R23 a page size out of 1..1000 is refused, naming the limit")
    void pageSizeOutOfRange() {
        for (int bad : List.of(0, -1, TrashQuery.MAX_LIMIT + 1, 10_000, Integer.MIN_VALUE)) {
            assertThatThrownBy(() -> TrashQuery.all().limit(bad)).as("%d", bad)
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("limit").hasMessageContaining(String.valueOf(bad));
        }
        trash.delete(W1, project(W1, "p1", 1), ALICE);
        trash.delete(W1, project(W1, "p2", 1), ALICE);
        assertThat(trash.list(W1, TrashQuery.all().limit(1)).items()).hasSize(1);
        assertThat(trash.list(W1, TrashQuery.all().limit(TrashQuery.MAX_LIMIT)).items()).hasSize(2);
    }

    /** @return {@code cursor} (a real one) with its position's time and id replaced: a forged cursor of the right listing */
    private static String forged(String cursor, String micros, String id) {
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", -1);
        assertThat(parts).as("a cursor is version:binding:micros:id").hasSize(4);
        return b64(parts[0] + ":" + parts[1] + ":" + micros + ":" + id);
    }

    @Test
    @DisplayName("R23 a malformed cursor (random text, Base64 of garbage, a bad position) is refused, naming the cursor")
    void malformedCursors() {
        seed();
        trash.delete(W1, project(W1, "more", 1), ALICE);
        String real = trash.list(W1, TrashQuery.all().limit(1)).nextCursor().orElseThrow();
        Snapshot before = snapshot();
        List<String> bad = List.of(
                "not a cursor!",
                "%%%%",
                b64("garbage"),
                b64("v1:NEWEST_FIRST:12"),
                b64("v2:NEWEST_FIRST:0:" + UUID.randomUUID()),
                b64("v1:NEWEST_FIRST:not-a-number:" + UUID.randomUUID()),
                b64("v1:NEWEST_FIRST:99999999999999999999999:" + UUID.randomUUID()),
                b64("v1:NEWEST_FIRST:0:not-a-uuid"),
                Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3}),
                forged(real, "not-a-number", UUID.randomUUID().toString()),
                forged(real, "99999999999999999999999", UUID.randomUUID().toString()),
                forged(real, "0", "not-a-uuid"),
                forged(real, "0", "1-1-1-1-1"),
                forged(real, "", ""),
                real + "A",
                real.substring(0, real.length() - 2));

        for (String cursor : bad) {
            assertThatThrownBy(() -> trash.list(W1, TrashQuery.all().after(cursor))).as(cursor)
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cursor");
        }
        assertThatThrownBy(() -> TrashQuery.all().after(" "))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> TrashQuery.all().after(null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cursor");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(trash.list(W1, TrashQuery.all().limit(1).after(real)).items()).hasSize(1);
    }

    @Test
    @DisplayName("R23 a forged cursor at an extreme time is either refused as invalid or lists normally, never a store error")
    void extremeCursors() {
        TrashItem item = seed();
        String real = trash.list(W1, TrashQuery.all().limit(1)).nextCursor().orElseThrow();
        String uuid = UUID.randomUUID().toString();
        String farFuture = forged(real, String.valueOf(Long.MAX_VALUE), uuid);
        String farPast = forged(real, String.valueOf(Long.MIN_VALUE), uuid);
        String year9999 = forged(real, "253402300799999999", uuid);
        String year1 = forged(real, "-62135596800000000", uuid);

        for (String future : List.of(farFuture, year9999)) {
            Throwable error = catchThrowable(() -> assertThat(
                    ids(trash.list(W1, TrashQuery.all().after(future)).items())).containsExactlyElementsOf(listedIds(W1)));
            if (error != null) {
                assertThat(error).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cursor");
            }
        }
        for (String past : List.of(farPast, year1)) {
            Throwable error = catchThrowable(() -> assertThat(
                    trash.list(W1, TrashQuery.all().after(past)).items()).isEmpty());
            if (error != null) {
                assertThat(error).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cursor");
            }
        }
        assertThat(listedIds(W1)).contains(item.id());
    }

    private static List<TrashItemId> ids(List<TrashItem> items) {
        return items.stream().map(TrashItem::id).toList();
    }

    @Test
    @DisplayName("R23 a null argument to any manager method is refused, naming the argument, and nothing changes")
    void nullArguments() {
        TrashItem item = seed();
        ResourceRef active = ResourceRef.of(PROJECT, "active");
        int eventsBefore = events.size();
        Snapshot before = snapshot();
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("delete workspace", () -> trash.delete(null, active, ALICE));
        calls.put("delete resource", () -> trash.delete(W1, null, ALICE));
        calls.put("delete actor", () -> trash.delete(W1, active, null));
        calls.put("list workspace", () -> trash.list(null, TrashQuery.all()));
        calls.put("list query", () -> trash.list(W1, null));
        calls.put("get workspace", () -> trash.get(null, item.id()));
        calls.put("get item", () -> trash.get(W1, null));
        calls.put("restore workspace", () -> trash.restore(null, item.id(), ALICE));
        calls.put("restore item", () -> trash.restore(W1, null, ALICE));
        calls.put("purge workspace", () -> trash.purge(null, item.id(), ALICE));
        calls.put("purge item", () -> trash.purge(W1, null, ALICE));
        calls.put("emptyTrash workspace", () -> trash.emptyTrash(null, ALICE));
        calls.put("storageSummary workspace", () -> trash.storageSummary(null));
        calls.put("treemap workspace", () -> trash.treemap(null, TreemapOptions.defaults()));
        calls.put("treemap options", () -> trash.treemap(W1, null));
        calls.put("sweeper options", () -> trash.sweeper(null));

        calls.forEach((call, call2) -> {
            String argument = call.substring(call.indexOf(' ') + 1);
            assertThatThrownBy(call2).as(call)
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(argument);
        });

        assertThat(snapshot()).isEqualTo(before);
        assertThat(events).hasSize(eventsBefore);
        assertThat(isActive(active)).isTrue();
    }

    @Test
    @DisplayName("R23 bad options (batch size, backoff, treemap size and colours) are refused, naming the option")
    void badOptions() {
        Map<String, ThrowingCallable> cases = new LinkedHashMap<>();
        cases.put("batchSize", () -> SweeperOptions.defaults().batchSize(0));
        cases.put("batchSize ", () -> SweeperOptions.defaults().batchSize(10_001));
        cases.put("lease", () -> SweeperOptions.defaults().lease(java.time.Duration.ZERO));
        cases.put("maxBackoff", () -> SweeperOptions.defaults()
                .backoff(java.time.Duration.ofMinutes(10), java.time.Duration.ofMinutes(1)));
        cases.put("width", () -> TreemapOptions.defaults().size(0, 100));
        cases.put("height", () -> TreemapOptions.defaults().size(100, 10_001));
        cases.put("maxTiles", () -> TreemapOptions.defaults().maxTiles(0));
        cases.put("color of type project", () -> TreemapOptions.defaults().color(PROJECT, "blue"));

        cases.forEach((name, call) -> assertThatThrownBy(call).as(name)
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(name.trim()));
    }
}

package dev.trash.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.InvalidArgumentException;
import dev.trash.SortOrder;
import dev.trash.TrashItemId;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import dev.trash.spi.Keyset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Listing cursors: opaque, exact to the microsecond, bound to their listing, and checked. */
class CursorsTest {
    private static final WorkspaceId W = WorkspaceId.of("w");
    private static final TrashQuery NEWEST = TrashQuery.all();
    private static final TrashQuery OLDEST = TrashQuery.all().order(SortOrder.OLDEST_FIRST);
    private static final Keyset AT = new Keyset(Instant.parse("2026-03-01T10:15:30.123456Z"), TrashItemId.random());

    @Test
    @DisplayName("R6 a cursor gives back the exact keyset it was made from")
    void roundTrip() {
        String cursor = Cursors.encode(W, NEWEST, AT);
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(Cursors.decode(cursor, W, NEWEST)).isEqualTo(AT);
        assertThat(Cursors.decode(cursor, W, NEWEST.limit(7))).as("the page size is not part of the listing").isEqualTo(AT);
        Keyset early = new Keyset(Instant.parse("1969-12-31T23:59:59.999999Z"), AT.id());
        assertThat(Cursors.decode(Cursors.encode(W, OLDEST, early), W, OLDEST)).isEqualTo(early);
        TrashQuery bySize = TrashQuery.all().order(SortOrder.LARGEST_FIRST);
        Keyset size = new Keyset(123_456_789_000L, AT.id());
        assertThat(Cursors.decode(Cursors.encode(W, bySize, size), W, bySize)).isEqualTo(size);
        TrashQuery byName = TrashQuery.all().order(SortOrder.NAME_ASCENDING);
        Keyset name = new Keyset("vision: ünïcode & colons:", AT.id());
        assertThat(Cursors.decode(Cursors.encode(W, byName, name), W, byName)).isEqualTo(name);
        assertThatThrownBy(() -> Cursors.decode(Cursors.encode(W, bySize, size), W, byName))
                .isInstanceOf(InvalidArgumentException.class);
        TrashQuery two = TrashQuery.all().types(Set.of("b", "a"));
        assertThat(Cursors.decode(Cursors.encode(W, two, AT), W, TrashQuery.all().types(Set.of("a", "b")))).isEqualTo(AT);
    }

    @Test
    @DisplayName("R41 R38 a cursor made for another workspace, order, type or other filter is refused, without saying what it was made for")
    void boundToItsListing() {
        String cursor = Cursors.encode(W, NEWEST.type("project"), AT);
        for (Object[] other : new Object[][] {{WorkspaceId.of("w2"), NEWEST.type("project")}, {W, OLDEST.type("project")},
                {W, NEWEST}, {W, NEWEST.type("model")}, {W, NEWEST.types(Set.of("project", "model"))},
                {WorkspaceId.of("W"), NEWEST.type("project")}, {WorkspaceId.of("w "), NEWEST.type("project")},
                {W, NEWEST.type("project").nameContains("x")}, {W, NEWEST.type("project").deletedBy(dev.trash.ActorId.of("a"))},
                {W, NEWEST.type("project").deletedBetween(Instant.EPOCH, Instant.EPOCH.plusSeconds(1))},
                {W, NEWEST.type("project").expiresBefore(Instant.EPOCH)},
                {W, NEWEST.type("project").order(SortOrder.EXPIRING_FIRST)}}) {
            assertThatThrownBy(() -> Cursors.decode(cursor, (WorkspaceId) other[0], (TrashQuery) other[1]))
                    .as("%s %s", other[0], other[1])
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cursor")
                    .hasMessageContaining("not made for this listing").hasMessageNotContaining("project");
        }
    }

    @Test
    @DisplayName("R23 malformed cursors are refused with a clear error")
    void malformed() {
        String real = new String(Base64.getUrlDecoder().decode(Cursors.encode(W, NEWEST, AT)), StandardCharsets.UTF_8);
        String binding = real.split(":")[1];
        for (String bad : new String[] {"%%%", "bm9wZQ", b64("v1:NEWEST_FIRST:abc:" + AT.id()),
                b64("v2:" + binding + ":12:" + AT.id()), b64("v3:" + binding + ":Iabc:" + AT.id()),
                b64("v3:" + binding + ":I12:not-a-uuid"), b64("v3:" + binding + ":I12"),
                b64("v3:" + binding + ":I999999999999999999:" + AT.id()), b64("v3:" + binding + ":12:" + AT.id()),
                b64("v3:" + binding + ":L12:" + AT.id()), b64("v3:" + binding + ":S%%:" + AT.id()),
                b64("v3:" + binding + "::" + AT.id())}) {
            assertThatThrownBy(() -> Cursors.decode(bad, W, NEWEST))
                    .as(bad).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cursor")
                    .hasMessageContaining("malformed");
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.trash.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.InvalidArgumentException;
import dev.trash.SortOrder;
import dev.trash.TrashItemId;
import dev.trash.spi.Keyset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Listing cursors: opaque, exact to the microsecond, bound to their order, and checked. */
class CursorsTest {
    private static final Keyset AT = new Keyset(Instant.parse("2026-03-01T10:15:30.123456Z"), TrashItemId.random());

    @Test
    @DisplayName("R6 a cursor gives back the exact keyset it was made from")
    void roundTrip() {
        String cursor = Cursors.encode(SortOrder.NEWEST_FIRST, AT);
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(Cursors.decode(cursor, SortOrder.NEWEST_FIRST)).isEqualTo(AT);
        Keyset early = new Keyset(Instant.parse("1969-12-31T23:59:59.999999Z"), AT.id());
        assertThat(Cursors.decode(Cursors.encode(SortOrder.OLDEST_FIRST, early), SortOrder.OLDEST_FIRST)).isEqualTo(early);
    }

    @Test
    @DisplayName("R23 malformed cursors and cursors of another order are refused with a clear error")
    void malformed() {
        String other = Cursors.encode(SortOrder.OLDEST_FIRST, AT);
        assertThatThrownBy(() -> Cursors.decode(other, SortOrder.NEWEST_FIRST))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("order OLDEST_FIRST");
        for (String bad : new String[] {"%%%", "bm9wZQ", b64("v1:NEWEST_FIRST:abc:" + AT.id()),
                b64("v1:NEWEST_FIRST:12:not-a-uuid"), b64("v2:NEWEST_FIRST:12:" + AT.id()), b64("v1:NEWEST_FIRST:12")}) {
            assertThatThrownBy(() -> Cursors.decode(bad, SortOrder.NEWEST_FIRST))
                    .as(bad).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cursor")
                    .hasMessageContaining("malformed");
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

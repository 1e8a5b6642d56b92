package dev.trash.internal;

import dev.trash.InvalidArgumentException;
import dev.trash.SortOrder;
import dev.trash.TrashItemId;
import dev.trash.spi.Keyset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Encodes and decodes the opaque keyset cursors of Trash listings: {@code v1:<order>:<epoch micros>:<uuid>}
 * in URL-safe Base64. A cursor is bound to the order it was made for. Stateless and thread-safe.
 */
final class Cursors {
    private static final String HINT = "; pass the nextCursor of a previous page unchanged, or no cursor for the first page";

    /** Cursor times are limited to the years 1 to 9999, which every database can hold. */
    private static final long MIN_MICROS = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    private static final long MAX_MICROS = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() * 1_000_000L + 999_999L;

    private Cursors() {
    }

    static String encode(SortOrder order, Keyset keyset) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, keyset.deletedAt());
        String text = "v1:" + order.name() + ":" + micros + ":" + keyset.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Keyset decode(String cursor, SortOrder order) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(cursor, "not Base64");
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 4 || !parts[0].equals("v1")) {
            throw malformed(cursor, "unknown format");
        }
        if (!parts[1].equals(order.name())) {
            throw new InvalidArgumentException("cursor was made for order " + parts[1] + " but the query asks for "
                    + order + HINT);
        }
        try {
            long micros = Long.parseLong(parts[2]);
            if (micros < MIN_MICROS || micros > MAX_MICROS) {
                throw malformed(cursor, "position out of range");
            }
            return new Keyset(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), new TrashItemId(UUID.fromString(parts[3])));
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw malformed(cursor, "bad position");
        }
    }

    private static InvalidArgumentException malformed(String cursor, String why) {
        String shown = cursor.length() <= 64 ? cursor : cursor.substring(0, 64) + "...";
        return new InvalidArgumentException("cursor '" + shown + "' is malformed (" + why + ")" + HINT);
    }
}

package dev.trash.internal;

import dev.trash.InvalidArgumentException;
import dev.trash.TrashItemId;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import dev.trash.spi.Keyset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Encodes and decodes the opaque keyset cursors of Trash listings (SPEC R6, R41):
 * {@code v2:<binding>:<epoch micros>:<uuid>} in URL-safe Base64, where the binding is a digest of
 * the workspace, the order and the filters the cursor was made for. A cursor used with another
 * workspace, order or filter is refused exactly like a malformed one, and says nothing about what
 * it was made for. Stateless and thread-safe.
 */
final class Cursors {
    private static final String HINT = "; pass the nextCursor of a previous page of the same listing unchanged, "
            + "or no cursor for the first page";

    /** Cursor times are limited to the years 1 to 9999, which every database can hold. */
    private static final long MIN_MICROS = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    private static final long MAX_MICROS = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() * 1_000_000L + 999_999L;

    private Cursors() {
    }

    static String encode(WorkspaceId workspace, TrashQuery query, Keyset keyset) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, keyset.deletedAt());
        String text = "v2:" + binding(workspace, query) + ":" + micros + ":" + keyset.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return the position {@code cursor} continues after
     * @throws InvalidArgumentException if it is malformed, or was made for another workspace, order or filter
     */
    static Keyset decode(String cursor, WorkspaceId workspace, TrashQuery query) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(cursor, "not Base64");
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 4 || !parts[0].equals("v2")) {
            throw malformed(cursor, "unknown format");
        }
        if (!MessageDigest.isEqual(parts[1].getBytes(StandardCharsets.UTF_8),
                binding(workspace, query).getBytes(StandardCharsets.UTF_8))) {
            throw new InvalidArgumentException("cursor '" + shown(cursor) + "' was not made for this listing "
                    + "(its workspace, order and filters)" + HINT);
        }
        long micros;
        TrashItemId id;
        try {
            micros = Long.parseLong(parts[2]);
            id = TrashItemId.parse(parts[3]);
        } catch (NumberFormatException | InvalidArgumentException e) {
            throw malformed(cursor, "bad position");
        }
        if (micros < MIN_MICROS || micros > MAX_MICROS) {
            throw malformed(cursor, "position out of range");
        }
        return new Keyset(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
    }

    /** @return 16 hex digits of SHA-256 over what the listing is: workspace, order, filters (not the limit) */
    private static String binding(WorkspaceId workspace, TrashQuery query) {
        String what = workspace.value() + "\u0000" + query.order() + "\u0000" + String.join("\u0000", new java.util.TreeSet<>(query.types()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String shown(String cursor) {
        return Check.shown(cursor);
    }

    private static InvalidArgumentException malformed(String cursor, String why) {
        return new InvalidArgumentException("cursor '" + shown(cursor) + "' is malformed (" + why + ")" + HINT);
    }
}

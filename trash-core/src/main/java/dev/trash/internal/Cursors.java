package dev.trash.internal;

import dev.trash.InvalidArgumentException;
import dev.trash.SortOrder;
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
 * {@code v3:<binding>:<sort value>:<uuid>} in URL-safe Base64, where the binding is a digest of
 * the workspace, the order and the filters the cursor was made for (SPEC R38), and the sort value
 * is typed by the order ({@code I} epoch micros, {@code L} a size, {@code S} a Base64 name). A cursor used with another
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
        String text = "v3:" + binding(workspace, query) + ":" + value(keyset.value()) + ":" + keyset.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** An instant as {@code I<epoch micros>}, a size as {@code L<n>}, a name as {@code S<URL-safe Base64 of UTF-8>}. */
    private static String value(Comparable<?> value) {
        if (value instanceof Instant at) {
            return "I" + ChronoUnit.MICROS.between(Instant.EPOCH, at);
        }
        if (value instanceof Long n) {
            return "L" + n;
        }
        return "S" + Base64.getUrlEncoder().withoutPadding().encodeToString(((String) value).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@return the position {@code cursor} continues after}
     *
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
        if (parts.length != 4 || !parts[0].equals("v3")) {
            throw malformed(cursor, "unknown format");
        }
        if (!MessageDigest.isEqual(parts[1].getBytes(StandardCharsets.UTF_8),
                binding(workspace, query).getBytes(StandardCharsets.UTF_8))) {
            throw new InvalidArgumentException("cursor '" + shown(cursor) + "' was not made for this listing "
                    + "(its workspace, order and filters)" + HINT);
        }
        Comparable<?> value;
        TrashItemId id;
        try {
            value = parse(parts[2], query.order().field());
            id = TrashItemId.parse(parts[3]);
        } catch (NumberFormatException | InvalidArgumentException e) {
            throw malformed(cursor, "bad position");
        }
        return new Keyset(value, id);
    }

    private static Comparable<?> parse(String value, SortOrder.SortField field) {
        char kind = value.isEmpty() ? '?' : value.charAt(0);
        String rest = value.isEmpty() ? "" : value.substring(1);
        switch (field) {
            case DELETED_AT, EXPIRES_AT -> {
                if (kind != 'I') {
                    throw new InvalidArgumentException("not a time");
                }
                long micros = Long.parseLong(rest);
                if (micros < MIN_MICROS || micros > MAX_MICROS) {
                    throw new InvalidArgumentException("time out of range");
                }
                return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            }
            case SIZE -> {
                if (kind != 'L') {
                    throw new InvalidArgumentException("not a size");
                }
                long n = Long.parseLong(rest);
                if (n < 0) {
                    throw new InvalidArgumentException("negative size");
                }
                return n;
            }
            default -> {
                if (kind != 'S') {
                    throw new InvalidArgumentException("not a name");
                }
                try {
                    String name = new String(Base64.getUrlDecoder().decode(rest), StandardCharsets.UTF_8);
                    Check.notNull(name, "name");
                    return name;
                } catch (IllegalArgumentException e) {
                    throw new InvalidArgumentException("bad name");
                }
            }
        }
    }

    /** {@return 16 hex digits of SHA-256 over what the listing is: workspace, order, filters (not the limit)} */
    private static String binding(WorkspaceId workspace, TrashQuery query) {
        StringBuilder what = new StringBuilder(workspace.value()).append('\u0000').append(query.order());
        what.append('\u0000').append(String.join("\u0001", new java.util.TreeSet<>(query.types())));
        what.append('\u0000').append(query.nameContains().map(n -> "n" + n).orElse("-"));
        what.append('\u0000').append(query.deletedBy().map(a -> "a" + a.value()).orElse("-"));
        what.append('\u0000').append(query.deletedFrom().map(Instant::toString).orElse("-"));
        what.append('\u0000').append(query.deletedBefore().map(Instant::toString).orElse("-"));
        what.append('\u0000').append(query.expiresBefore().map(Instant::toString).orElse("-"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(what.toString().getBytes(StandardCharsets.UTF_8));
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

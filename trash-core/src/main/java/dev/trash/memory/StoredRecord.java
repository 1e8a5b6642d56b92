package dev.trash.memory;

import dev.trash.ActorId;
import dev.trash.Hold;
import dev.trash.ParentInfo;
import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.Condition;
import dev.trash.spi.ItemField;
import dev.trash.spi.PurgeState;
import dev.trash.spi.TrashRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * A trash record as the in-memory store keeps it: one compact object per item, with the deletion
 * time and the expiry as epoch microseconds (the precision the library keeps) instead of two
 * {@link Instant}s, the purge state, hold and warning as plain nullable fields instead of
 * {@link Optional}s. {@link #record()} makes the {@link TrashRecord} the port returns, equal to the
 * one stored. An instant that is not a whole number of microseconds, or is too far from the epoch
 * for a {@code long} of them, is kept exactly as well (in {@link #exact}), so nothing is ever
 * rounded. The store tests conditions on it directly ({@link #matches}) for what the library's own
 * conditions use, so that scanning an index makes no garbage; any other condition is tested on
 * {@link #record()}. Immutable, so thread-safe.
 */
final class StoredRecord {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    /** Seconds from the epoch beyond which microseconds no longer fit a {@code long}. */
    private static final long MAX_SECONDS = Long.MAX_VALUE / MICROS_PER_SECOND - 1;

    final TrashItemId id;
    /** The id's halves, inline: the id index and the table by id compare them without following two references. */
    final long msb;
    final long lsb;
    final WorkspaceId workspace;
    final ResourceRef root;
    final String name;
    final Optional<String> slug;
    final Optional<ParentInfo> parent;
    final ActorId deletedBy;
    /** The purge state, or null while the item is in the Trash. */
    final PurgeState purge;
    /** The hold, or null. */
    final Hold hold;
    /** When the sweeper warned of the expiry, or null. */
    final Instant warnedAt;
    /** Null, or {deletedAt, expiresAt} when one of them does not fit {@link #deletedAt} / {@link #expiresAt} exactly. */
    private final Instant[] exact;
    /** Epoch microseconds (see {@link #exact}). */
    private final long deletedAt;
    /** Epoch microseconds (see {@link #exact}). */
    private final long expiresAt;
    final long sizeBytes;
    final long cascadedCount;

    private StoredRecord(TrashRecord r) {
        id = r.id();
        msb = id.value().getMostSignificantBits();
        lsb = id.value().getLeastSignificantBits();
        workspace = r.workspace();
        root = r.root();
        name = r.name();
        slug = r.slug();
        parent = r.parent();
        deletedBy = r.deletedBy();
        purge = r.purge().orElse(null);
        hold = r.hold().orElse(null);
        warnedAt = r.warnedAt().orElse(null);
        sizeBytes = r.sizeBytes();
        cascadedCount = r.cascadedCount();
        if (fits(r.deletedAt()) && fits(r.expiresAt())) {
            exact = null;
            deletedAt = micros(r.deletedAt());
            expiresAt = micros(r.expiresAt());
        } else {
            exact = new Instant[] {r.deletedAt(), r.expiresAt()};
            deletedAt = 0;
            expiresAt = 0;
        }
    }

    /** @return {@code r} as the store keeps it */
    static StoredRecord of(TrashRecord r) {
        return new StoredRecord(r);
    }

    /** @return the record, equal to the one stored */
    TrashRecord record() {
        return new TrashRecord(id, workspace, root, name, slug, parent, deletedAt(), deletedBy, expiresAt(), sizeBytes,
                cascadedCount, Optional.ofNullable(purge), Optional.ofNullable(hold), Optional.ofNullable(warnedAt));
    }

    /** @return when the item was deleted */
    Instant deletedAt() {
        return exact != null ? exact[0] : instant(deletedAt);
    }

    /** @return the item's expiry */
    Instant expiresAt() {
        return exact != null ? exact[1] : instant(expiresAt);
    }

    /** @return the due time ({@link ItemField#DUE_AT}): the purge state's availableAt once claimed, else the expiry */
    Instant due() {
        return purge != null ? purge.availableAt() : expiresAt();
    }

    /** @return the deletion time compared with {@code t} */
    int compareDeletedAt(Instant t) {
        return exact != null ? exact[0].compareTo(t) : compare(deletedAt, t);
    }

    /** @return the expiry compared with {@code t} */
    int compareExpiresAt(Instant t) {
        return exact != null ? exact[1].compareTo(t) : compare(expiresAt, t);
    }

    /** @return the due time compared with {@code t} */
    int compareDue(Instant t) {
        return purge != null ? purge.availableAt().compareTo(t) : compareExpiresAt(t);
    }

    /** @return the deletion times of two records compared */
    static int compareDeletedAt(StoredRecord a, StoredRecord b) {
        return a.exact == null && b.exact == null ? Long.compare(a.deletedAt, b.deletedAt) : a.compareDeletedAt(b.deletedAt());
    }

    /** @return the expiries of two records compared */
    static int compareExpiresAt(StoredRecord a, StoredRecord b) {
        return a.exact == null && b.exact == null ? Long.compare(a.expiresAt, b.expiresAt) : a.compareExpiresAt(b.expiresAt());
    }

    /** @return the due times of two records compared */
    static int compareDue(StoredRecord a, StoredRecord b) {
        if (b.purge != null) {
            return a.compareDue(b.purge.availableAt());
        }
        if (a.purge != null) {
            return -b.compareDue(a.purge.availableAt());
        }
        return compareExpiresAt(a, b);
    }

    /** @return the ids of two records compared as unsigned 128-bit numbers */
    static int compareIds(StoredRecord a, StoredRecord b) {
        return SortedRecords.compareIds(a.msb, a.lsb, b.msb, b.lsb);
    }

    /** @return whether this record satisfies {@code where}, exactly as {@link Condition#test} on {@link #record()} */
    boolean matches(Condition where) {
        if (where instanceof Condition.All all) {
            for (Condition part : all.parts()) {
                if (!matches(part)) {
                    return false;
                }
            }
            return true;
        }
        if (where instanceof Condition.Any any) {
            for (Condition part : any.parts()) {
                if (matches(part)) {
                    return true;
                }
            }
            return false;
        }
        if (where instanceof Condition.Null n) {
            return switch (n.field()) {
                case PURGE_OWNER, AVAILABLE_AT -> (purge == null) == n.isNull();
                case HELD_AT -> (hold == null) == n.isNull();
                case WARNED_AT -> (warnedAt == null) == n.isNull();
                default -> where.test(record());
            };
        }
        if (where instanceof Condition.Compare c && c.value() instanceof Instant t) {
            return switch (c.field()) {
                case EXPIRES_AT -> holds(c.op(), compareExpiresAt(t));
                case DELETED_AT -> holds(c.op(), compareDeletedAt(t));
                case DUE_AT -> holds(c.op(), compareDue(t));
                case AVAILABLE_AT -> purge != null && holds(c.op(), purge.availableAt().compareTo(t));
                case HELD_AT -> hold != null && holds(c.op(), hold.at().compareTo(t));
                case WARNED_AT -> warnedAt != null && holds(c.op(), warnedAt.compareTo(t));
                default -> where.test(record());
            };
        }
        if (where instanceof Condition.Compare c && c.field() == ItemField.PURGE_OWNER && c.value() instanceof String owner) {
            return purge != null && holds(c.op(), purge.owner().compareTo(owner));
        }
        return where.test(record());
    }

    private static boolean holds(Condition.Op op, int c) {
        return switch (op) {
            case EQ -> c == 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
        };
    }

    private static boolean fits(Instant t) {
        return t.getNano() % 1000 == 0 && Math.abs(t.getEpochSecond()) <= MAX_SECONDS;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * MICROS_PER_SECOND + t.getNano() / 1000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
    }

    /** @return epoch microseconds compared with {@code t}, without making an {@link Instant} */
    private static int compare(long micros, Instant t) {
        int c = Long.compare(Math.floorDiv(micros, MICROS_PER_SECOND), t.getEpochSecond());
        return c != 0 ? c : Integer.compare((int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000, t.getNano());
    }
}

package dev.trash.memory;

import dev.trash.TrashItemId;
import java.util.UUID;

/**
 * The in-memory store's records by id: an open-addressing hash table (linear probing) whose slots
 * are the records themselves, so that a record costs one reference or two here, where a
 * {@code HashMap} costs a 32-byte node. Not thread-safe: used under the backend's lock.
 */
final class RecordTable {
    private StoredRecord[] slots = new StoredRecord[16];
    private int size;

    /** @return how many records the table holds */
    int size() {
        return size;
    }

    /** @return the record with this id, or null */
    StoredRecord get(TrashItemId id) {
        UUID u = id.value();
        int mask = slots.length - 1;
        for (int i = slot(u, mask); ; i = (i + 1) & mask) {
            StoredRecord r = slots[i];
            if (r == null || r.id.value().equals(u)) {
                return r;
            }
        }
    }

    /** Puts {@code r} in place of the record with its id, if any. */
    void put(StoredRecord r) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        UUID u = r.id.value();
        int mask = slots.length - 1;
        int i = slot(u, mask);
        while (slots[i] != null && !slots[i].id.value().equals(u)) {
            i = (i + 1) & mask;
        }
        if (slots[i] == null) {
            size++;
        }
        slots[i] = r;
    }

    /** Removes the record with this id, if any (backward-shift deletion: no tombstones). */
    void remove(TrashItemId id) {
        UUID u = id.value();
        int mask = slots.length - 1;
        int i = slot(u, mask);
        while (slots[i] != null && !slots[i].id.value().equals(u)) {
            i = (i + 1) & mask;
        }
        if (slots[i] == null) {
            return;
        }
        size--;
        int hole = i;
        for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = slot(slots[j].id.value(), mask);
            // move j into the hole unless its home lies cyclically in (hole, j]
            if (hole <= j ? (home <= hole || home > j) : (home <= hole && home > j)) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = null;
    }

    private void grow() {
        StoredRecord[] old = slots;
        slots = new StoredRecord[old.length * 2];
        size = 0;
        for (StoredRecord r : old) {
            if (r != null) {
                put(r);
            }
        }
    }

    private static int slot(UUID id, int mask) {
        long h = id.getMostSignificantBits() ^ id.getLeastSignificantBits();
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }
}

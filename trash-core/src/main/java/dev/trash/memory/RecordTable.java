package dev.trash.memory;

import dev.trash.TrashItemId;

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
        return slots[find(id.value().getMostSignificantBits(), id.value().getLeastSignificantBits())];
    }

    /** Puts {@code r} in place of the record with its id, if any. */
    void put(StoredRecord r) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        int i = find(r.msb, r.lsb);
        if (slots[i] == null) {
            size++;
        }
        slots[i] = r;
    }

    /** Removes the record with this id, if any (backward-shift deletion: no tombstones). */
    void remove(TrashItemId id) {
        int hole = find(id.value().getMostSignificantBits(), id.value().getLeastSignificantBits());
        if (slots[hole] == null) {
            return;
        }
        size--;
        int mask = slots.length - 1;
        for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = slot(slots[j].msb, slots[j].lsb, mask);
            // move j into the hole unless its home lies cyclically in (hole, j]
            if (hole <= j ? (home <= hole || home > j) : (home <= hole && home > j)) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = null;
    }

    /** @return the slot of the record with this id, or the empty slot where it would go */
    private int find(long msb, long lsb) {
        int mask = slots.length - 1;
        int i = slot(msb, lsb, mask);
        while (slots[i] != null && (slots[i].msb != msb || slots[i].lsb != lsb)) {
            i = (i + 1) & mask;
        }
        return i;
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

    private static int slot(long msb, long lsb, int mask) {
        long h = msb ^ lsb;
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }
}

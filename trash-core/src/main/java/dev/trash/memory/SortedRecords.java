package dev.trash.memory;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * An index of the in-memory store: its {@link StoredRecord}s sorted by a key of (instant, id) or by id alone,
 * ids compared as unsigned 128-bit numbers. The records themselves are the entries (no key or
 * node object per record): they sit in sorted blocks of at most {@value #BLOCK} references, found
 * by a binary search over the blocks' last records, then within the block. A record costs about
 * four to six bytes here, where a {@code TreeMap} entry and its key cost 60 to 70; adding and
 * removing shift at most one block. Records that arrive in key order (deletion times, expiries)
 * fill the blocks completely. Not thread-safe: used under the backend's lock.
 */
final class SortedRecords {
    /** What a record is sorted by. */
    enum By {
        /** (deletedAt, id): the listing order. */
        DELETION,
        /** (due time, id): the sweeper's order; the due time is the purge state's availableAt, else the expiry. */
        DUE,
        /** id alone. */
        ID
    }

    /** The most records in a block. */
    static final int BLOCK = 512;

    private final By by;
    private StoredRecord[][] blocks = new StoredRecord[4][];
    private int[] sizes = new int[4];
    private int count;
    private int size;

    SortedRecords(By by) {
        this.by = by;
    }

    /** @return unsigned comparison of two ids given by their halves */
    static int compareIds(long aMsb, long aLsb, long bMsb, long bLsb) {
        int c = Long.compareUnsigned(aMsb, bMsb);
        return c != 0 ? c : Long.compareUnsigned(aLsb, bLsb);
    }

    /** @return how many records the index holds */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Compares {@code r}'s key with {@code probe}'s if there is a probe, else with (at, id); {@code at}
     * is ignored when sorting by id.
     */
    private int compare(StoredRecord r, StoredRecord probe, Instant at, long msb, long lsb) {
        if (probe != null) {
            int c = switch (by) {
                case DELETION -> StoredRecord.compareDeletedAt(r, probe);
                case DUE -> StoredRecord.compareDue(r, probe);
                case ID -> 0;
            };
            return c != 0 ? c : StoredRecord.compareIds(r, probe);
        }
        if (by != By.ID) {
            int c = by == By.DELETION ? r.compareDeletedAt(at) : r.compareDue(at);
            if (c != 0) {
                return c;
            }
        }
        return compareIds(r.msb, r.lsb, msb, lsb);
    }

    /**
     * @return the position of the first record whose key is greater than (at, id), or at least it if
     *     {@code inclusive}, packed as {@code block << 32 | offset}; {@code count << 32} if there is none
     */
    private long seek(StoredRecord probe, Instant at, long msb, long lsb, boolean inclusive) {
        int lo = 0;
        int hi = count - 1;
        int block = count;
        while (lo <= hi) { // the first block whose last record is past the key
            int mid = (lo + hi) >>> 1;
            int c = compare(blocks[mid][sizes[mid] - 1], probe, at, msb, lsb);
            if (c > 0 || (inclusive && c == 0)) {
                block = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        if (block == count) {
            return (long) count << 32;
        }
        StoredRecord[] b = blocks[block];
        lo = 0;
        hi = sizes[block] - 1;
        int offset = sizes[block];
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(b[mid], probe, at, msb, lsb);
            if (c > 0 || (inclusive && c == 0)) {
                offset = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return (long) block << 32 | offset;
    }

    private long seek(StoredRecord r, boolean inclusive) {
        return seek(r, null, 0, 0, inclusive);
    }

    /** Adds {@code r}; its key must not be in the index. */
    void add(StoredRecord r) {
        long pos = seek(r, false);
        int block = (int) (pos >>> 32);
        int offset = (int) pos;
        if (block == count) { // after every record: at the end of the last block
            if (count == 0 || sizes[count - 1] == BLOCK) {
                insertBlock(count, new StoredRecord[BLOCK]);
            }
            block = count - 1;
            offset = sizes[block];
        } else if (sizes[block] == BLOCK) { // split the full block in halves
            StoredRecord[] upper = new StoredRecord[BLOCK];
            int half = BLOCK / 2;
            System.arraycopy(blocks[block], half, upper, 0, BLOCK - half);
            Arrays.fill(blocks[block], half, BLOCK, null);
            sizes[block] = half;
            insertBlock(block + 1, upper);
            sizes[block + 1] = BLOCK - half;
            if (offset > half) {
                block++;
                offset -= half;
            }
        }
        StoredRecord[] b = blocks[block];
        System.arraycopy(b, offset, b, offset + 1, sizes[block] - offset);
        b[offset] = r;
        sizes[block]++;
        size++;
    }

    /** Removes the record with {@code r}'s key; returns whether there was one. */
    boolean remove(StoredRecord r) {
        long pos = find(r);
        if (pos < 0) {
            return false;
        }
        int block = (int) (pos >>> 32);
        int offset = (int) pos;
        StoredRecord[] b = blocks[block];
        int n = --sizes[block];
        System.arraycopy(b, offset + 1, b, offset, n - offset);
        b[n] = null;
        size--;
        if (n == 0) {
            removeBlock(block);
        } else if (block + 1 < count && n + sizes[block + 1] <= BLOCK / 2) { // merge small neighbours
            System.arraycopy(blocks[block + 1], 0, b, n, sizes[block + 1]);
            sizes[block] += sizes[block + 1];
            removeBlock(block + 1);
        }
        return true;
    }

    /** Puts {@code now} where the record with the same key stands; returns whether there was one. */
    boolean replace(StoredRecord now) {
        long pos = find(now);
        if (pos < 0) {
            return false;
        }
        blocks[(int) (pos >>> 32)][(int) pos] = now;
        return true;
    }

    /** @return the position of the record with {@code r}'s key, or -1 */
    private long find(StoredRecord r) {
        long pos = seek(r, true);
        int block = (int) (pos >>> 32);
        int offset = (int) pos;
        if (block == count || offset == sizes[block]) {
            return -1;
        }
        return compare(blocks[block][offset], r, null, 0, 0) == 0 ? pos : -1;
    }

    private void insertBlock(int at, StoredRecord[] block) {
        if (count == blocks.length) {
            blocks = Arrays.copyOf(blocks, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        System.arraycopy(blocks, at, blocks, at + 1, count - at);
        System.arraycopy(sizes, at, sizes, at + 1, count - at);
        blocks[at] = block;
        sizes[at] = 0;
        count++;
    }

    private void removeBlock(int at) {
        count--;
        System.arraycopy(blocks, at + 1, blocks, at, count - at);
        System.arraycopy(sizes, at + 1, sizes, at, count - at);
        blocks[count] = null;
        sizes[count] = 0;
    }

    /** @return a walk over every record, in ascending key order or descending */
    Walk walk(boolean ascending) {
        return ascending ? new Walk(0, 0, true) : new Walk(count - 1, count == 0 ? -1 : sizes[count - 1] - 1, false);
    }

    /**
     * @return a walk over the records strictly after (at, id) in the walk's direction: those with a
     *     greater key ascending, a smaller one descending
     */
    Walk walkAfter(Instant at, UUID id, boolean ascending) {
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        long pos = seek(null, at, msb, lsb, !ascending);
        int block = (int) (pos >>> 32);
        int offset = (int) pos;
        if (ascending) {
            return new Walk(block, offset, true);
        }
        // the record before the first one at or past the key
        if (offset > 0) {
            return new Walk(block, offset - 1, false);
        }
        return block == 0 ? new Walk(-1, -1, false) : new Walk(block - 1, sizes[block - 1] - 1, false);
    }

    /**
     * A walk over the index in one direction from a position; only valid while the index does not
     * change. Not thread-safe.
     */
    final class Walk {
        private int block;
        private int offset;
        private final boolean ascending;

        private Walk(int block, int offset, boolean ascending) {
            this.block = block;
            this.offset = offset;
            this.ascending = ascending;
        }

        /** @return the next record, or null at the end */
        StoredRecord next() {
            if (ascending) {
                if (block < count && offset >= sizes[block]) {
                    block++;
                    offset = 0;
                }
                return block < count ? blocks[block][offset++] : null;
            }
            if (block < 0) {
                return null;
            }
            StoredRecord r = blocks[block][offset--];
            if (offset < 0 && --block >= 0) {
                offset = sizes[block] - 1;
            }
            return r;
        }
    }
}

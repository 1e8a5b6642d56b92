package dev.trash.jdbi;

import dev.trash.spi.Marked;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * H2 2.x: no shared row lock ({@code FOR UPDATE} instead), no {@code ORDER BY} in limited locking
 * reads, three statements per cascade level, schema scripts run one at a time in the JVM (and re-run
 * when a run of another process collides).
 * Stateless (but for that one lock of the JVM) and thread-safe.
 */
final class H2Dialect extends Dialect {
    /** Serialization failure, deadlock, lock timeout, concurrent update. */
    private static final Set<String> CONFLICT = Set.of("40001", "40P01", "HYT00", "90131");

    @Override
    String folder() {
        return "h2";
    }

    /** H2 has no shared row lock. */
    @Override
    String shareLock() {
        return " FOR UPDATE";
    }

    /**
     * None: H2 2.5, given an {@code ORDER BY}, locks every row that matches before sorting (so one
     * sweeper would hold the whole backlog); without one it locks the rows as it reads them, in the
     * order of the index it scans, up to the limit.
     */
    @Override
    String limitedLockOrder(String orderBy) {
        return "";
    }

    /**
     * Three statements: the item's bytes on this level before, the {@code UPDATE} (its count is
     * exact), and the bytes after; the difference is what it marked. H2 has {@code FINAL TABLE (UPDATE …)},
     * but there H2 2.5 can overwrite a mark another transaction committed between the statement's
     * snapshot and its row lock (a model in one item and its weights in another, about once in 1,500
     * races: {@code JdbiCascadeRaceTest}); a plain {@code UPDATE} re-checks the row after the lock.
     */
    @Override
    Marked markChildren(Handle h, CascadeLevel level) {
        long bytesBefore = level.bindMatching(h.createQuery(level.markedBytes())).mapTo(Long.class).one();
        int count = level.bindMatching(h.createUpdate(level.update())).execute();
        if (count == 0) {
            return Marked.NONE;
        }
        return new Marked(count, level.bindMatching(h.createQuery(level.markedBytes())).mapTo(Long.class).one() - bytesBefore);
    }

    /**
     * Three statements, as for any level: the item's bytes in the table before, a {@code MERGE} of
     * the table with the recursive query as its source (its count is exact), and the bytes after.
     * Not {@code UPDATE … WHERE id IN (WITH RECURSIVE …)}: H2 2.5 caches an {@code IN} subquery's
     * result only while its tables are unchanged, so an {@code UPDATE} of the table it reads runs the
     * whole recursion again for every row (a 100-deep chain: half a second; 1,100 deep: minutes). The
     * {@code MERGE} reads its source once; the active-row condition is in its {@code ON}, which H2
     * checks again on each row after locking it, as an {@code UPDATE} checks its {@code WHERE} (a row
     * a concurrent delete marked meanwhile is left as that delete marked it).
     */
    @Override
    Marked markDescendants(Handle h, CascadeLevel level) {
        long bytesBefore = level.bindMatching(h.createQuery(level.markedBytes())).mapTo(Long.class).one();
        ResourceTable table = level.child();
        int count = level.bindMatching(h.createUpdate("MERGE INTO " + table.table() + " t USING (" + level.descendants()
                        + ") d ON t." + table.idColumn() + " = d.node_id AND " + level.activeInWorkspace()
                        + " WHEN MATCHED THEN UPDATE SET " + table.trashColumn() + " = :item"))
                .execute();
        if (count == 0) {
            return Marked.NONE;
        }
        return new Marked(count, level.bindMatching(h.createQuery(level.markedBytes())).mapTo(Long.class).one() - bytesBefore);
    }

    /**
     * False: the claim stays two statements, the locking read ({@code … LIMIT … FOR UPDATE SKIP
     * LOCKED}), then an {@code UPDATE} by key of the rows it locked. H2 has no {@code UPDATE …
     * RETURNING}; its one-statement form, {@code SELECT * FROM FINAL TABLE (UPDATE … WHERE id IN
     * (SELECT … LIMIT … FOR UPDATE SKIP LOCKED))}, which H2 2.5.252 accepts, is the data change delta
     * table of which {@link #markChildren} says that H2 2.5 can overwrite what another transaction
     * committed between the statement's snapshot and its row lock: two sweepers could then both claim
     * an item. H2 serves tests and demos; the round trip saved would be one inside the JVM.
     */
    @Override
    boolean claimsInOneStatement() {
        return false;
    }

    /** H2 2.5 checks a referential constraint for each row as the statement deletes it. */
    @Override
    boolean checksForeignKeysPerRow() {
        return true;
    }

    @Override
    String plusMicros(String column, String micros) {
        return "DATEADD(MICROSECOND, " + micros + ", " + column + ")";
    }

    @Override
    Set<String> conflictStates() {
        return CONFLICT;
    }

    /**
     * Serializes the schema runs of this JVM: H2's DDL run by two sessions at once fails in many ways
     * (an {@code ALTER TABLE} of one with a {@code CREATE} of the other: "object already exists",
     * lock timeouts on its {@code SYS} table, internal {@code NullPointerException}s), and an H2
     * database, in memory or in a file, is nearly always opened by one process only.
     */
    private static final Object SCHEMA_LOCK = new Object();

    /** None in the database: H2 has no advisory lock; {@link #runSchemaScripts} takes a lock of the JVM instead. */
    @Override
    void lockSchema(Handle h) {
    }

    /**
     * Runs the scripts in one transaction, one run at a time in this JVM; a run that collides with
     * one of another process (H2 in server mode) fails and is repeated ({@link #schemaAttempts()}).
     */
    @Override
    void runSchemaScripts(Handle h, List<String> scripts) {
        synchronized (SCHEMA_LOCK) {
            super.runSchemaScripts(h, scripts);
        }
    }

    /** An instance creating the same objects at this moment makes IF NOT EXISTS fail with "already exists". */
    @Override
    int schemaAttempts() {
        return 5;
    }
}

package dev.trash.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.jdbi.JdbiTrash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Benchmark {@code cascade} (issue item 1, issue 16): the cascade delete and the restore of one dataset with
 * 100,000 images and 100,000 annotations, in tables of over 1,000,000 images and 1,000,000
 * annotations (ten such datasets and a warm-up dataset a tenth the size; the quick scale a
 * hundredth), on the HOT-friendly schema ({@link BenchSchema#hotDdl}: no index on the children's
 * trash column, on PostgreSQL a {@linkplain BenchSchema#FILLFACTOR fillfactor} that leaves room for
 * HOT updates), by the library against the same updates hand-written as bulk SQL in one transaction
 * (on PostgreSQL one statement of {@code UPDATE … RETURNING} CTEs; on MariaDB, which has no
 * {@code UPDATE … RETURNING}, one {@code UPDATE} per table and an {@code INSERT … SELECT} of the item
 * that sums the marked rows), and against a per-row loop (select the children, then one
 * {@code UPDATE … WHERE id = ?} each, as an ORM's entity cascade does). Every side finds the
 * children through the parent column's index, as the schema has no other. On PostgreSQL the last
 * repetition also reports the share of HOT updates and the WAL of each side ({@link WriteStats}).
 * Last, an index on the children's trash column is added and the library timed again: the old
 * schema's cost, in the same run.
 *
 * <p>Fairness: the same server, tables and dataset for every side; {@code VACUUM ANALYZE} of the
 * tables before every timed operation (untimed; {@code ANALYZE TABLE} on MariaDB, whose InnoDB
 * purges old row versions in the background), so no side pays for the dead rows of another; the
 * library and the bulk SQL alternate which goes first in each repetition. Not thread-safe: one run
 * at a time.
 */
final class CascadeBenchmark implements Benchmark {
    private static final WorkspaceId WS = WorkspaceId.of("w1");
    private static final ActorId ACTOR = ActorId.of("bench");
    private static final int DATASETS = 10;
    /** The dataset deleted and restored; the others make up the rest of the tables. */
    private static final long TARGET = 5;
    /** A dataset a tenth the size, where the per-row loop warms up (a full warm-up would cost half a minute). */
    private static final long WARM_UP = DATASETS + 1;
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final long DATASET_SIZE = 1_000;

    @Override
    public String name() {
        return "cascade";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        int perType = context.scale().pick(100_000, 1_000);
        int warmups = 1;
        int reps = context.scale().pick(5, 3);
        int loopReps = 3;
        HikariDataSource pool = context.database().newPool("cascade", 2);
        JdbiTrash db = BenchSchema.create(BenchSchema.backend(pool), BenchSchema.hotDdl(context.database().database()));
        Jdbi jdbi = db.jdbi();
        BenchSql sql = context.database().sql();
        Clock clock = Clock.systemUTC();
        TrashManager trash = BenchSchema.manager(db, clock, target -> { });

        long start = System.nanoTime();
        long childBytes = seed(jdbi, sql, perType);
        context.progress(String.format(Locale.ROOT, "seeded %d datasets × %,d images + %,d annotations (and a warm-up"
                + " dataset a tenth the size) in %.1f s", DATASETS, perType, perType, (System.nanoTime() - start) / 1e9));
        Runnable vacuum = () -> vacuum(context, pool);
        vacuum.run();

        long children = 2L * perType;
        long expectedSize = DATASET_SIZE + childBytes;
        ResourceRef dataset = ResourceRef.of("dataset", Long.toString(TARGET));

        // The library and the hand-written bulk SQL, alternating which goes first.
        List<Double> libDelete = new ArrayList<>();
        List<Double> libRestore = new ArrayList<>();
        List<Double> bulkDelete = new ArrayList<>();
        List<Double> bulkRestore = new ArrayList<>();
        // PostgreSQL: the HOT share and the WAL of the last repetition's operations (read outside the timings)
        boolean postgres = !sql.mariadb();
        WriteStats[] writes = new WriteStats[5];
        for (int i = 0; i < warmups + reps; i++) {
            boolean measured = i >= warmups;
            boolean last = postgres && i == warmups + reps - 1;
            for (int side = 0; side < 2; side++) {
                boolean library = (side == 0) == (i % 2 == 0);
                if (library) {
                    TrashItem[] item = new TrashItem[1];
                    vacuum.run();
                    // the warm-up's delete is the first of the freshly seeded dataset, its rows side by side
                    boolean first = postgres && i == 0;
                    WriteStats.Mark mark = last || first ? WriteStats.before(pool, CHILD_TABLES) : null;
                    double d = Timer.once(() -> item[0] = trash.delete(WS, dataset, ACTOR));
                    if (last || first) {
                        writes[first ? 4 : 0] = WriteStats.after(pool, CHILD_TABLES, mark, children);
                    }
                    check("library delete", item[0].cascadedCount(), children, item[0].sizeBytes(), expectedSize);
                    vacuum.run();
                    mark = last ? WriteStats.before(pool, CHILD_TABLES) : null;
                    Restored[] restored = new Restored[1];
                    double r = Timer.once(() -> restored[0] = trash.restore(WS, item[0].id(), ACTOR));
                    if (last) {
                        writes[1] = WriteStats.after(pool, CHILD_TABLES, mark, children);
                    }
                    check("library restore", restored[0].restoredCount(), children + 1, expectedSize, expectedSize);
                    if (measured) {
                        libDelete.add(d);
                        libRestore.add(r);
                    }
                } else {
                    UUID item = UUID.randomUUID();
                    vacuum.run();
                    WriteStats.Mark mark = last ? WriteStats.before(pool, CHILD_TABLES) : null;
                    long[] moved = new long[2];
                    double d = Timer.once(() -> {
                        long[] m = sql.mariadb() ? bulkDeleteMariadb(jdbi, sql, item, clock.instant())
                                : bulkDelete(jdbi, item, clock.instant());
                        moved[0] = m[0];
                        moved[1] = m[1];
                    });
                    if (last) {
                        writes[2] = WriteStats.after(pool, CHILD_TABLES, mark, children);
                    }
                    check("bulk delete", moved[0], children, moved[1], expectedSize);
                    vacuum.run();
                    mark = last ? WriteStats.before(pool, CHILD_TABLES) : null;
                    long[] back = new long[1];
                    double r = Timer.once(() -> back[0] = sql.mariadb() ? bulkRestoreMariadb(jdbi, item)
                            : bulkRestore(jdbi, item));
                    if (last) {
                        writes[3] = WriteStats.after(pool, CHILD_TABLES, mark, children);
                    }
                    check("bulk restore", back[0], children + 1, expectedSize, expectedSize);
                    if (measured) {
                        bulkDelete.add(d);
                        bulkRestore.add(r);
                    }
                }
            }
            context.progress(String.format(Locale.ROOT, "%s: library delete %s, restore %s; bulk delete %s, restore %s",
                    measured ? "rep " + (i - warmups + 1) : "warm-up", last(libDelete, measured), last(libRestore, measured),
                    last(bulkDelete, measured), last(bulkRestore, measured)));
        }

        // The per-row loop: slow, so fewer repetitions, and its warm-up on the smaller dataset.
        List<Double> loopDelete = new ArrayList<>();
        List<Double> loopRestore = new ArrayList<>();
        for (int i = 0; i < warmups + loopReps; i++) {
            boolean measured = i >= warmups;
            long target = measured ? TARGET : WARM_UP;
            long expectedCount = measured ? children : 2L * (perType / 10);
            UUID item = UUID.randomUUID();
            vacuum.run();
            long[] moved = new long[2];
            double d = Timer.once(() -> {
                long[] m = perRowDelete(pool, sql, target, item, clock.instant());
                moved[0] = m[0];
                moved[1] = m[1];
            });
            if (measured) {
                check("per-row delete", moved[0], children, moved[1], expectedSize);
            }
            vacuum.run();
            long[] back = new long[1];
            double r = Timer.once(() -> back[0] = perRowRestore(pool, target, item));
            check("per-row restore", back[0], expectedCount + 1, moved[1], moved[1]);
            if (measured) {
                loopDelete.add(d);
                loopRestore.add(r);
            }
            context.progress(String.format(Locale.ROOT, "per-row %s: delete %s, restore %s",
                    measured ? "rep " + (i - warmups + 1) : "warm-up (" + String.format(Locale.ROOT, "%,d", expectedCount)
                            + " children)", Stats.format(d), Stats.format(r)));
        }

        long tableRows = (long) DATASETS * perType + perType / 10;
        String rows = String.format(Locale.ROOT, "1 dataset + %,d images + %,d annotations (tables of %,d + %,d)",
                perType, perType, tableRows, tableRows);
        String schema = postgres ? "HOT-friendly schema, fillfactor " + BenchSchema.FILLFACTOR : "no trash-column index";
        List<Result> results = new ArrayList<>(List.of(
                Result.ratio("cascade delete (" + schema + "): library vs hand-written bulk SQL", rows, new Stats(libDelete),
                        new Stats(bulkDelete), 1.0),
                Result.ratio("cascade restore (" + schema + "): library vs hand-written bulk SQL", rows, new Stats(libRestore),
                        new Stats(bulkRestore), 1.0),
                Result.speedup("cascade delete (" + schema + "): library vs per-row loop (ORM cascade)", rows, new Stats(libDelete),
                        new Stats(loopDelete), 10),
                Result.speedup("cascade restore (" + schema + "): library vs per-row loop (ORM cascade)", rows,
                        new Stats(libRestore), new Stats(loopRestore), 10)));
        if (postgres) {
            results.add(Result.reported("cascade (" + schema + "): HOT share and WAL of the images' and annotations' updates"
                    + " (last repetition; the first delete of the freshly seeded rows)", rows, "library delete "
                    + writes[0].describe() + "; restore " + writes[1].describe()
                    + "; bulk SQL delete " + writes[2].describe() + "; restore " + writes[3].describe()
                    + "; first library delete " + writes[4].describe()));
        }

        // The library on the old schema (an index on each child table's trash column, which makes no update HOT):
        // what the HOT-friendly one saves. Last, as it changes the tables.
        h(jdbi, List.of("CREATE INDEX images_trash ON images (trash_item)",
                "CREATE INDEX annotations_trash ON annotations (trash_item)"));
        List<Double> oldDelete = new ArrayList<>();
        List<Double> oldRestore = new ArrayList<>();
        WriteStats[] oldWrites = new WriteStats[2];
        int indexedReps = 2;
        for (int i = 0; i < indexedReps; i++) {
            boolean last = postgres && i == indexedReps - 1;
            TrashItem[] item = new TrashItem[1];
            vacuum.run();
            WriteStats.Mark mark = last ? WriteStats.before(pool, CHILD_TABLES) : null;
            oldDelete.add(Timer.once(() -> item[0] = trash.delete(WS, dataset, ACTOR)));
            if (last) {
                oldWrites[0] = WriteStats.after(pool, CHILD_TABLES, mark, children);
            }
            check("library delete (indexed)", item[0].cascadedCount(), children, item[0].sizeBytes(), expectedSize);
            vacuum.run();
            mark = last ? WriteStats.before(pool, CHILD_TABLES) : null;
            Restored[] restored = new Restored[1];
            oldRestore.add(Timer.once(() -> restored[0] = trash.restore(WS, item[0].id(), ACTOR)));
            if (last) {
                oldWrites[1] = WriteStats.after(pool, CHILD_TABLES, mark, children);
            }
            check("library restore (indexed)", restored[0].restoredCount(), children + 1, expectedSize, expectedSize);
            context.progress(String.format(Locale.ROOT, "indexed schema rep %d: library delete %s, restore %s", i + 1,
                    Stats.format(oldDelete.get(i)), Stats.format(oldRestore.get(i))));
        }
        String indexed = "the same tables plus an index on trash_item";
        results.add(new Result("cascade delete: library, " + schema + " vs " + indexed, rows,
                Optional.of(new Stats(libDelete)), Optional.of(new Stats(oldDelete)), Optional.empty(), "report",
                Optional.empty()));
        results.add(new Result("cascade restore: library, " + schema + " vs " + indexed, rows,
                Optional.of(new Stats(libRestore)), Optional.of(new Stats(oldRestore)), Optional.empty(), "report",
                Optional.empty()));
        if (postgres) {
            results.add(Result.reported("cascade (" + indexed + "): HOT share and WAL of the images' and annotations'"
                    + " updates (last repetition)", rows, "library delete " + oldWrites[0].describe() + "; restore "
                    + oldWrites[1].describe()));
        }
        return results;
    }

    private static final List<String> CHILD_TABLES = List.of("images", "annotations");

    private static void h(Jdbi jdbi, List<String> statements) {
        jdbi.useHandle(h -> statements.forEach(h::execute));
    }

    private static String last(List<Double> samples, boolean measured) {
        return measured ? Stats.format(samples.get(samples.size() - 1)) : "-";
    }

    /** Seeds the host tables; @return the bytes of the target dataset's children. */
    private static long seed(Jdbi jdbi, BenchSql sql, int perType) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO datasets (id, workspace_id, name, slug, size_bytes) SELECT d, 'w1', "
                            + "'Dataset ' || d, 'dataset-' || d, :size FROM " + sql.series(1, DATASETS + 1, "s", "d"))
                    .bind("size", DATASET_SIZE).execute();
            for (String table : List.of("images", "annotations")) {
                long base = table.equals("images") ? 100_000 : 1_000;
                long n = (long) DATASETS * perType;
                h.createUpdate("INSERT INTO " + table + " (id, workspace_id, dataset_id, name, size_bytes) SELECT g, 'w1', "
                                + sql.div("g - 1", ":per") + " + 1, '" + table + " ' || g, :base + g % 1000 FROM "
                                + sql.series(1, n, "s", "g"))
                        .bind("per", perType).bind("base", base).execute();
                h.createUpdate("INSERT INTO " + table + " (id, workspace_id, dataset_id, name, size_bytes) SELECT g, 'w1', "
                                + ":d, '" + table + " ' || g, :base + g % 1000 FROM "
                                + sql.series(n + 1, n + perType / 10, "s", "g"))
                        .bind("d", WARM_UP).bind("base", base).execute();
            }
            return h.createQuery("SELECT (SELECT SUM(size_bytes) FROM images WHERE dataset_id = :d)"
                            + " + (SELECT SUM(size_bytes) FROM annotations WHERE dataset_id = :d)")
                    .bind("d", TARGET).mapTo(Long.class).one();
        });
    }

    private static void vacuum(BenchContext context, HikariDataSource pool) {
        try {
            context.database().analyze(pool, List.of("datasets", "images", "annotations", "trash_item"));
        } catch (SQLException e) {
            throw new IllegalStateException("VACUUM failed: " + e.getMessage(), e);
        }
    }

    private static void check(String what, long count, long expectedCount, long size, long expectedSize) {
        if (count != expectedCount || size != expectedSize) {
            throw new AssertionError(what + " moved " + count + " rows of " + size + " bytes; expected " + expectedCount
                    + " rows of " + expectedSize + " bytes");
        }
    }

    /**
     * The hand-written bulk delete: one statement (in one transaction) marks the dataset, its images
     * and annotations with a new item id and inserts the item with the count and bytes of its children.
     *
     * @return the children marked and the item's bytes
     */
    private static long[] bulkDelete(Jdbi jdbi, UUID item, Instant now) {
        return jdbi.inTransaction(h -> h.createQuery("""
                        WITH d AS (UPDATE datasets SET trash_item = :item
                                   WHERE id = :id AND workspace_id = :ws AND trash_item IS NULL
                                   RETURNING id, name, slug, size_bytes),
                             i AS (UPDATE images SET trash_item = :item
                                   WHERE dataset_id = (SELECT id FROM d) AND trash_item IS NULL RETURNING size_bytes),
                             a AS (UPDATE annotations SET trash_item = :item
                                   WHERE dataset_id = (SELECT id FROM d) AND trash_item IS NULL RETURNING size_bytes),
                             c AS (SELECT (SELECT COUNT(*) FROM i) + (SELECT COUNT(*) FROM a) AS n,
                                          (SELECT COALESCE(SUM(size_bytes), 0) FROM i)
                                        + (SELECT COALESCE(SUM(size_bytes), 0) FROM a) AS b)
                        INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, deleted_at, deleted_by,
                            expires_at, size_bytes, cascaded_count, due_at)
                        SELECT :item, :ws, 'dataset', d.id::text, d.name, d.slug, :now, :actor, :expires,
                               d.size_bytes + c.b, c.n, :expires FROM d, c
                        RETURNING cascaded_count, size_bytes""")
                .bind("item", item)
                .bind("id", TARGET)
                .bind("ws", WS.value())
                .bind("actor", ACTOR.value())
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("expires", now.plus(RETENTION).atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .findOne()
                .orElseThrow(() -> new IllegalStateException("the dataset is not active")));
    }

    /**
     * The hand-written bulk delete on MariaDB, which has no {@code UPDATE … RETURNING}: in one
     * transaction, one {@code UPDATE} per table (their counts are the rows marked), then the item,
     * inserted from the dataset's row with the bytes of the rows now marked (summed through the parent
     * column's index).
     *
     * @return the children marked and the item's bytes
     */
    private static long[] bulkDeleteMariadb(Jdbi jdbi, BenchSql sql, UUID item, Instant now) {
        return jdbi.inTransaction(h -> {
            int root = h.createUpdate("UPDATE datasets SET trash_item = :item WHERE id = :id AND workspace_id = :ws"
                            + " AND trash_item IS NULL")
                    .bind("item", item.toString()).bind("id", TARGET).bind("ws", WS.value()).execute();
            if (root != 1) {
                throw new IllegalStateException("the dataset is not active");
            }
            long children = 0;
            for (String table : List.of("images", "annotations")) {
                children += h.createUpdate("UPDATE " + table + " SET trash_item = :item WHERE dataset_id = :id"
                                + " AND trash_item IS NULL")
                        .bind("item", item.toString()).bind("id", TARGET).execute();
            }
            h.createUpdate("""
                            INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, deleted_at, deleted_by,
                                expires_at, size_bytes, cascaded_count, due_at)
                            SELECT :item, :ws, 'dataset', CAST(d.id AS CHAR), d.name, d.slug, :now, :actor, :expires,
                                   d.size_bytes + (SELECT COALESCE(SUM(size_bytes), 0) FROM images
                                                   WHERE dataset_id = :id AND trash_item = :item)
                                   + (SELECT COALESCE(SUM(size_bytes), 0) FROM annotations
                                      WHERE dataset_id = :id AND trash_item = :item),
                                   :count, :expires
                            FROM datasets d WHERE d.id = :id""")
                    .bind("item", item.toString())
                    .bind("id", TARGET)
                    .bind("ws", WS.value())
                    .bind("actor", ACTOR.value())
                    .bind("now", sql.time(now))
                    .bind("expires", sql.time(now.plus(RETENTION)))
                    .bind("count", children)
                    .execute();
            long bytes = h.createQuery("SELECT size_bytes FROM trash_item WHERE workspace = :ws AND id = :item")
                    .bind("ws", WS.value()).bind("item", item.toString()).mapTo(Long.class).one();
            return new long[] {children, bytes};
        });
    }

    /**
     * The hand-written bulk restore on MariaDB: in one transaction, deletes the item and clears its id
     * from the dataset, images and annotations (one statement each, through the dataset's key and the
     * parent column's index).
     *
     * @return the rows brought back
     */
    private static long bulkRestoreMariadb(Jdbi jdbi, UUID item) {
        return jdbi.inTransaction(h -> {
            if (h.createUpdate("DELETE FROM trash_item WHERE id = :item AND workspace = :ws")
                    .bind("item", item.toString()).bind("ws", WS.value()).execute() != 1) {
                throw new IllegalStateException("the item is not in the Trash");
            }
            long rows = 0;
            for (String table : List.of("datasets", "images", "annotations")) {
                rows += h.createUpdate("UPDATE " + table + " SET trash_item = NULL WHERE "
                                + (table.equals("datasets") ? "id" : "dataset_id") + " = :id AND trash_item = :item")
                        .bind("item", item.toString()).bind("id", TARGET).execute();
            }
            return rows;
        });
    }

    /**
     * The hand-written bulk restore: in one transaction, deletes the item and clears its id from the
     * dataset (by its key) and from its images and annotations (through the parent column's index: the
     * schema has none on their trash column), in one statement.
     *
     * @return the rows brought back
     */
    private static long bulkRestore(Jdbi jdbi, UUID item) {
        return jdbi.inTransaction(h -> h.createQuery("""
                        WITH t AS (DELETE FROM trash_item WHERE id = :item AND workspace = :ws
                                   RETURNING id, root_id::bigint AS root),
                             d AS (UPDATE datasets SET trash_item = NULL
                                   WHERE id = (SELECT root FROM t) AND trash_item = (SELECT id FROM t) RETURNING 1),
                             i AS (UPDATE images SET trash_item = NULL
                                   WHERE dataset_id = (SELECT root FROM t) AND trash_item = (SELECT id FROM t) RETURNING 1),
                             a AS (UPDATE annotations SET trash_item = NULL
                                   WHERE dataset_id = (SELECT root FROM t) AND trash_item = (SELECT id FROM t) RETURNING 1)
                        SELECT (SELECT COUNT(*) FROM d) + (SELECT COUNT(*) FROM i) + (SELECT COUNT(*) FROM a)""")
                .bind("item", item)
                .bind("ws", WS.value())
                .mapTo(Long.class)
                .one());
    }

    /**
     * The per-row delete, as an ORM's entity cascade does it in one transaction: mark the dataset,
     * load its children's ids and sizes, update each child by its id (one statement each), insert the item.
     *
     * @return the children marked and the item's bytes
     */
    private static long[] perRowDelete(HikariDataSource pool, BenchSql sql, long dataset, UUID item, Instant now)
            throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                long rootSize = sql.mariadb() ? markRootMariadb(c, dataset, item) : markRoot(c, dataset, item);
                long count = 0;
                long bytes = 0;
                for (String table : List.of("images", "annotations")) {
                    List<Long> ids = new ArrayList<>();
                    try (PreparedStatement s = c.prepareStatement("SELECT id, size_bytes FROM " + table
                            + " WHERE dataset_id = ? AND trash_item IS NULL")) {
                        s.setLong(1, dataset);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                ids.add(rs.getLong(1));
                                bytes += rs.getLong(2);
                            }
                        }
                    }
                    try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET trash_item = ? WHERE id = ?")) {
                        for (long id : ids) {
                            s.setObject(1, item);
                            s.setLong(2, id);
                            count += s.executeUpdate();
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO trash_item (id, workspace, root_type, root_id,"
                        + " name, slug, deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, due_at)"
                        + " SELECT ?, ?, 'dataset', " + sql.text("id") + ", name, slug, ?, ?, ?, ?, ?, ? FROM datasets"
                        + " WHERE id = ?")) {
                    s.setObject(1, item);
                    s.setString(2, WS.value());
                    s.setObject(3, sql.time(now));
                    s.setString(4, ACTOR.value());
                    s.setObject(5, sql.time(now.plus(RETENTION)));
                    s.setLong(6, rootSize + bytes);
                    s.setLong(7, count);
                    s.setObject(8, sql.time(now.plus(RETENTION)));
                    s.setLong(9, dataset);
                    s.executeUpdate();
                }
                c.commit();
                return new long[] {count, rootSize + bytes};
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Marks the dataset; @return its own size (PostgreSQL: {@code UPDATE … RETURNING}) */
    private static long markRoot(Connection c, long dataset, UUID item) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE datasets SET trash_item = ? WHERE id = ?"
                + " AND workspace_id = ? AND trash_item IS NULL RETURNING size_bytes")) {
            s.setObject(1, item);
            s.setLong(2, dataset);
            s.setString(3, WS.value());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the dataset is not active");
                }
                return rs.getLong(1);
            }
        }
    }

    /** Marks the dataset; @return its own size (MariaDB: read under a lock, then update) */
    private static long markRootMariadb(Connection c, long dataset, UUID item) throws SQLException {
        long size;
        try (PreparedStatement s = c.prepareStatement("SELECT size_bytes FROM datasets WHERE id = ? AND workspace_id = ?"
                + " AND trash_item IS NULL FOR UPDATE")) {
            s.setLong(1, dataset);
            s.setString(2, WS.value());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the dataset is not active");
                }
                size = rs.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE datasets SET trash_item = ? WHERE id = ?")) {
            s.setObject(1, item);
            s.setLong(2, dataset);
            s.executeUpdate();
        }
        return size;
    }

    /**
     * The per-row restore, as an ORM does it in one transaction: delete the item, then load the ids
     * of the rows it marked (the dataset by its key, its children through the parent column: the
     * schema has no index on their trash column) and clear each by its id (one statement each).
     *
     * @return the rows brought back
     */
    private static long perRowRestore(HikariDataSource pool, long dataset, UUID item) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM trash_item WHERE id = ? AND workspace = ?")) {
                    s.setObject(1, item);
                    s.setString(2, WS.value());
                    if (s.executeUpdate() != 1) {
                        throw new IllegalStateException("the item is not in the Trash");
                    }
                }
                long count = 0;
                for (String table : List.of("datasets", "images", "annotations")) {
                    List<Long> ids = new ArrayList<>();
                    try (PreparedStatement s = c.prepareStatement("SELECT id FROM " + table + " WHERE "
                            + (table.equals("datasets") ? "id" : "dataset_id") + " = ? AND trash_item = ?")) {
                        s.setLong(1, dataset);
                        s.setObject(2, item);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                ids.add(rs.getLong(1));
                            }
                        }
                    }
                    try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET trash_item = NULL WHERE id = ?")) {
                        for (long id : ids) {
                            s.setLong(1, id);
                            count += s.executeUpdate();
                        }
                    }
                }
                c.commit();
                return count;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}

package dev.trash.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.jdbi.Database;
import dev.trash.jdbi.JdbiTrash;
import dev.trash.jdbi.KeyType;
import dev.trash.jdbi.ResourceTable;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Benchmark {@code nested} (SPEC R37): folders in folders, one self-referencing table. A folder
 * tree 100 levels deep with 100,000 folders below its root (1,000 chains of 100), in a table of ten
 * such trees (1,000,010 rows; the quick scale 10 deep and 10 wide), deleted and restored by the
 * library against the same work hand-written as recursive SQL in one transaction: a
 * {@code WITH RECURSIVE} walk down the parent column that marks the subtree and inserts the item
 * (PostgreSQL: one statement of CTEs; MariaDB: a multi-table {@code UPDATE} joined to the recursive
 * walk, then an {@code INSERT … SELECT} of the item); the restore clears the item's id (one
 * statement). Then the statements one delete and one restore issue for trees of depth 1, 10 and
 * 100 (10 folders per level), counted as {@link StatementsBenchmark} counts them: the goal is the
 * same count at every depth.
 *
 * <p>Fairness as in {@link CascadeBenchmark}: the same server, table and tree for both sides, the
 * tables vacuumed and analyzed before every timed operation (untimed), the sides alternating which
 * goes first. Not thread-safe: one run at a time.
 */
final class NestedBenchmark implements Benchmark {
    private static final WorkspaceId WS = WorkspaceId.of("w1");
    private static final ActorId ACTOR = ActorId.of("bench");
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final int TREES = 10;
    /** The tree deleted and restored (its root's id); the others make up the rest of the table. */
    private static final long TARGET = 5;

    /** The folders table on PostgreSQL: a top-level folder has no parent; slugs unique among active siblings. */
    static final List<String> DDL = List.of("""
            CREATE TABLE folders (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,
              parent_id BIGINT REFERENCES folders (id), name VARCHAR(255) NOT NULL, slug VARCHAR(255) NOT NULL,
              size_bytes BIGINT NOT NULL, trash_item UUID)""",
            "CREATE UNIQUE INDEX folders_slug ON folders (workspace_id, COALESCE(parent_id, 0), slug)"
                    + " WHERE trash_item IS NULL",
            "CREATE INDEX folders_trash ON folders (trash_item)",
            "CREATE INDEX folders_parent ON folders (parent_id)");

    /** The same table on MariaDB, by the README's recipe (generated columns lead the slug index). */
    static final List<String> MARIADB_DDL = List.of("""
            CREATE TABLE folders (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) COLLATE utf8mb4_bin NOT NULL,
              parent_id BIGINT, name VARCHAR(255) NOT NULL, slug VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL,
              trash_item UUID,
              active_slug VARCHAR(255) AS (CASE WHEN trash_item IS NULL THEN slug END) STORED,
              parent_key BIGINT AS (COALESCE(parent_id, 0)) STORED,
              UNIQUE INDEX folders_slug (active_slug, parent_key, workspace_id), INDEX folders_trash (trash_item),
              INDEX folders_parent (parent_id), FOREIGN KEY (parent_id) REFERENCES folders (id)
            ) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4""");

    /** @return the folder type: its own parent (SPEC R37) */
    static ResourceTable folders() {
        return ResourceTable.of("folder", "folders").id("id", KeyType.BIGINT).childOf("folder", "parent_id").slug("slug")
                .size("size_bytes");
    }

    @Override
    public String name() {
        return "nested";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        List<Result> results = new ArrayList<>(timings(context));
        results.addAll(statements(context));
        return results;
    }

    /** The shape of the seeded trees: each root has {@code width} chains of {@code depth} folders below it. */
    private record Shape(int trees, int depth, int width) {
        long below() {
            return (long) depth * width;
        }

        long rows() {
            return trees * (below() + 1);
        }

        /** @return the id of the folder at {@code level} (1 to depth) of chain {@code i} of tree {@code t}, in SQL */
        String id(String t, String level, String i) {
            return "(" + (trees + 1) + " + (" + t + ") * " + below() + " + ((" + level + ") - 1) * " + width + " + (" + i
                    + "))";
        }
    }

    private List<Result> timings(BenchContext context) throws Exception {
        Shape shape = new Shape(TREES, context.scale().pick(100, 10), context.scale().pick(1_000, 10));
        int warmups = 1;
        int reps = context.scale().pick(5, 3);
        HikariDataSource pool = context.database().newPool("nested", 2);
        BenchSql sql = context.database().sql();
        JdbiTrash db = create(pool, context.database().database());
        Jdbi jdbi = db.jdbi();
        Clock clock = Clock.systemUTC();
        TrashManager trash = TrashManager.builder().backend(db).clock(clock).purgeHook(target -> { }).build();

        double seedMs = Timer.once(() -> seed(jdbi, sql, shape));
        context.progress(String.format(Locale.ROOT, "seeded %d trees %d deep × %,d wide (%,d folders) in %.1f s",
                shape.trees(), shape.depth(), shape.width(), shape.rows(), seedMs / 1000));
        Runnable vacuum = () -> vacuum(context, pool);
        vacuum.run();
        long from = firstBelow(shape, TARGET);
        long expectedSize = jdbi.withHandle(h -> h.createQuery("SELECT SUM(size_bytes) FROM folders WHERE id = :root"
                        + " OR id BETWEEN :from AND :to")
                .bind("root", TARGET).bind("from", from).bind("to", from + shape.below() - 1).mapTo(Long.class).one());
        ResourceRef root = ResourceRef.of("folder", Long.toString(TARGET));

        List<Double> libDelete = new ArrayList<>();
        List<Double> libRestore = new ArrayList<>();
        List<Double> sqlDelete = new ArrayList<>();
        List<Double> sqlRestore = new ArrayList<>();
        for (int i = 0; i < warmups + reps; i++) {
            boolean measured = i >= warmups;
            for (int side = 0; side < 2; side++) {
                boolean library = (side == 0) == (i % 2 == 0);
                if (library) {
                    TrashItem[] item = new TrashItem[1];
                    vacuum.run();
                    double d = Timer.once(() -> item[0] = trash.delete(WS, root, ACTOR));
                    check("library delete", item[0].cascadedCount(), shape.below(), item[0].sizeBytes(), expectedSize);
                    vacuum.run();
                    Restored[] restored = new Restored[1];
                    double r = Timer.once(() -> restored[0] = trash.restore(WS, item[0].id(), ACTOR));
                    check("library restore", restored[0].restoredCount(), shape.below() + 1, expectedSize, expectedSize);
                    if (measured) {
                        libDelete.add(d);
                        libRestore.add(r);
                    }
                } else {
                    UUID item = UUID.randomUUID();
                    vacuum.run();
                    long[] moved = new long[2];
                    double d = Timer.once(() -> {
                        long[] m = sql.mariadb() ? recursiveDeleteMariadb(jdbi, item, clock.instant())
                                : recursiveDelete(jdbi, item, clock.instant());
                        moved[0] = m[0];
                        moved[1] = m[1];
                    });
                    check("recursive SQL delete", moved[0], shape.below(), moved[1], expectedSize);
                    vacuum.run();
                    long[] back = new long[1];
                    double r = Timer.once(() -> back[0] = sql.mariadb() ? restoreMariadb(jdbi, item) : restore(jdbi, item));
                    check("recursive SQL restore", back[0], shape.below() + 1, expectedSize, expectedSize);
                    if (measured) {
                        sqlDelete.add(d);
                        sqlRestore.add(r);
                    }
                }
            }
            context.progress(String.format(Locale.ROOT, "%s: library delete %s, restore %s; recursive SQL delete %s,"
                            + " restore %s", measured ? "rep " + (i - warmups + 1) : "warm-up", last(libDelete, measured),
                    last(libRestore, measured), last(sqlDelete, measured), last(sqlRestore, measured)));
        }
        String rows = String.format(Locale.ROOT, "1 folder + %,d below it, %d deep (table of %,d)", shape.below(),
                shape.depth(), shape.rows());
        return List.of(
                Result.ratio("nested cascade delete: library vs hand-written recursive SQL", rows, new Stats(libDelete),
                        new Stats(sqlDelete), 1.5),
                Result.ratio("nested cascade restore: library vs hand-written recursive SQL", rows, new Stats(libRestore),
                        new Stats(sqlRestore), 1.5));
    }

    private List<Result> statements(BenchContext context) throws Exception {
        List<Integer> depths = List.of(1, 10, 100);
        int width = 10;
        HikariDataSource pool = context.database().newPool("nested_statements", 2);
        BenchSql sql = context.database().sql();
        JdbiTrash db = create(pool, context.database().database());
        Jdbi jdbi = db.jdbi();
        TrashManager trash = TrashManager.builder().backend(db).clock(Clock.systemUTC()).purgeHook(target -> { }).build();
        // One tree per depth, each with its own ids: root d + 1, then its chains.
        jdbi.useTransaction(h -> {
            long next = depths.size() + 1;
            for (int d = 0; d < depths.size(); d++) {
                long rootId = d + 1;
                h.createUpdate("INSERT INTO folders (id, workspace_id, parent_id, name, slug, size_bytes)"
                        + " VALUES (:id, 'w1', NULL, 'Tree ' || :id, 'tree-' || :id, 100)").bind("id", rootId).execute();
                for (int level = 1; level <= depths.get(d); level++) {
                    String parent = level == 1 ? Long.toString(rootId) : "g - " + width;
                    h.createUpdate("INSERT INTO folders (id, workspace_id, parent_id, name, slug, size_bytes)"
                            + " SELECT g, 'w1', " + parent + ", 'Folder ' || g, 'folder-' || g, 100 FROM "
                            + sql.series(next, next + width - 1, "s", "g")).execute();
                    next += width;
                }
            }
        });
        context.database().analyze(pool, List.of("folders"));

        record Costs(List<String> delete, List<String> restore) {
        }
        List<Costs> costs = new ArrayList<>();
        StatementsBenchmark.Counter counter = new StatementsBenchmark.Counter();
        for (int d = 0; d < depths.size(); d++) {
            ResourceRef root = ResourceRef.of("folder", Integer.toString(d + 1));
            long below = (long) depths.get(d) * width;
            TrashItem[] item = new TrashItem[1];
            List<String> delete = counter.measure(jdbi, () -> item[0] = trash.delete(WS, root, ACTOR));
            Restored[] restored = new Restored[1];
            List<String> restore = counter.measure(jdbi, () -> restored[0] = trash.restore(WS, item[0].id(), ACTOR));
            if (item[0].cascadedCount() != below || restored[0].restoredCount() != below + 1) {
                throw new AssertionError("a tree " + depths.get(d) + " deep with " + below + " folders below its root:"
                        + " delete moved " + item[0].cascadedCount() + ", restore brought back "
                        + restored[0].restoredCount());
            }
            costs.add(new Costs(delete, restore));
            context.progress(String.format(Locale.ROOT, "depth %d (%,d folders below the root): delete %d statements,"
                    + " restore %d", depths.get(d), below, delete.size(), restore.size()));
        }
        Costs first = costs.get(0);
        context.progress("delete: " + String.join("; ", first.delete()));
        context.progress("restore: " + String.join("; ", first.restore()));
        List<Result> results = new ArrayList<>();
        for (int d = 0; d < depths.size(); d++) {
            Costs c = costs.get(d);
            boolean same = c.delete().size() == first.delete().size() && c.restore().size() == first.restore().size();
            boolean identical = c.delete().equals(first.delete()) && c.restore().equals(first.restore());
            results.add(Result.checked("statements per nested cascade delete / restore of a folder tree",
                    String.format(Locale.ROOT, "depth %d: 1 folder + %,d below it", depths.get(d),
                            (long) depths.get(d) * width),
                    c.delete().size() + " / " + c.restore().size() + " statements" + (identical ? "" : " (SQL differs)"),
                    "same for all depths", same));
        }
        return results;
    }

    /** Creates the library's table and the folders table; @return the backend over them */
    private static JdbiTrash create(DataSource pool, Database database) {
        JdbiTrash db = JdbiTrash.create(pool, folders()).createSchemaIfMissing();
        db.jdbi().useTransaction(h -> (database == Database.MARIADB ? MARIADB_DDL : DDL).forEach(h::execute));
        return db;
    }

    /** @return the id of the first folder below the root of tree {@code root} (roots are 1 to trees) */
    private static long firstBelow(Shape shape, long root) {
        return shape.trees() + 1 + (root - 1) * shape.below();
    }

    /** Seeds the trees level by level (parents before children, for MariaDB's per-row foreign key checks). */
    private static void seed(Jdbi jdbi, BenchSql sql, Shape shape) {
        jdbi.useTransaction(h -> {
            h.execute("INSERT INTO folders (id, workspace_id, parent_id, name, slug, size_bytes) SELECT t, 'w1', NULL,"
                    + " 'Tree ' || t, 'tree-' || t, 1000 FROM " + sql.series(1, shape.trees(), "s", "t"));
            for (int level = 1; level <= shape.depth(); level++) {
                String t = sql.div("g", Integer.toString(shape.width()));
                String i = "g % " + shape.width();
                String id = shape.id(t, Integer.toString(level), i);
                String parent = level == 1 ? "(" + t + ") + 1" : id + " - " + shape.width();
                h.execute("INSERT INTO folders (id, workspace_id, parent_id, name, slug, size_bytes) SELECT " + id
                        + ", 'w1', " + parent + ", 'Folder ' || " + id + ", 'folder-' || " + id + ", 100 + " + id
                        + " % 1000 FROM " + sql.series(0, (long) shape.trees() * shape.width() - 1, "s", "g"));
            }
        });
    }

    private static void vacuum(BenchContext context, HikariDataSource pool) {
        try {
            context.database().analyze(pool, List.of("folders", "trash_item"));
        } catch (SQLException e) {
            throw new IllegalStateException("VACUUM failed: " + e.getMessage(), e);
        }
    }

    private static String last(List<Double> samples, boolean measured) {
        return measured ? Stats.format(samples.get(samples.size() - 1)) : "-";
    }

    private static void check(String what, long count, long expectedCount, long size, long expectedSize) {
        if (count != expectedCount || size != expectedSize) {
            throw new AssertionError(what + " moved " + count + " rows of " + size + " bytes; expected " + expectedCount
                    + " rows of " + expectedSize + " bytes");
        }
    }

    /**
     * The hand-written delete on PostgreSQL: one statement walks the subtree down the parent column
     * ({@code WITH RECURSIVE}, active folders only, so a sub-folder trashed on its own stays out with
     * everything below it), marks it with a new item id and inserts the item with the count and bytes.
     *
     * @return the folders marked below the root, and the item's bytes
     */
    private static long[] recursiveDelete(Jdbi jdbi, UUID item, Instant now) {
        return jdbi.inTransaction(h -> h.createQuery("""
                        WITH RECURSIVE sub (id) AS (
                                 SELECT id FROM folders WHERE id = :id AND workspace_id = :ws AND trash_item IS NULL
                                 UNION ALL
                                 SELECT f.id FROM folders f JOIN sub ON f.parent_id = sub.id
                                 WHERE f.workspace_id = :ws AND f.trash_item IS NULL),
                             m AS (UPDATE folders f SET trash_item = :item FROM sub WHERE f.id = sub.id
                                   RETURNING f.id, f.name, f.slug, f.size_bytes),
                             t AS (SELECT COUNT(*) AS n, SUM(size_bytes) AS b FROM m)
                        INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, deleted_at, deleted_by,
                            expires_at, size_bytes, cascaded_count, due_at)
                        SELECT :item, :ws, 'folder', r.id::text, r.name, r.slug, :now, :actor, :expires, t.b, t.n - 1,
                               :expires
                        FROM m r, t WHERE r.id = :id
                        RETURNING cascaded_count, size_bytes""")
                .bind("item", item)
                .bind("id", TARGET)
                .bind("ws", WS.value())
                .bind("actor", ACTOR.value())
                .bind("now", BenchSql.POSTGRESQL.time(now))
                .bind("expires", BenchSql.POSTGRESQL.time(now.plus(RETENTION)))
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .findOne()
                .orElseThrow(() -> new IllegalStateException("the tree's root is not active")));
    }

    /**
     * The hand-written delete on MariaDB (no {@code UPDATE … RETURNING}): in one transaction, one
     * {@code UPDATE} joined to the recursive walk of the subtree (its count is the rows marked), then
     * the item, inserted from the root's row with the bytes of the rows now marked.
     *
     * @return the folders marked below the root, and the item's bytes
     */
    private static long[] recursiveDeleteMariadb(Jdbi jdbi, UUID item, Instant now) {
        return jdbi.inTransaction(h -> {
            int marked = h.createUpdate("""
                            UPDATE folders f JOIN (
                                WITH RECURSIVE sub (id) AS (
                                    SELECT id FROM folders WHERE id = :id AND workspace_id = :ws AND trash_item IS NULL
                                    UNION ALL
                                    SELECT c.id FROM folders c JOIN sub ON c.parent_id = sub.id
                                    WHERE c.workspace_id = :ws AND c.trash_item IS NULL)
                                SELECT id FROM sub) s ON f.id = s.id
                            SET f.trash_item = :item""")
                    .bind("item", item.toString()).bind("id", TARGET).bind("ws", WS.value()).execute();
            if (marked < 1) {
                throw new IllegalStateException("the tree's root is not active");
            }
            h.createUpdate("""
                            INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, deleted_at, deleted_by,
                                expires_at, size_bytes, cascaded_count, due_at)
                            SELECT :item, :ws, 'folder', CAST(r.id AS CHAR), r.name, r.slug, :now, :actor, :expires,
                                   (SELECT SUM(size_bytes) FROM folders WHERE trash_item = :item), :count, :expires
                            FROM folders r WHERE r.id = :id""")
                    .bind("item", item.toString())
                    .bind("id", TARGET)
                    .bind("ws", WS.value())
                    .bind("actor", ACTOR.value())
                    .bind("now", BenchSql.MARIADB.time(now))
                    .bind("expires", BenchSql.MARIADB.time(now.plus(RETENTION)))
                    .bind("count", marked - 1)
                    .execute();
            long bytes = h.createQuery("SELECT size_bytes FROM trash_item WHERE workspace = :ws AND id = :item")
                    .bind("ws", WS.value()).bind("item", item.toString()).mapTo(Long.class).one();
            return new long[] {marked - 1, bytes};
        });
    }

    /** The hand-written restore on PostgreSQL: one statement deletes the item and clears its id. @return the rows back */
    private static long restore(Jdbi jdbi, UUID item) {
        return jdbi.inTransaction(h -> h.createQuery("""
                        WITH t AS (DELETE FROM trash_item WHERE id = :item AND workspace = :ws RETURNING id),
                             f AS (UPDATE folders SET trash_item = NULL
                                   WHERE workspace_id = :ws AND trash_item = (SELECT id FROM t) RETURNING 1)
                        SELECT COUNT(*) FROM f""")
                .bind("item", item)
                .bind("ws", WS.value())
                .mapTo(Long.class)
                .one());
    }

    /** The hand-written restore on MariaDB: deletes the item, then clears its id. @return the rows back */
    private static long restoreMariadb(Jdbi jdbi, UUID item) {
        return jdbi.inTransaction(h -> {
            if (h.createUpdate("DELETE FROM trash_item WHERE id = :item AND workspace = :ws")
                    .bind("item", item.toString()).bind("ws", WS.value()).execute() != 1) {
                throw new IllegalStateException("the item is not in the Trash");
            }
            return (long) h.createUpdate("UPDATE folders SET trash_item = NULL WHERE workspace_id = :ws"
                            + " AND trash_item = :item")
                    .bind("item", item.toString()).bind("ws", WS.value()).execute();
        });
    }
}

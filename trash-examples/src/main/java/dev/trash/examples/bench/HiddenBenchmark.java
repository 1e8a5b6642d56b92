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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Benchmark {@code hidden} (SPEC R42, issue 16): the delete and the restore of a dataset whose
 * images and annotations are {@linkplain dev.trash.jdbi.ResourceTable#hiddenWithParent() hidden with
 * it}, with 1,000, 200,000 and 1,000,000 such children, in tables of 1,000,500 images and 1,000,500
 * annotations (the quick scale a hundredth), on the HOT-friendly schema ({@link BenchSchema#hotDdl})
 * with the parent column indexed and the host's views of the active rows made by
 * {@link JdbiTrash#activeView} ({@code active_images}, {@code active_annotations}), which every
 * repetition checks: empty for the trashed dataset, whole again after its restore.
 *
 * <p>Two backends over the same tables: one describes images and annotations hidden with their
 * dataset ({@link BenchSchema#HIDDEN_TABLES}), the other as ordinary children
 * ({@link BenchSchema#TABLES}), whose delete marks them. The rows: delete and restore with 1,000,000
 * hidden children against 1,000 (the goal: the same time), and with 200,000 hidden children against
 * marking the same 200,000 (the goal: 50× faster). Fairness: the same tables and datasets for every
 * side, {@code VACUUM ANALYZE} before every timed operation (untimed; before a hidden restore of the
 * two tables its delete changed), the datasets taking turns to go first. Not thread-safe: one run at a time.
 */
final class HiddenBenchmark implements Benchmark {
    private static final WorkspaceId WS = WorkspaceId.of("w1");
    private static final ActorId ACTOR = ActorId.of("bench");
    private static final long DATASET_SIZE = 1_000;
    private static final List<String> TABLES = List.of("datasets", "images", "annotations", "trash_item");
    private static final List<String> UPDATED = List.of("datasets", "images", "annotations");

    /** A dataset of the benchmark: its id and its images (as many annotations). */
    private record Dataset(String label, long id, int perType) {
        ResourceRef ref() {
            return ResourceRef.of("dataset", Long.toString(id));
        }

        long children() {
            return 2L * perType;
        }
    }

    private static Dataset dataset(long id, int perType) {
        return new Dataset(String.format(Locale.ROOT, "%,d hidden", 2L * perType), id, perType);
    }

    @Override
    public String name() {
        return "hidden";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        boolean quick = context.scale().quick();
        Dataset small = dataset(1, context.scale().pick(500, 5));
        Dataset big = dataset(2, context.scale().pick(500_000, 5_000));
        Dataset mid = dataset(3, context.scale().pick(100_000, 1_000));
        int filler = context.scale().pick(400_000, 4_000);
        List<Dataset> hiddenSets = List.of(small, big, mid);
        int warmups = 1;
        int reps = quick ? 3 : 5;
        int markingReps = 3;

        HikariDataSource pool = context.database().newPool("hidden", 2);
        BenchSql sql = context.database().sql();
        boolean postgres = !sql.mariadb();
        JdbiTrash hiddenDb = BenchSchema.create(BenchSchema.backend(pool, BenchSchema.HIDDEN_TABLES),
                BenchSchema.hotDdl(context.database().database()));
        Jdbi jdbi = hiddenDb.jdbi();
        jdbi.useHandle(h -> {
            h.execute(hiddenDb.activeView("image", "active_images"));
            h.execute(hiddenDb.activeView("annotation", "active_annotations"));
        });
        long start = System.nanoTime();
        Map<Long, Long> childBytes = seed(jdbi, sql, hiddenSets, filler);
        long tableRows = small.perType() + big.perType() + mid.perType() + filler;
        context.progress(String.format(Locale.ROOT, "seeded datasets of %,d, %,d and %,d images (as many annotations)"
                + " and %,d more of each, in %.1f s", small.perType(), big.perType(), mid.perType(), filler,
                (System.nanoTime() - start) / 1e9));
        Clock clock = Clock.systemUTC();
        TrashManager hidden = BenchSchema.manager(hiddenDb, clock, target -> { });
        JdbiTrash markingDb = BenchSchema.backend(pool, BenchSchema.TABLES);
        TrashManager marking = BenchSchema.manager(markingDb, clock, target -> { });
        Runnable vacuum = () -> {
            try {
                context.database().analyze(pool, TABLES);
            } catch (SQLException e) {
                throw new IllegalStateException("VACUUM failed: " + e.getMessage(), e);
            }
        };
        vacuum.run();

        Map<Dataset, List<Double>> deletes = new LinkedHashMap<>();
        Map<Dataset, List<Double>> restores = new LinkedHashMap<>();
        hiddenSets.forEach(d -> {
            deletes.put(d, new ArrayList<>());
            restores.put(d, new ArrayList<>());
        });
        List<Double> markDelete = new ArrayList<>();
        List<Double> markRestore = new ArrayList<>();
        Map<String, WriteStats> writes = new LinkedHashMap<>();
        StatementsBenchmark.Counter counter = new StatementsBenchmark.Counter();
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < warmups + reps; i++) {
            boolean measured = i >= warmups;
            boolean last = postgres && i == warmups + reps - 1;
            StringBuilder line = new StringBuilder(measured ? "rep " + (i - warmups + 1) + ":" : "warm-up:");
            for (int k = 0; k < hiddenSets.size(); k++) {
                Dataset d = hiddenSets.get((i + k) % hiddenSets.size());
                long expectedSize = DATASET_SIZE + childBytes.get(d.id());
                boolean stats = last && d != mid;
                vacuum.run();
                WriteStats.Mark mark = stats ? WriteStats.before(pool, UPDATED) : null;
                TrashItem[] item = new TrashItem[1];
                double del;
                if (i == 0) {
                    List<String> issued = counter.measure(jdbi, () -> item[0] = hidden.delete(WS, d.ref(), ACTOR));
                    statements.add(d.label() + ": delete " + issued.size());
                    if (d == small) {
                        context.progress("delete: " + String.join("; ", issued));
                    }
                    del = 0;
                } else {
                    del = Timer.once(() -> item[0] = hidden.delete(WS, d.ref(), ACTOR));
                }
                if (stats) {
                    writes.put(d.label() + " delete", WriteStats.after(pool, UPDATED, mark, 1));
                }
                check(d.label() + " delete", item[0].cascadedCount(), d.children(), item[0].sizeBytes(), expectedSize);
                if (d == small || i == 0) {
                    checkView(pool, d, 0);
                }
                // The delete changed one row of datasets and one of trash_item: vacuum those only.
                context.database().analyze(pool, List.of("datasets", "trash_item"));
                mark = stats ? WriteStats.before(pool, UPDATED) : null;
                Restored[] restored = new Restored[1];
                double res;
                if (i == 0) {
                    List<String> issued = counter.measure(jdbi, () -> restored[0] = hidden.restore(WS, item[0].id(), ACTOR));
                    statements.add(d.label() + ": restore " + issued.size());
                    if (d == small) {
                        context.progress("restore: " + String.join("; ", issued));
                    }
                    res = 0;
                } else {
                    res = Timer.once(() -> restored[0] = hidden.restore(WS, item[0].id(), ACTOR));
                }
                if (stats) {
                    writes.put(d.label() + " restore", WriteStats.after(pool, UPDATED, mark, 1));
                }
                check(d.label() + " restore", restored[0].restoredCount(), d.children() + 1, expectedSize, expectedSize);
                if (d == small || i == 0) {
                    checkView(pool, d, d.perType());
                }
                if (measured) {
                    deletes.get(d).add(del);
                    restores.get(d).add(res);
                }
                line.append(String.format(Locale.ROOT, " %s delete %s, restore %s;", d.label(), Stats.format(del),
                        Stats.format(res)));
            }
            if (i < warmups + markingReps) {
                // The same 200,000 children, marked: the backend that does not hide them.
                long expectedSize = DATASET_SIZE + childBytes.get(mid.id());
                boolean stats = postgres && i == warmups + markingReps - 1;
                vacuum.run();
                WriteStats.Mark mark = stats ? WriteStats.before(pool, UPDATED) : null;
                TrashItem[] item = new TrashItem[1];
                double del = Timer.once(() -> item[0] = marking.delete(WS, mid.ref(), ACTOR));
                if (stats) {
                    writes.put("marking " + mid.label().replace(" hidden", "") + " delete", WriteStats.after(pool, UPDATED, mark, mid.children()));
                }
                check("marking delete", item[0].cascadedCount(), mid.children(), item[0].sizeBytes(), expectedSize);
                checkView(pool, mid, 0);
                vacuum.run();
                mark = stats ? WriteStats.before(pool, UPDATED) : null;
                Restored[] restored = new Restored[1];
                double res = Timer.once(() -> restored[0] = marking.restore(WS, item[0].id(), ACTOR));
                if (stats) {
                    writes.put("marking " + mid.label().replace(" hidden", "") + " restore", WriteStats.after(pool, UPDATED, mark, mid.children()));
                }
                check("marking restore", restored[0].restoredCount(), mid.children() + 1, expectedSize, expectedSize);
                if (measured) {
                    markDelete.add(del);
                    markRestore.add(res);
                }
                line.append(String.format(Locale.ROOT, " marking %s delete %s, restore %s", mid.label().replace(" hidden", ""),
                        Stats.format(del), Stats.format(res)));
            }
            context.progress(line.toString());
        }
        context.progress("statements: " + String.join("; ", statements));
        if (postgres) {
            explainHiddenCount(context, pool, big);
        }

        String tables = String.format(Locale.ROOT, "tables of %,d + %,d", tableRows, tableRows);
        List<Result> results = new ArrayList<>();
        results.add(Result.ratio("R42 delete, children hidden with the dataset: many vs few",
                String.format(Locale.ROOT, "1 dataset + %,d + %,d hidden vs 1 dataset + %,d + %,d hidden (%s)",
                        big.perType(), big.perType(), small.perType(), small.perType(), tables),
                new Stats(deletes.get(big)), new Stats(deletes.get(small)), 1.25));
        results.add(Result.ratio("R42 restore, children hidden with the dataset: many vs few",
                String.format(Locale.ROOT, "1 dataset + %,d + %,d hidden vs 1 dataset + %,d + %,d hidden (%s)",
                        big.perType(), big.perType(), small.perType(), small.perType(), tables),
                new Stats(restores.get(big)), new Stats(restores.get(small)), 1.25));
        String midRows = String.format(Locale.ROOT, "1 dataset + %,d images + %,d annotations (%s)", mid.perType(),
                mid.perType(), tables);
        results.add(Result.speedup("R42 delete: children hidden vs marked (the same children)", midRows,
                new Stats(deletes.get(mid)), new Stats(markDelete), 50));
        results.add(Result.speedup("R42 restore: children hidden vs marked (the same children)", midRows,
                new Stats(restores.get(mid)), new Stats(markRestore), 50));
        results.add(Result.speedup("R42 delete: many children hidden vs fewer marked",
                String.format(Locale.ROOT, "1 dataset + %,d + %,d hidden vs 1 dataset + %,d + %,d marked (%s)",
                        big.perType(), big.perType(), mid.perType(), mid.perType(), tables),
                new Stats(deletes.get(big)), new Stats(markDelete), 50));
        results.add(Result.speedup("R42 restore: many children hidden vs fewer marked",
                String.format(Locale.ROOT, "1 dataset + %,d + %,d hidden vs 1 dataset + %,d + %,d marked (%s)",
                        big.perType(), big.perType(), mid.perType(), mid.perType(), tables),
                new Stats(restores.get(big)), new Stats(markRestore), 50));
        results.add(Result.reported("R42 statements per delete / restore", tables,
                String.join("; ", statements)));
        if (postgres) {
            List<String> parts = new ArrayList<>();
            writes.forEach((what, w) -> parts.add(what + ": " + w.describe()));
            results.add(Result.reported("R42 row updates and WAL of one delete / restore (datasets, images, annotations)",
                    tables, String.join("; ", parts)));
        }
        return results;
    }

    /** Prints the plan of the hidden children's count at a delete (the one read they cost), with a marked dataset, rolled back. */
    private static void explainHiddenCount(BenchContext context, HikariDataSource pool, Dataset d) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                String item = "'00000000-0000-4000-8000-000000000001'";
                s.executeUpdate("UPDATE datasets SET trash_item = " + item + " WHERE id = " + d.id());
                try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) AS n,"
                        + " COALESCE(SUM(size_bytes), 0) AS b FROM images WHERE workspace_id = 'w1' AND trash_item IS NULL"
                        + " AND dataset_id IN (SELECT tree1.id FROM datasets tree1 WHERE tree1.workspace_id = 'w1'"
                        + " AND tree1.id IN (" + d.id() + ") AND tree1.trash_item IN (" + item + "))")) {
                    context.progress("the count of " + d.label() + " images at a delete:");
                    while (rs.next()) {
                        context.progress("  " + rs.getString(1));
                    }
                }
            } finally {
                c.rollback();
            }
        }
    }

    /** Checks the host's views: {@code expected} active images and annotations of the dataset. */
    private static void checkView(HikariDataSource pool, Dataset d, long expected) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String view : List.of("active_images", "active_annotations")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + view + " WHERE dataset_id = " + d.id())) {
                    rs.next();
                    if (rs.getLong(1) != expected) {
                        throw new AssertionError(view + " shows " + rs.getLong(1) + " rows of dataset " + d.id()
                                + "; expected " + expected);
                    }
                }
            }
        }
    }

    private static void check(String what, long count, long expectedCount, long size, long expectedSize) {
        if (count != expectedCount || size != expectedSize) {
            throw new AssertionError(what + ": " + count + " rows of " + size + " bytes; expected " + expectedCount
                    + " rows of " + expectedSize + " bytes");
        }
    }

    /** Seeds the datasets, each with its images and annotations, and the filler; @return each dataset's children's bytes. */
    private static Map<Long, Long> seed(Jdbi jdbi, BenchSql sql, List<Dataset> datasets, int filler) {
        return jdbi.inTransaction(h -> {
            long fillerId = datasets.size() + 1;
            h.createUpdate("INSERT INTO datasets (id, workspace_id, name, slug, size_bytes) SELECT d, 'w1', "
                            + "'Dataset ' || d, 'dataset-' || d, :size FROM " + sql.series(1, fillerId, "s", "d"))
                    .bind("size", DATASET_SIZE).execute();
            for (String table : List.of("images", "annotations")) {
                long base = table.equals("images") ? 100_000 : 1_000;
                long next = 1;
                List<long[]> parts = new ArrayList<>();
                datasets.forEach(d -> parts.add(new long[] {d.id(), d.perType()}));
                parts.add(new long[] {fillerId, filler});
                for (long[] part : parts) {
                    h.createUpdate("INSERT INTO " + table + " (id, workspace_id, dataset_id, name, size_bytes) SELECT g, 'w1', "
                                    + ":d, '" + table + " ' || g, :base + g % 1000 FROM "
                                    + sql.series(next, next + part[1] - 1, "s", "g"))
                            .bind("d", part[0]).bind("base", base).execute();
                    next += part[1];
                }
            }
            Map<Long, Long> bytes = new LinkedHashMap<>();
            for (Dataset d : datasets) {
                bytes.put(d.id(), h.createQuery("SELECT (SELECT SUM(size_bytes) FROM images WHERE dataset_id = :d)"
                                + " + (SELECT SUM(size_bytes) FROM annotations WHERE dataset_id = :d)")
                        .bind("d", d.id()).mapTo(Long.class).one());
            }
            return bytes;
        });
    }
}

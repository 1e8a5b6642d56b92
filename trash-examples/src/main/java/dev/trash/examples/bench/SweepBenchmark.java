package dev.trash.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.SweeperOptions;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.WorkspaceId;
import dev.trash.jdbi.JdbiTrash;
import dev.trash.memory.ManualClock;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.PurgeTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Benchmark {@code sweep} (issue 5, item 3): the expiry sweeper purging a backlog of 50,000 expired
 * items (QUICK: 500) with their children, with 1, 2 and 4 concurrent sweepers (each of its own
 * {@link TrashManager} and pool, as separate application instances), against a hand-written per-item
 * {@code DELETE} loop over the same rows.
 *
 * <p>The backlog is mixed: 40 % datasets with 4 images and 4 annotations each, 30 % projects with 2
 * models each, 30 % models trashed on their own inside active projects. Around it sit rows that must
 * survive: datasets in the Trash that are not due yet, active datasets, projects and models. The
 * first seed is set-based ({@code INSERT … SELECT generate_series}; the {@code trash_item} rows
 * exactly as the library writes them, which is checked against items the library deletes itself)
 * and kept in {@code seed_*} copies; before every run the tables are truncated, refilled from the
 * copies ({@code INSERT … SELECT}), vacuumed and analyzed: each run starts from the same fresh
 * tables (on MariaDB: {@code ANALYZE TABLE}; InnoDB purges old row versions in the background).
 * The runs are interleaved (one warm-up run of each side, then rounds in rotating order) so
 * that a noisy neighbour hits every variant alike. Every run, warm-up included, is checked:
 * each due item purged exactly once (the purge hook records them; the loop records its own), no due
 * item or its rows left, every other row still there.
 *
 * <p>Not thread-safe: one run at a time (it starts the sweeper threads itself).
 */
final class SweepBenchmark implements Benchmark {
    /** The managers' clock: every seeded backlog item expired before it. */
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    /** The library's default retention, as seeded (720 hours, not calendar days: instants). */
    private static final Duration RETENTION = TrashManager.DEFAULT_RETENTION;
    /** The library's defaults, batch size 100 included: what a host gets without tuning; the same for every run. */
    private static final SweeperOptions OPTIONS = SweeperOptions.defaults();
    private static final int[] SWEEPERS = {1, 2, 4};
    private static final List<String> TABLES = List.of("annotations", "images", "datasets", "models", "projects",
            "trash_item");
    private static final String LOOP = "per-item loop";
    /** The tables a run changes, parents before children. */
    private static final List<String> TABLE_LIST = List.of("projects", "models", "datasets", "images", "annotations",
            "trash_item");

    // Bytes as seeded: a dataset item is the dataset + 4 images + 4 annotations; a project item the project + 2 models.
    private static final long DATASET = 10;
    private static final long IMAGE = 100;
    private static final long ANNOTATION = 1;
    private static final long PROJECT = 5;
    private static final long MODEL = 1_000;
    private static final int CHILDREN = 4;

    @Override
    public String name() {
        return "sweep";
    }

    /** The sizes of one seed. */
    private record Seed(int datasets, int projects, int models, int notDue, int activeDatasets, int activeProjects) {
        static Seed of(Scale scale) {
            int items = scale.pick(50_000, 500);
            int datasets = items * 2 / 5;
            int projects = items * 3 / 10;
            int models = items - datasets - projects;
            return new Seed(datasets, projects, models, scale.pick(5_000, 50), scale.pick(5_000, 50),
                    Math.max(1, models / 10));
        }

        int due() {
            return datasets + projects + models;
        }

        /** Host rows of the due items. */
        long dueRows() {
            return datasets * (1L + 2 * CHILDREN) + projects * 3L + models;
        }

        /** Host rows that must survive a sweep: not-due and active datasets with children, active projects each with one active model. */
        long survivingRows() {
            return (notDue + activeDatasets) * (1L + 2 * CHILDREN) + activeProjects * 2L;
        }
    }

    /** Records each purged item (the library's purge hook, and the loop's own record). Thread-safe. */
    private static final class Recorder implements PurgeHook {
        final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public void purge(PurgeTarget target) {
            record(target.item().value());
        }

        void record(UUID item) {
            calls.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    private BenchContext context;
    private BenchDatabase database;
    private BenchSql sql;
    private Seed seed;
    private HikariDataSource host;
    private Jdbi jdbi;
    private final Recorder recorder = new Recorder();
    private long duplicates;
    private long misses;
    private int libraryRuns;
    private boolean seeded;
    /** PostgreSQL: the WAL each run wrote, per item, by variant (rounds after the warm-up). */
    private final Map<String, List<Double>> wal = new HashMap<>();
    /** MariaDB: the InnoDB deadlocks and row-lock waits of each run, by variant (rounds after the warm-up). */
    private final Map<String, List<long[]>> locks = new HashMap<>();

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        this.context = context;
        this.database = context.database();
        this.sql = database.sql();
        this.seed = Seed.of(context.scale());
        this.host = database.newPool("sweep", 2);
        this.jdbi = Jdbi.create(host);
        JdbiTrash hostAdapter = BenchSchema.create(BenchSchema.backend(jdbi));
        int reps = context.scale().pick(3, 1);

        List<HikariDataSource> pools = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-sweeper");
            t.setDaemon(true);
            return t;
        });
        try {
            List<TrashSweeper> sweepers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // One application instance per sweeper: its own pool, adapter and manager on the shared schema.
                HikariDataSource pool = database.samePool(host, "sweeper" + i, 2);
                pools.add(pool);
                TrashManager manager = BenchSchema.manager(BenchSchema.backend(pool), Clock.fixed(NOW, ZoneOffset.UTC), recorder);
                sweepers.add(manager.sweeper(OPTIONS));
            }
            long seedMs = reseed();
            context.progress(String.format(Locale.ROOT, "seeded %,d due items (%,d host rows) and %,d surviving rows in %d ms",
                    seed.due(), seed.dueRows(), seed.survivingRows() + seed.notDue(), seedMs));
            checkSeedShape(hostAdapter);

            List<String> variants = new ArrayList<>(List.of(LOOP));
            for (int n : SWEEPERS) {
                variants.add(library(n));
            }
            Map<String, List<Double>> samples = new HashMap<>();
            variants.forEach(v -> samples.put(v, new ArrayList<>()));
            for (int round = 0; round <= reps; round++) {
                for (int k = 0; k < variants.size(); k++) {
                    String variant = variants.get((k + round) % variants.size());
                    if (round == 0 && !variant.equals(LOOP) && !variant.equals(library(4))) {
                        // The warm-up runs each side once; 4 sweepers warm every instance's pool and all the code.
                        continue;
                    }
                    Set<UUID> due = setUp();
                    long walBefore = walPosition();
                    long[] locksBefore = innodbLocks();
                    double ms = variant.equals(LOOP) ? Timer.once(this::perItemLoop)
                            : Timer.once(() -> sweep(threads, sweepers.subList(0, count(variant))));
                    double walPerItem = (double) (walPosition() - walBefore) / seed.due();
                    long[] locksAfter = innodbLocks();
                    long[] runLocks = {locksAfter[0] - locksBefore[0], locksAfter[1] - locksBefore[1]};
                    check(variant, due);
                    context.progress(String.format(Locale.ROOT, "%s %-13s %7.0f ms  %,8.0f items/s%s",
                            round == 0 ? "warm-up" : "round " + round, variant, ms, seed.due() / (ms / 1000),
                            sql.mariadb() ? String.format(Locale.ROOT, "  %,d deadlocks, %,d row-lock waits", runLocks[0], runLocks[1])
                                    : String.format(Locale.ROOT, "  %,6.0f WAL bytes/item", walPerItem)));
                    if (round > 0) {
                        samples.get(variant).add(ms);
                        wal.computeIfAbsent(variant, v -> new ArrayList<>()).add(walPerItem);
                        locks.computeIfAbsent(variant, v -> new ArrayList<>()).add(runLocks);
                    }
                }
            }
            List<Result> rows = results(samples);
            if (sql.mariadb()) {
                StringBuilder counts = new StringBuilder();
                for (String variant : variants) {
                    List<long[]> runs = locks.get(variant);
                    counts.append(counts.length() == 0 ? "" : "; ").append(variant).append(String.format(Locale.ROOT,
                            " %s deadlocks, %s waits", runs.stream().map(r -> Long.toString(r[0])).toList(),
                            runs.stream().map(r -> Long.toString(r[1])).toList()));
                }
                rows.add(Result.reported("sweep: InnoDB deadlocks and row-lock waits per run (MariaDB; each run)",
                        String.format(Locale.ROOT, "%,d items", seed.due()), counts.toString()));
            } else {
                StringBuilder bytes = new StringBuilder();
                for (String variant : variants) {
                    bytes.append(bytes.length() == 0 ? "" : "; ").append(variant).append(String.format(Locale.ROOT, " %,.0f",
                            new Stats(wal.get(variant)).median()));
                }
                rows.add(Result.reported("sweep: WAL bytes per purged item (PostgreSQL; medians)",
                        String.format(Locale.ROOT, "%,d items", seed.due()), bytes.toString()));
                rows.add(hotUpdates());
            }
            return rows;
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(1, TimeUnit.MINUTES);
            pools.forEach(HikariDataSource::close);
        }
    }

    private static String library(int sweepers) {
        return "library x" + sweepers;
    }

    private static int count(String variant) {
        return Integer.parseInt(variant.substring(variant.indexOf('x') + 1));
    }

    private List<Result> results(Map<String, List<Double>> samples) {
        Stats loop = new Stats(samples.get(LOOP));
        Stats one = new Stats(samples.get(library(1)));
        String items = String.format(Locale.ROOT, "%,d items, %,d rows", seed.due(), seed.dueRows() + seed.due());
        List<Result> rows = new ArrayList<>();
        // ARCHITECTURE's bars: one sweeper at least twice the loop's rate; 2 and 4 sweepers at least 1.5× one's.
        rows.add(Result.rate("sweep: library, 1 sweeper vs hand-written per-item DELETE loop", items, one, loop, 2.0));
        for (int n : SWEEPERS) {
            if (n > 1) {
                rows.add(Result.rate("sweep: library, " + n + " concurrent sweepers vs 1", items,
                        new Stats(samples.get(library(n))), one, 1.5));
            }
        }
        rows.add(Result.checked("sweep: items purged twice / missed (every library run)",
                String.format(Locale.ROOT, "%d runs × %,d items", libraryRuns, seed.due()),
                duplicates + " duplicates, " + misses + " misses", "0 and 0", duplicates == 0 && misses == 0));
        StringBuilder rates = new StringBuilder();
        for (int n : SWEEPERS) {
            rates.append(String.format(Locale.ROOT, "%d sweeper%s %,.0f/s; ", n, n == 1 ? "" : "s",
                    seed.due() / (new Stats(samples.get(library(n))).median() / 1000)));
        }
        rates.append(String.format(Locale.ROOT, "per-item loop %,.0f/s", seed.due() / (loop.median() / 1000)));
        rows.add(Result.reported("sweep: purge rate in items/s (medians; batch size " + OPTIONS.batchSize() + ")",
                items, rates.toString()));
        return rows;
    }

    /** @return MariaDB: InnoDB's deadlocks and row-lock waits since the server started; PostgreSQL: zeros */
    private long[] innodbLocks() {
        if (!sql.mariadb()) {
            return new long[2];
        }
        Map<String, Long> status = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_deadlocks', 'Innodb_row_lock_waits')")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).forEach(e -> status.put(e.getKey(), e.getValue())));
        return new long[] {status.getOrDefault("Innodb_deadlocks", 0L), status.getOrDefault("Innodb_row_lock_waits", 0L)};
    }

    /** @return PostgreSQL: the current WAL insert position in bytes; MariaDB: 0 */
    private long walPosition() {
        if (sql.mariadb()) {
            return 0;
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")
                .mapTo(Long.class).one());
    }

    /**
     * @return how many of the {@code UPDATE}s of {@code trash_item} rows (the claims, and the few
     *     releases) PostgreSQL made HOT, over every run: a HOT update writes no index entry, a non-HOT
     *     one a new entry in every index of the table. Read after the backends' pending statistics are
     *     flushed (PostgreSQL flushes an idle backend's within 10 s).
     */
    private Result hotUpdates() throws InterruptedException {
        Thread.sleep(11_000);
        long[] counts = jdbi.withHandle(h -> h.createQuery("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
                        + " WHERE relname = 'trash_item' AND schemaname = current_schema()")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
        return Result.reported("sweep: trash_item updates that were HOT (PostgreSQL, every run)",
                String.format(Locale.ROOT, "%d runs × %,d items", libraryRuns, seed.due()),
                String.format(Locale.ROOT, "%,d of %,d (%.0f %%)", counts[1], counts[0],
                        counts[0] == 0 ? 0.0 : 100.0 * counts[1] / counts[0]));
    }

    // ------------------------------------------------------------------ the runs

    /** Runs the sweepers together, each sweeping until it finds nothing due. */
    private void sweep(ExecutorService threads, List<TrashSweeper> sweepers) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Purged>> done = new ArrayList<>();
        for (TrashSweeper sweeper : sweepers) {
            done.add(threads.submit(() -> {
                go.await();
                Purged total = Purged.NONE;
                while (true) {
                    Purged p = sweeper.sweepOnce();
                    total = total.plus(p);
                    if (p.items() == 0) {
                        return total;
                    }
                }
            }));
        }
        go.countDown();
        for (Future<Purged> f : done) {
            f.get(10, TimeUnit.MINUTES);
        }
    }

    /**
     * The baseline: what a competent engineer writes without the library. It reads the due items, then
     * purges each in its own transaction: the rows marked with it, children first, of the tables its
     * root type spans (prepared once), then its {@code trash_item} row, by the table's key
     * {@code (workspace, id)}.
     */
    private void perItemLoop() throws SQLException {
        try (Connection c = host.getConnection()) {
            c.setAutoCommit(false);
            List<UUID> ids = new ArrayList<>();
            List<String> types = new ArrayList<>();
            List<String> workspaces = new ArrayList<>();
            try (PreparedStatement due = c.prepareStatement(
                    "SELECT id, root_type, workspace FROM trash_item WHERE due_at <= ? ORDER BY due_at")) {
                due.setObject(1, sql.time(NOW));
                try (ResultSet rs = due.executeQuery()) {
                    while (rs.next()) {
                        ids.add(UUID.fromString(rs.getString(1)));
                        types.add(rs.getString(2));
                        workspaces.add(rs.getString(3));
                    }
                }
            }
            c.commit();
            try (PreparedStatement annotations = c.prepareStatement("DELETE FROM annotations WHERE trash_item = ?");
                 PreparedStatement images = c.prepareStatement("DELETE FROM images WHERE trash_item = ?");
                 PreparedStatement datasets = c.prepareStatement("DELETE FROM datasets WHERE trash_item = ?");
                 PreparedStatement models = c.prepareStatement("DELETE FROM models WHERE trash_item = ?");
                 PreparedStatement projects = c.prepareStatement("DELETE FROM projects WHERE trash_item = ?");
                 // by the table's key, (workspace, id): an id alone would scan the table on every delete
                 PreparedStatement item = c.prepareStatement("DELETE FROM trash_item WHERE workspace = ? AND id = ?")) {
                for (int i = 0; i < ids.size(); i++) {
                    UUID id = ids.get(i);
                    List<PreparedStatement> tables = switch (types.get(i)) {
                        case "dataset" -> List.of(annotations, images, datasets);
                        case "project" -> List.of(models, projects);
                        case "model" -> List.of(models);
                        default -> throw new IllegalStateException("unexpected root type " + types.get(i));
                    };
                    for (PreparedStatement delete : tables) {
                        delete.setObject(1, sql.uuid(id));
                        delete.executeUpdate();
                    }
                    item.setString(1, workspaces.get(i));
                    item.setObject(2, sql.uuid(id));
                    item.executeUpdate();
                    c.commit();
                    recorder.record(id);
                }
            }
        }
    }

    // ------------------------------------------------------------------ seeding and checking

    /** Reseeds, vacuums, clears the recorder. @return the ids of the due items */
    private Set<UUID> setUp() throws SQLException {
        reseed();
        recorder.calls.clear();
        return new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT id FROM trash_item WHERE due_at <= :now")
                .bind("now", sql.time(NOW)).map((rs, ctx) -> UUID.fromString(rs.getString(1))).list()));
    }

    /** Truncates and seeds the tables set-based, then vacuums and analyzes them. @return the time it took in ms */
    private long reseed() throws SQLException {
        long start = System.nanoTime();
        boolean first = !seeded;
        jdbi.useTransaction(h -> {
            sql.truncate(TABLES).forEach(h::execute);
            if (first) {
                if (sql.mariadb()) {
                    seedMariadb(h);
                } else {
                    seed(h);
                }
                for (String table : TABLE_LIST) {
                    h.execute("CREATE TABLE seed_" + table + " AS SELECT * FROM " + table);
                }
            } else {
                for (String table : TABLE_LIST) {
                    // MariaDB takes no values for a generated column (active_slug): name the others
                    String columns = sql.mariadb() ? BenchSchema.COLUMNS.getOrDefault(table, "*") : "*";
                    h.execute("INSERT INTO " + table + (columns.equals("*") ? "" : " (" + columns + ")")
                            + " SELECT " + columns + " FROM seed_" + table);
                }
            }
        });
        seeded = true;
        database.analyze(host, TABLES);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Datasets 1‥d are due, d+1‥d+notDue in the Trash but not due, the rest active; projects 1‥p are
     * due with their 2 models each, then come the active projects, each with one active model and
     * about ten models trashed on their own (due). Items are {@code md5(kind || i)} as a UUID.
     */
    private void seed(Handle h) {
        int d = seed.datasets();
        int p = seed.projects();
        int a = seed.activeProjects();
        h.createUpdate("""
                        INSERT INTO datasets (id, workspace_id, name, slug, size_bytes, trash_item)
                        SELECT i, 'ws-' || (i % 10), 'Dataset ' || i, 'd-' || i, :size,
                               CASE WHEN i <= :inTrash THEN md5('d' || i)::uuid END
                        FROM generate_series(1, :all) AS s(i)""")
                .bind("size", DATASET).bind("inTrash", d + seed.notDue())
                .bind("all", d + seed.notDue() + seed.activeDatasets()).execute();
        for (String[] child : new String[][] {{"images", Long.toString(IMAGE)}, {"annotations", Long.toString(ANNOTATION)}}) {
            h.createUpdate("INSERT INTO " + child[0] + " (id, workspace_id, dataset_id, name, size_bytes, trash_item)"
                            + " SELECT (d.id - 1) * :children + k + 1, d.workspace_id, d.id, 'file ' || k, " + child[1]
                            + ", d.trash_item FROM datasets d CROSS JOIN generate_series(0, :children - 1) AS t(k)")
                    .bind("children", CHILDREN).execute();
        }
        h.createUpdate("""
                        INSERT INTO projects (id, workspace_id, name, slug, size_bytes, trash_item)
                        SELECT i, 'ws-' || (i % 10), 'Project ' || i, 'p-' || i, :size,
                               CASE WHEN i <= :p THEN md5('p' || i)::uuid END
                        FROM generate_series(1, :p + :a) AS s(i)""")
                .bind("size", PROJECT).bind("p", p).bind("a", a).execute();
        // Models 1‥2p cascaded with their projects, then one active model per active project, then the lone ones.
        h.createUpdate("""
                        INSERT INTO models (id, workspace_id, project_id, name, slug, size_bytes, trash_item)
                        SELECT (pr.id - 1) * 2 + k + 1, pr.workspace_id, pr.id, 'Model ' || k, 'm-' || k, :size,
                               pr.trash_item
                        FROM projects pr CROSS JOIN generate_series(0, 1) AS t(k) WHERE pr.id <= :p""")
                .bind("size", MODEL).bind("p", p).execute();
        h.createUpdate("""
                        INSERT INTO models (id, workspace_id, project_id, name, slug, size_bytes, trash_item)
                        SELECT 2 * :p + j, 'ws-' || (pr % 10), pr, 'Model ' || j, 'm-' || j, :size,
                               CASE WHEN j > :a THEN md5('m' || j)::uuid END
                        FROM generate_series(1, :a + :m) AS s(j), LATERAL (SELECT :p + 1 + (j - 1) % :a AS pr) AS x""")
                .bind("size", MODEL).bind("p", p).bind("a", a).bind("m", seed.models()).execute();

        // The trash items, as TrashManager.delete writes them (due_at = expires_at while in the Trash).
        String columns = """
                INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, parent_type, parent_id,
                    parent_name, deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, purge_owner,
                    available_at, attempts, last_error, due_at)
                """;
        String times = ", 'bench', t.at + :retention * INTERVAL '1 second', %d, %d, NULL, NULL, 0, NULL,"
                + " t.at + :retention * INTERVAL '1 second'";
        // Due items were deleted 40 days (and up to a day) before NOW, the others one day before it.
        String at = "LATERAL (SELECT CASE WHEN i <= :due THEN :old ELSE :recent END + (i %% 86400) * INTERVAL '1 second' AS at) AS t";
        h.createUpdate(columns + "SELECT md5('d' || i)::uuid, 'ws-' || (i % 10), 'dataset', i::text, 'Dataset ' || i,"
                        + " 'd-' || i, NULL, NULL, NULL, t.at"
                        + String.format(Locale.ROOT, times, DATASET + CHILDREN * (IMAGE + ANNOTATION), 2 * CHILDREN)
                        + " FROM generate_series(1, :n) AS s(i), " + String.format(Locale.ROOT, at))
                .bind("n", d + seed.notDue()).bind("due", d).bind("retention", interval()).bind("old", sql.time(old()))
                .bind("recent", sql.time(recent())).execute();
        h.createUpdate(columns + "SELECT md5('p' || i)::uuid, 'ws-' || (i % 10), 'project', i::text, 'Project ' || i,"
                        + " 'p-' || i, NULL, NULL, NULL, t.at"
                        + String.format(Locale.ROOT, times, PROJECT + 2 * MODEL, 2)
                        + " FROM generate_series(1, :n) AS s(i), " + String.format(Locale.ROOT, at))
                .bind("n", p).bind("due", p).bind("retention", interval()).bind("old", sql.time(old()))
                .bind("recent", sql.time(recent())).execute();
        h.createUpdate(columns + "SELECT md5('m' || j)::uuid, 'ws-' || (pr % 10), 'model', (2 * :p + j)::text,"
                        + " 'Model ' || j, 'm-' || j, 'project', pr::text, 'Project ' || pr, t.at"
                        + String.format(Locale.ROOT, times, MODEL, 0)
                        + " FROM generate_series(:a + 1, :a + :m) AS s(j), LATERAL (SELECT :p + 1 + (j - 1) % :a AS pr) AS x,"
                        + " LATERAL (SELECT :old + (j % 86400) * INTERVAL '1 second' AS at) AS t")
                .bind("p", p).bind("a", a).bind("m", seed.models()).bind("retention", interval()).bind("old", sql.time(old()))
                .execute();
    }

    /** The same seed as {@link #seed}, in MariaDB's words: number tables, derived tables instead of LATERAL, intervals. */
    private void seedMariadb(Handle h) {
        int d = seed.datasets();
        int p = seed.projects();
        int a = seed.activeProjects();
        h.createUpdate("INSERT INTO datasets (id, workspace_id, name, slug, size_bytes, trash_item)"
                        + " SELECT i, 'ws-' || (i % 10), 'Dataset ' || i, 'd-' || i, :size,"
                        + " CASE WHEN i <= :inTrash THEN " + sql.md5Uuid("'d' || i") + " END FROM "
                        + sql.series(1, d + seed.notDue() + seed.activeDatasets(), "s", "i"))
                .bind("size", DATASET).bind("inTrash", d + seed.notDue()).execute();
        for (String[] child : new String[][] {{"images", Long.toString(IMAGE)}, {"annotations", Long.toString(ANNOTATION)}}) {
            h.createUpdate("INSERT INTO " + child[0] + " (id, workspace_id, dataset_id, name, size_bytes, trash_item)"
                            + " SELECT (d.id - 1) * :children + k + 1, d.workspace_id, d.id, 'file ' || k, " + child[1]
                            + ", d.trash_item FROM datasets d CROSS JOIN " + sql.series(0, CHILDREN - 1, "t", "k"))
                    .bind("children", CHILDREN).execute();
        }
        h.createUpdate("INSERT INTO projects (id, workspace_id, name, slug, size_bytes, trash_item)"
                        + " SELECT i, 'ws-' || (i % 10), 'Project ' || i, 'p-' || i, :size,"
                        + " CASE WHEN i <= :p THEN " + sql.md5Uuid("'p' || i") + " END FROM " + sql.series(1, p + a, "s", "i"))
                .bind("size", PROJECT).bind("p", p).execute();
        h.createUpdate("INSERT INTO models (id, workspace_id, project_id, name, slug, size_bytes, trash_item)"
                        + " SELECT (pr.id - 1) * 2 + k + 1, pr.workspace_id, pr.id, 'Model ' || k, 'm-' || k, :size,"
                        + " pr.trash_item FROM projects pr CROSS JOIN " + sql.series(0, 1, "t", "k") + " WHERE pr.id <= :p")
                .bind("size", MODEL).bind("p", p).execute();
        String lone = "(SELECT seq AS j, :p + 1 + (seq - 1) % :a AS pr FROM seq_1_to_" + (a + seed.models()) + ") AS x";
        h.createUpdate("INSERT INTO models (id, workspace_id, project_id, name, slug, size_bytes, trash_item)"
                        + " SELECT 2 * :p + j, 'ws-' || (pr % 10), pr, 'Model ' || j, 'm-' || j, :size,"
                        + " CASE WHEN j > :a THEN " + sql.md5Uuid("'m' || j") + " END FROM " + lone)
                .bind("size", MODEL).bind("p", p).bind("a", a).execute();

        String columns = """
                INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, parent_type, parent_id,
                    parent_name, deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, purge_owner,
                    available_at, attempts, last_error, due_at)
                """;
        String times = ", 'bench', at + INTERVAL :retention SECOND, %d, %d, NULL, NULL, 0, NULL, at + INTERVAL :retention SECOND";
        // Due items were deleted 40 days (and up to a day) before NOW, the others one day before it.
        String at = "CASE WHEN seq <= :due THEN :old ELSE :recent END + INTERVAL (seq %% 86400) SECOND AS at";
        h.createUpdate(columns + "SELECT " + sql.md5Uuid("'d' || i") + ", 'ws-' || (i % 10), 'dataset', " + sql.text("i")
                        + ", 'Dataset ' || i, 'd-' || i, NULL, NULL, NULL, at"
                        + String.format(Locale.ROOT, times, DATASET + CHILDREN * (IMAGE + ANNOTATION), 2 * CHILDREN)
                        + " FROM (SELECT seq AS i, " + String.format(Locale.ROOT, at) + " FROM seq_1_to_" + (d + seed.notDue())
                        + ") AS s")
                .bind("due", d).bind("retention", interval()).bind("old", sql.time(old()))
                .bind("recent", sql.time(recent())).execute();
        h.createUpdate(columns + "SELECT " + sql.md5Uuid("'p' || i") + ", 'ws-' || (i % 10), 'project', " + sql.text("i")
                        + ", 'Project ' || i, 'p-' || i, NULL, NULL, NULL, at"
                        + String.format(Locale.ROOT, times, PROJECT + 2 * MODEL, 2)
                        + " FROM (SELECT seq AS i, " + String.format(Locale.ROOT, at) + " FROM seq_1_to_" + p + ") AS s")
                .bind("due", p).bind("retention", interval()).bind("old", sql.time(old()))
                .bind("recent", sql.time(recent())).execute();
        h.createUpdate(columns + "SELECT " + sql.md5Uuid("'m' || j") + ", 'ws-' || (pr % 10), 'model', "
                        + sql.text("2 * :p + j") + ", 'Model ' || j, 'm-' || j, 'project', " + sql.text("pr")
                        + ", 'Project ' || pr, at" + String.format(Locale.ROOT, times, MODEL, 0)
                        + " FROM (SELECT seq AS j, :p + 1 + (seq - 1) % :a AS pr, :old + INTERVAL (seq % 86400) SECOND AS at"
                        + " FROM seq_" + (a + 1) + "_to_" + (a + seed.models()) + ") AS s")
                .bind("p", p).bind("a", a).bind("retention", interval()).bind("old", sql.time(old()))
                .execute();
    }

    /** @return the retention in seconds */
    private static long interval() {
        return RETENTION.toSeconds();
    }

    private static Instant old() {
        return NOW.minus(RETENTION).minus(Duration.ofDays(10)).minus(Duration.ofDays(1));
    }

    private static Instant recent() {
        return NOW.minus(Duration.ofDays(2));
    }

    /** @return one item's row as text, without its id, actor and absolute times */
    private String shape(Handle h, String type, long id) {
        return h.createQuery("""
                        SELECT concat_ws('|', workspace, root_type, root_id, name, coalesce(slug, '-'),
                            coalesce(parent_type, '-'), coalesce(parent_id, '-'), coalesce(parent_name, '-'),
                            size_bytes, cascaded_count, coalesce(purge_owner, '-'), coalesce(%s, '-'),
                            attempts, coalesce(last_error, '-'), %s, %s)
                        FROM trash_item WHERE root_type = :type AND root_id = :id""".formatted(sql.text("available_at"),
                        sql.micros("deleted_at", "expires_at"), sql.micros("expires_at", "due_at")))
                .bind("type", type).bind("id", Long.toString(id)).mapTo(String.class).one();
    }

    /**
     * Checks that the seed writes items as the library does: for one item of each kind, takes it out
     * again by hand and lets the library delete the same resource at the same instant.
     */
    private void checkSeedShape(JdbiTrash adapter) {
        long loneModel = 2L * seed.projects() + seed.activeProjects() + 1;
        List<Object[]> probes = List.of(new Object[] {"dataset", "datasets", 1L}, new Object[] {"project", "projects", 1L},
                new Object[] {"model", "models", loneModel});
        for (Object[] probe : probes) {
            String type = (String) probe[0];
            long id = (Long) probe[2];
            record Row(String shape, UUID item, Instant deletedAt, String workspace) {
            }
            Row seeded = jdbi.withHandle(h -> h.createQuery("SELECT id, deleted_at, workspace FROM trash_item"
                            + " WHERE root_type = :type AND root_id = :id")
                    .bind("type", type).bind("id", Long.toString(id))
                    .map((rs, ctx) -> new Row(shape(h, type, id), UUID.fromString(rs.getString("id")),
                            sql.time(rs, "deleted_at"), rs.getString("workspace")))
                    .one());
            jdbi.useTransaction(h -> {
                for (String table : List.of("annotations", "images", "datasets", "models", "projects")) {
                    h.createUpdate("UPDATE " + table + " SET trash_item = NULL WHERE trash_item = :item")
                            .bind("item", sql.uuid(seeded.item())).execute();
                }
                h.createUpdate("DELETE FROM trash_item WHERE id = :item").bind("item", sql.uuid(seeded.item())).execute();
            });
            TrashManager probeManager = BenchSchema.manager(adapter, ManualClock.at(seeded.deletedAt()), t -> { });
            probeManager.delete(WorkspaceId.of(seeded.workspace()), ResourceRef.of(type, Long.toString(id)), ActorId.of("bench"));
            String library = jdbi.withHandle(h -> shape(h, type, id));
            if (!library.equals(seeded.shape())) {
                throw new IllegalStateException("the seed writes " + type + " items unlike the library:\n  seeded:  "
                        + seeded.shape() + "\n  library: " + library);
            }
        }
        context.progress("seeded items match the library's own (dataset, project, lone model)");
    }

    /** Checks a run: each due item purged exactly once, nothing due left, everything else still there. */
    private void check(String variant, Set<UUID> due) {
        long twice = recorder.calls.values().stream().filter(n -> n.get() > 1).count();
        Set<UUID> missed = new HashSet<>(due);
        missed.removeAll(recorder.calls.keySet());
        Set<UUID> extra = new HashSet<>(recorder.calls.keySet());
        extra.removeAll(due);
        long[] left = jdbi.withHandle(h -> {
            long items = h.createQuery("SELECT COUNT(*) FROM trash_item WHERE expires_at <= :now OR purge_owner IS NOT NULL")
                    .bind("now", sql.time(NOW)).mapTo(Long.class).one();
            long kept = h.createQuery("SELECT COUNT(*) FROM trash_item").mapTo(Long.class).one() - items;
            long rows = 0;
            long orphans = 0;
            for (String table : List.of("annotations", "images", "datasets", "models", "projects")) {
                rows += h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one();
                orphans += h.createQuery("SELECT COUNT(*) FROM " + table + " x WHERE trash_item IS NOT NULL AND NOT EXISTS"
                        + " (SELECT 1 FROM trash_item t WHERE t.workspace = x.workspace_id AND t.id = x.trash_item)")
                        .mapTo(Long.class).one();
            }
            return new long[] {items, kept, rows, orphans};
        });
        long missedHere = missed.size() + left[0] + left[3];
        boolean ok = twice == 0 && missedHere == 0 && extra.isEmpty() && left[1] == seed.notDue()
                && left[2] == seed.survivingRows();
        if (variant.equals(LOOP)) {
            if (!ok) {
                throw new IllegalStateException("the per-item loop left the tables wrong: " + List.of(twice, missed.size(),
                        extra.size(), left[0], left[1], left[2], left[3]));
            }
            return;
        }
        libraryRuns++;
        duplicates += twice;
        misses += missedHere + extra.size() + Math.abs(left[1] - seed.notDue()) + Math.abs(left[2] - seed.survivingRows());
        if (!ok) {
            context.progress(variant + ": WRONG: " + twice + " purged twice, " + missed.size() + " not purged, " + extra.size()
                    + " purged but not due, " + left[0] + " due left, " + left[3] + " orphan rows, " + left[1] + "/"
                    + seed.notDue() + " not-due items and " + left[2] + "/" + seed.survivingRows() + " other rows kept");
        }
    }
}

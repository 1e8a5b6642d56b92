package dev.trash.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ActorId;
import dev.trash.Page;
import dev.trash.SortOrder;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import dev.trash.jdbi.JdbiTrash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.Binding;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Benchmark {@code listing} (SPEC R6, R38, R39, issue 5 item 4): pages of a workspace with 1,000,000
 * items in the Trash, listed by the library against the raw indexed query a person would write (the
 * same condition and order, every column), on the same Jdbi and pool: the first page of 50 (newest
 * first), the page after a cursor about 90 % down the list, and a first page filtered by type; then
 * the first page of every other order (oldest first, expiry, size and name, either way) and of each
 * filter (name contains, deleted by, deleted between, expiring within 7 days). Before timing, each
 * page is checked to be the baseline's, and the library's statement is explained
 * ({@code EXPLAIN ANALYZE}; on MariaDB {@code EXPLAIN}): it must walk an index and sort nothing. A
 * page whose statement cannot walk an index is timed over fewer calls (a fifth of a second per
 * repetition). On MariaDB the hand-written keyset is the expanded {@code deleted_at < :at OR
 * (deleted_at = :at AND id < :id)}, as the library's: MariaDB plans a row-value comparison as a
 * scan of the workspace. Not thread-safe; one run at a time.
 */
final class ListingBenchmark implements Benchmark {
    /** The manager's fixed clock: every seeded item was deleted in the 29 days before it. */
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final WorkspaceId WORKSPACE = WorkspaceId.of("ws-listing");
    private static final WorkspaceId OTHER = WorkspaceId.of("ws-other");
    private static final int PAGE = 50;
    private static final double MAX_RATIO = 2;

    /** What the hand-written baseline selects: every column of the table, as the library does. */
    private static final String COLUMNS = "id, workspace, root_type, root_id, name, slug, parent_type, parent_id,"
            + " parent_name, deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, purge_owner, available_at,"
            + " attempts, last_error, due_at";

    /**
     * Seeds {@code :n} items of {@code :ws} straight into {@code trash_item}, as the library's delete
     * writes them (with {@code name_key}, the lower-cased name of schema 4): projects, models (with their
     * project as parent) and datasets in turn, deleted at
     * random instants of the 29 days before {@code :now}, expiring 30 days after (every fourth 180
     * days after, so that expiry and deletion orders differ), due at expiry; by 40 actors, of sizes
     * spread up to 50 MB.
     */
    private static final String SEED_LISTED = """
            INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, parent_type, parent_id, parent_name,
                deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, purge_owner, available_at, attempts,
                last_error, due_at, name_key)
            SELECT gen_random_uuid(), :ws, type, type || '-' || g, initcap(type) || ' ' || g, type || '-' || g,
                   CASE WHEN type = 'model' THEN 'project' END,
                   CASE WHEN type = 'model' THEN 'project-p' || (g / 7) END,
                   CASE WHEN type = 'model' THEN 'Project p' || (g / 7) END,
                   at, 'user-' || (g % 40), at + retention, (g::bigint * 7919) % 50000000,
                   CASE WHEN type = 'model' THEN 0 ELSE g % 25 END, NULL, NULL, 0, NULL, at + retention,
                   type || ' ' || g
            FROM (SELECT g, (ARRAY['project', 'model', 'dataset'])[1 + g % 3] AS type,
                         :now - random() * interval '29 days' AS at,
                         (CASE WHEN g % 4 = 0 THEN 180 ELSE 30 END) * interval '1 day' AS retention
                  FROM generate_series(1, :n) AS g) s""";

    /**
     * Items of {@code :ws} that the listing must skip: {@code :n} expired ones (deleted 31 to 40 days
     * ago, not yet swept) and {@code :n / 2} being purged (claimed by a sweeper, lease until
     * {@code :now} + 5 minutes), spread over the listed ones.
     */
    private static final String SEED_HIDDEN = """
            INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, parent_type, parent_id, parent_name,
                deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, purge_owner, available_at, attempts,
                last_error, due_at, name_key)
            SELECT gen_random_uuid(), :ws, 'dataset', 'hidden-' || g, 'Dataset hidden ' || g, 'hidden-' || g,
                   NULL, NULL, NULL, at, 'user-1', at + interval '30 days', 1000, 0,
                   CASE WHEN claimed THEN 'sweeper-1' END,
                   CASE WHEN claimed THEN :now + interval '5 minutes' END, 0, NULL,
                   CASE WHEN claimed THEN :now + interval '5 minutes' ELSE at + interval '30 days' END,
                   'dataset hidden ' || g
            FROM (SELECT g, g % 3 = 0 AS claimed,
                         CASE WHEN g % 3 = 0 THEN :now - random() * interval '29 days'
                              ELSE :now - interval '31 days' - random() * interval '9 days' END AS at
                  FROM generate_series(1, :n) AS g) s""";

    /**
     * The MariaDB form of {@link #SEED_LISTED}, over {@code n} rows (MariaDB's number tables take a
     * literal bound): the same items, written in MariaDB's functions.
     */
    private static String seedListedMariadb(int n) {
        return """
                INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, parent_type, parent_id, parent_name,
                    deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, purge_owner, available_at, attempts,
                    last_error, due_at, name_key)
                SELECT UUID(), :ws, type, type || '-' || g, CONCAT(UPPER(LEFT(type, 1)), SUBSTR(type, 2)) || ' ' || g,
                       type || '-' || g,
                       CASE WHEN type = 'model' THEN 'project' END,
                       CASE WHEN type = 'model' THEN 'project-p' || (g DIV 7) END,
                       CASE WHEN type = 'model' THEN 'Project p' || (g DIV 7) END,
                       at, 'user-' || (g % 40), at + INTERVAL days DAY, (g * 7919) % 50000000,
                       CASE WHEN type = 'model' THEN 0 ELSE g % 25 END, NULL, NULL, 0, NULL, at + INTERVAL days DAY,
                       type || ' ' || g
                FROM (SELECT seq AS g, ELT(1 + seq % 3, 'project', 'model', 'dataset') AS type,
                             :now - INTERVAL FLOOR(RAND() * 29 * 86400000000) MICROSECOND AS at,
                             CASE WHEN seq % 4 = 0 THEN 180 ELSE 30 END AS days
                      FROM seq_1_to_%d) s""".replace("%d", Integer.toString(n));
    }

    /** The MariaDB form of {@link #SEED_HIDDEN}, over {@code n} rows. */
    private static String seedHiddenMariadb(int n) {
        return """
                INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, parent_type, parent_id, parent_name,
                    deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, purge_owner, available_at, attempts,
                    last_error, due_at, name_key)
                SELECT UUID(), :ws, 'dataset', 'hidden-' || g, 'Dataset hidden ' || g, 'hidden-' || g,
                       NULL, NULL, NULL, at, 'user-1', at + INTERVAL 30 DAY, 1000, 0,
                       CASE WHEN claimed THEN 'sweeper-1' END,
                       CASE WHEN claimed THEN :now + INTERVAL 5 MINUTE END, 0, NULL,
                       CASE WHEN claimed THEN :now + INTERVAL 5 MINUTE ELSE at + INTERVAL 30 DAY END,
                       'dataset hidden ' || g
                FROM (SELECT seq AS g, seq % 3 = 0 AS claimed,
                             CASE WHEN seq % 3 = 0 THEN :now - INTERVAL FLOOR(RAND() * 29 * 86400000000) MICROSECOND
                                  ELSE :now - INTERVAL 31 DAY - INTERVAL FLOOR(RAND() * 9 * 86400000000) MICROSECOND
                             END AS at
                      FROM seq_1_to_%d) s""".replace("%d", Integer.toString(n));
    }

    /** One row of the hand-written query, mapped as a competent engineer would. */
    private record Row(UUID id, String workspace, String rootType, String rootId, String name, String slug,
                       String parentType, String parentId, String parentName, Instant deletedAt,
                       String deletedBy, Instant expiresAt, long sizeBytes, long cascadedCount,
                       String purgeOwner, Instant availableAt, int attempts, String lastError,
                       Instant dueAt) {
        static Row of(ResultSet rs, BenchSql sql) throws SQLException {
            return new Row(UUID.fromString(rs.getString("id")), rs.getString("workspace"), rs.getString("root_type"),
                    rs.getString("root_id"), rs.getString("name"), rs.getString("slug"), rs.getString("parent_type"),
                    rs.getString("parent_id"), rs.getString("parent_name"),
                    sql.time(rs, "deleted_at"), rs.getString("deleted_by"),
                    sql.time(rs, "expires_at"), rs.getLong("size_bytes"),
                    rs.getLong("cascaded_count"), rs.getString("purge_owner"),
                    sql.time(rs, "available_at"), rs.getInt("attempts"),
                    rs.getString("last_error"), sql.time(rs, "due_at"));
        }
    }

    /** A keyset position: the last row of the previous page. */
    private record After(Instant deletedAt, UUID id) {
    }

    /** A statement the library sent, with the arguments it bound by name. */
    private record Sent(String sql, Map<String, Argument> arguments) {
    }

    /** Remembers the last listing statement the library sent, and its arguments, to explain it. */
    private static final class LastListing implements SqlLogger {
        private final AtomicReference<Sent> sent = new AtomicReference<>();

        @Override
        public void logBeforeExecution(StatementContext context) {
            String rendered = context.getRenderedSql();
            if (rendered != null && rendered.contains("FROM trash_item") && rendered.contains("ORDER BY")
                    && rendered.contains("LIMIT")) {
                Binding binding = context.getBinding();
                Map<String, Argument> arguments = new LinkedHashMap<>();
                for (String name : binding.getNames()) {
                    binding.findForName(name, context).ifPresent(a -> arguments.put(name, a));
                }
                sent.set(new Sent(rendered, arguments));
            }
        }
    }

    @Override
    public String name() {
        return "listing";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        Scale scale = context.scale();
        int listed = scale.pick(1_000_000, 10_000);
        int hidden = listed / 100;
        int other = listed / 10;
        int calls = scale.pick(200, 20);
        int warmups = scale.pick(2, 1);
        int reps = scale.pick(7, 3);

        HikariDataSource pool = context.database().newPool("listing", 2);
        BenchSql sql = context.database().sql();
        JdbiTrash db = BenchSchema.create(BenchSchema.backend(pool));
        Jdbi jdbi = db.jdbi();
        LastListing lastListing = new LastListing();
        jdbi.getConfig(SqlStatements.class).setSqlLogger(lastListing);
        TrashManager trash = BenchSchema.manager(db, Clock.fixed(NOW, ZoneOffset.UTC), target -> {
        });

        // Seeds without the listing indexes, then builds them with the library's own schema script
        // (re-runnable, CREATE INDEX IF NOT EXISTS): the same indexes, built faster than row by row.
        double seedMs = Timer.once(() -> {
            if (sql.mariadb()) {
                // MariaDB's script declares the indexes inside its CREATE TABLE: seeded with them in place.
                jdbi.useTransaction(h -> {
                    seed(h, sql, seedListedMariadb(listed), WORKSPACE, listed);
                    seed(h, sql, seedHiddenMariadb(hidden), WORKSPACE, hidden);
                    seed(h, sql, seedListedMariadb(other), OTHER, other);
                });
                return;
            }
            jdbi.useTransaction(h -> {
                h.execute("DROP INDEX IF EXISTS trash_item_by_workspace, trash_item_by_workspace_type, trash_item_by_due,"
                        + " trash_item_by_workspace_due, trash_item_by_workspace_expiry, trash_item_by_workspace_size,"
                        + " trash_item_by_workspace_name, trash_item_to_warn, trash_item_name_search");
                seed(h, sql, SEED_LISTED, WORKSPACE, listed);
                seed(h, sql, SEED_HIDDEN, WORKSPACE, hidden);
                seed(h, sql, SEED_LISTED, OTHER, other);
            });
            db.createSchemaIfMissing();
        });
        context.database().analyze(pool, List.of("trash_item"));
        context.progress(String.format(Locale.ROOT, "seeded %,d listed items (+%,d expired or being purged) and %,d in"
                + " another workspace in %.1f s", listed, hidden + hidden / 2, other, seedMs / 1000));

        Deep deep = deepPosition(trash, listed, context);

        TrashQuery first = TrashQuery.all().limit(PAGE);
        String rows = String.format(Locale.ROOT, "%,d items in the Trash (table: %,d rows)", listed,
                listed + hidden + hidden / 2 + other);
        After deepAt = deep.position();
        String keyset = sql.mariadb() ? "(deleted_at < :at OR (deleted_at = :at AND id < :id))"
                : "(deleted_at, id) < (:at, :id)";
        Map<String, Object> deepBinds = Map.of("at", sql.time(deepAt.deletedAt()),
                "id", sql.mariadb() ? deepAt.id().toString() : deepAt.id());
        String newest = "deleted_at DESC, id DESC";
        List<Case> cases = List.of(
                new Case("list: first page of 50, newest first", first, "", Map.of(), newest),
                new Case("list: page of 50 after a cursor 90 % down", first.after(deep.cursor()), keyset, deepBinds, newest),
                new Case("list: first page of 50 of type model", first.type("model"), "root_type = :type",
                        Map.of("type", "model"), newest));
        Instant from = NOW.minus(Duration.ofDays(11));
        Instant before = NOW.minus(Duration.ofDays(10));
        Instant soon = NOW.plus(Duration.ofDays(7));
        List<Case> found = List.of(
                new Case("list (R38): oldest first", first.order(SortOrder.OLDEST_FIRST), "", Map.of(),
                        "deleted_at ASC, id ASC"),
                new Case("list (R38): expiring first", first.order(SortOrder.EXPIRING_FIRST), "", Map.of(),
                        "expires_at ASC, id ASC"),
                new Case("list (R38): expiring last", first.order(SortOrder.EXPIRING_LAST), "", Map.of(),
                        "expires_at DESC, id DESC"),
                new Case("list (R38): largest first", first.order(SortOrder.LARGEST_FIRST), "", Map.of(),
                        "size_bytes DESC, id DESC"),
                new Case("list (R38): smallest first", first.order(SortOrder.SMALLEST_FIRST), "", Map.of(),
                        "size_bytes ASC, id ASC"),
                new Case("list (R38): name A to Z", first.order(SortOrder.NAME_ASCENDING), "", Map.of(),
                        "name_key ASC, id ASC"),
                new Case("list (R38): name Z to A", first.order(SortOrder.NAME_DESCENDING), "", Map.of(),
                        "name_key DESC, id DESC"),
                new Case("list (R38): name contains 'MODEL 12', newest first",
                        first.nameContains("MODEL 12"), "name_key LIKE :pattern", Map.of("pattern", "%model 12%"), newest),
                new Case("list (R38): deleted by one of 40 actors, newest first", first.deletedBy(ActorId.of("user-7")),
                        "deleted_by = :actor", Map.of("actor", "user-7"), newest),
                new Case("list (R38): deleted between 11 and 10 days ago, newest first",
                        first.deletedBetween(from, before), "deleted_at >= :from AND deleted_at < :before",
                        Map.of("from", sql.time(from), "before", sql.time(before)), newest),
                new Case("list (R39): expiring within 7 days, soonest first", first.order(SortOrder.EXPIRING_FIRST)
                        .expiresBefore(soon), "expires_at <= :soon", Map.of("soon", sql.time(soon)),
                        "expires_at ASC, id ASC"));

        List<Result> results = new ArrayList<>();
        List<String> plans = new ArrayList<>();
        for (Case c : cases) {
            plans.add(measure(c, trash, jdbi, sql, lastListing, context, warmups, reps, calls, rows, results));
        }
        long indexed = plans.stream().filter(p -> usesIndex(p, sql, true)).count();
        String explain = sql.mariadb() ? "EXPLAIN" : "EXPLAIN ANALYZE";
        results.add(Result.checked("list: the library's 3 queries walk an index (" + explain + ")", rows,
                indexed + " of 3 index scans, no sort", "all", indexed == plans.size()));
        List<String> foundPlans = new ArrayList<>();
        for (Case c : found) {
            foundPlans.add(measure(c, trash, jdbi, sql, lastListing, context, warmups, reps, calls, rows, results));
        }
        List<String> unindexed = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            if (!usesIndex(foundPlans.get(i), sql, false)) {
                unindexed.add(found.get(i).operation().replace("list (R38): ", "").replace("list (R39): ", ""));
            }
        }
        results.add(Result.checked("list (R38, R39): the library's " + found.size() + " queries walk an index ("
                        + explain + ")", rows, (found.size() - unindexed.size()) + " of " + found.size()
                        + " index scans, no sort (a name search: its trigram index, then a sort of the matches)"
                        + (unindexed.isEmpty() ? "" : "; not: " + String.join(", ", unindexed)),
                "all", unindexed.isEmpty()));
        return results;
    }

    /** One kind of page: the library's query, and the baseline's condition, values and order for the same page. */
    private record Case(String operation, TrashQuery query, String where, Map<String, Object> binds, String orderBy) {
    }

    /**
     * Checks that the library and the baseline give the same page, explains the library's statement,
     * and times both; adds the row to {@code results}.
     *
     * @return the library's plan
     */
    private static String measure(Case c, TrashManager trash, Jdbi jdbi, BenchSql sql, LastListing lastListing,
                                  BenchContext context, int warmups, int reps, int calls, String rows,
                                  List<Result> results) throws Exception {
        lastListing.sent.set(null);
        double libraryOnce = Timer.once(() -> trash.list(WORKSPACE, c.query()));
        List<UUID> library = trash.list(WORKSPACE, c.query()).items().stream().map(i -> i.id().value()).toList();
        String plan = explain(jdbi, sql, lastListing.sent.getAndSet(null));
        double baselineOnce = Timer.once(() -> baseline(jdbi, sql, c));
        List<UUID> baseline = baseline(jdbi, sql, c).stream().map(Row::id).toList();
        // A full page at the full scale; at the quick scale a filter may match fewer, never none.
        if (!library.equals(baseline) || library.isEmpty() || (library.size() != PAGE && !context.scale().quick())) {
            throw new AssertionError(c.operation() + ": the library's page differs from the baseline's ("
                    + library.size() + " vs " + baseline.size() + " items" + (library.equals(baseline) ? ", the same" : "")
                    + ")");
        }
        context.progress(c.operation() + ": " + summary(plan, sql));
        // A page that cannot walk an index (a sort of the whole workspace) takes far longer: fewer calls then,
        // about a fifth of a second of them per repetition, at least 3.
        int n = Math.max(3, Math.min(calls, (int) (200 / Math.max(libraryOnce, baselineOnce))));
        Stats[] stats = compare(warmups, reps, n, () -> trash.list(WORKSPACE, c.query()), () -> baseline(jdbi, sql, c));
        results.add(Result.ratio(c.operation() + " (per call)", rows, stats[0], stats[1], MAX_RATIO));
        return plan;
    }

    private static void seed(Handle h, BenchSql sql, String seed, WorkspaceId workspace, int n) {
        var update = h.createUpdate(seed).bind("ws", workspace.value()).bind("now", sql.time(NOW));
        if (!sql.mariadb()) {
            update.bind("n", n);
        }
        update.execute();
    }

    /** @return a cursor about 90 % down the list, found by walking pages of 1000 with the library's own cursors */
    private static Deep deepPosition(TrashManager trash, int listed, BenchContext context) throws Exception {
        int pages = Math.max(1, listed * 9 / 10 / 1000);
        TrashQuery query = TrashQuery.all().limit(1000);
        String[] cursor = new String[1];
        TrashItem[] last = new TrashItem[1];
        double ms = Timer.once(() -> {
            for (int i = 0; i < pages; i++) {
                Page<TrashItem> page = trash.list(WORKSPACE, cursor[0] == null ? query : query.after(cursor[0]));
                cursor[0] = page.nextCursor().orElseThrow();
                last[0] = page.items().get(page.items().size() - 1);
            }
        });
        context.progress(String.format(Locale.ROOT, "walked %,d pages of 1000 to a cursor at item %,d in %.1f s",
                pages, pages * 1000, ms / 1000));
        return new Deep(cursor[0], new After(last[0].deletedAt(), last[0].id().value()));
    }

    /** The deep cursor and the keyset position it stands for. */
    private record Deep(String cursor, After position) {
    }

    /** The hand-written page: the raw query on the listing indexes (the same condition and order), mapped to rows. */
    private static List<Row> baseline(Jdbi jdbi, BenchSql sql, Case c) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT " + COLUMNS + " FROM trash_item WHERE workspace = :ws"
                            + (c.where().isEmpty() ? "" : " AND " + c.where())
                            + " AND purge_owner IS NULL AND expires_at > :now"
                            + " ORDER BY " + c.orderBy() + " LIMIT :limit")
                    .bind("ws", WORKSPACE.value())
                    .bind("now", sql.time(NOW))
                    .bind("limit", PAGE);
            c.binds().forEach(query::bind);
            return query.map((rs, ctx) -> Row.of(rs, sql)).list();
        });
    }

    /** @return the plan of the library's statement, run with the very arguments the library bound */
    private static String explain(Jdbi jdbi, BenchSql sql, Sent sent) {
        if (sent == null) {
            throw new AssertionError("the library sent no listing statement");
        }
        if (sql.mariadb()) { // one row per table: the access type, the index, its length, and what else it does
            return jdbi.withHandle(h -> {
                var query = h.createQuery("EXPLAIN " + sent.sql());
                sent.arguments().forEach(query::bind);
                Map<String, Object> row = query.mapToMap().one();
                return "type=" + row.get("type") + " key=" + row.get("key") + " key_len=" + row.get("key_len")
                        + " rows=" + row.get("rows") + " Extra=" + row.get("extra");
            });
        }
        return jdbi.withHandle(h -> {
            var query = h.createQuery("EXPLAIN (ANALYZE, BUFFERS) " + sent.sql());
            sent.arguments().forEach(query::bind);
            return String.join("\n", query.mapTo(String.class).list());
        });
    }

    /**
     * @return whether the plan walks one of the library's listing indexes ({@code trash_item_by_workspace…};
     *     or, without {@code workspaceIndex}, any index of {@code trash_item}) in order, sorting nothing, or
     *     (without {@code workspaceIndex}) reads the name search's trigram index and sorts what it found
     */
    private static boolean usesIndex(String plan, BenchSql sql, boolean workspaceIndex) {
        String index = workspaceIndex ? "trash_item_by_workspace" : "trash_item";
        if (sql.mariadb()) {
            return (plan.startsWith("type=range ") || plan.startsWith("type=ref ") || plan.startsWith("type=index "))
                    && plan.contains(" key=" + index) && !plan.contains("filesort");
        }
        // A name search may read the trigram index (PostgreSQL's pg_trgm, schema 4), then sort its few matches.
        boolean search = !workspaceIndex && plan.contains("Bitmap Index Scan on trash_item_name_search");
        return plan.contains("Index Scan") && plan.contains(index) && (search || !plan.contains("Sort"))
                && !plan.contains("Seq Scan");
    }

    /** @return the plan's scan line and execution time, on one line */
    private static String summary(String plan, BenchSql sql) {
        if (sql.mariadb()) {
            return plan;
        }
        String scan = plan.lines().filter(l -> l.contains("Scan")).map(String::trim)
                .reduce((a, b) -> a.contains("Bitmap Heap") ? a + "; " + b : a).orElse("?");
        String time = plan.lines().filter(l -> l.startsWith("Execution Time")).findFirst().orElse("").trim();
        String cond = plan.lines().filter(l -> l.trim().startsWith("Index Cond")).findFirst().orElse("").trim();
        return scan.replaceAll("  \\(cost=.*?\\)", "") + "; " + cond + "; " + time;
    }

    /**
     * Times {@code calls} runs of each side per repetition, alternating which side goes first, after
     * {@code warmups} untimed repetitions of both.
     *
     * @return the library's and the baseline's timings per call, in milliseconds
     */
    private static Stats[] compare(int warmups, int reps, int calls, Timer.Action library, Timer.Action baseline)
            throws Exception {
        Timer.Action libraryCalls = repeat(calls, library);
        Timer.Action baselineCalls = repeat(calls, baseline);
        for (int i = 0; i < warmups; i++) {
            libraryCalls.run();
            baselineCalls.run();
        }
        List<Double> lib = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            if (i % 2 == 0) {
                lib.add(Timer.once(libraryCalls) / calls);
                base.add(Timer.once(baselineCalls) / calls);
            } else {
                base.add(Timer.once(baselineCalls) / calls);
                lib.add(Timer.once(libraryCalls) / calls);
            }
        }
        return new Stats[] {new Stats(lib), new Stats(base)};
    }

    private static Timer.Action repeat(int calls, Timer.Action action) {
        return () -> {
            for (int i = 0; i < calls; i++) {
                action.run();
            }
        };
    }
}

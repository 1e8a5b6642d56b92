package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.SortOrder;
import dev.trash.SweeperOptions;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import dev.trash.memory.ManualClock;
import dev.trash.testkit.ReferenceTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.Binding;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plans PostgreSQL makes for the adapter's listing and warning statements (SPEC R38, R39), on a
 * table of 30,000 items in two workspaces, analyzed: every order, first page and after a cursor, is
 * a scan of its own index led by the workspace (forwards or backwards) that sorts nothing; the items
 * expiring within a window are a range of the expiry index; the sweeper's claim of items to warn and
 * its look for workspaces with such items read the partial index {@code trash_item_to_warn}. Each
 * statement is the one the adapter sent (recorded by a {@link SqlLogger}), explained with the
 * arguments it bound. The plans of the filters, which PostgreSQL picks by their selectivity, are
 * printed, not asserted (the README shows them at 1,000,000 items).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresListingPlanTest {
    private static final WorkspaceId W1 = WorkspaceId.of("w1");
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private PostgresBackend backend;
    private Jdbi jdbi;
    private TrashManager trash;
    private final ManualClock clock = ManualClock.at(NOW);

    /** A statement the adapter sent, with the arguments it bound by name. */
    private record Sent(String sql, Map<String, Argument> arguments) {
    }

    /** Records every statement the adapter sends while installed. */
    private static final class Recorder implements SqlLogger {
        final List<Sent> sent = new ArrayList<>();

        @Override
        public void logBeforeExecution(StatementContext context) {
            Binding binding = context.getBinding();
            Map<String, Argument> arguments = new LinkedHashMap<>();
            for (String name : binding.getNames()) {
                binding.findForName(name, context).ifPresent(a -> arguments.put(name, a));
            }
            sent.add(new Sent(context.getRenderedSql(), arguments));
        }
    }

    @BeforeAll
    void seed() {
        backend = PostgresBackend.create(ReferenceTypes.ALL);
        jdbi = backend.jdbi;
        trash = TrashManager.builder().backend(backend.adapter).clock(clock)
                .expiryWarnings(Duration.ofDays(7), items -> { }).build();
        // 24,000 items of w1 and 6,000 of w2, deleted over the 29 days before NOW, expiring 30 days after.
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO trash_item (id, workspace, root_type, root_id, name, deleted_at, deleted_by, expires_at,
                            size_bytes, cascaded_count, due_at, name_key)
                        SELECT gen_random_uuid(), CASE WHEN g % 5 = 0 THEN 'w2' ELSE 'w1' END, 'project', 'p' || g,
                               'Project ' || g, at, 'user-' || (g % 40), at + interval '30 days', (g::bigint * 7919) % 5000000,
                               0, at + interval '30 days', lower('Project ' || g)
                        FROM (SELECT g, :now - g * interval '83 seconds' AS at
                              FROM generate_series(1, 30000) AS g) s""")
                .bind("now", Sql.at(NOW))
                .execute());
        jdbi.useHandle(h -> h.execute("ANALYZE trash_item"));
    }

    @AfterAll
    void close() {
        backend.close();
    }

    /** @return the statements {@code work} sent that {@code which} picks */
    private List<Sent> sent(Runnable work, Predicate<String> which) {
        Recorder recorder = new Recorder();
        SqlStatements config = jdbi.getConfig(SqlStatements.class);
        SqlLogger previous = config.getSqlLogger();
        config.setSqlLogger(recorder);
        try {
            work.run();
        } finally {
            config.setSqlLogger(previous);
        }
        return recorder.sent.stream().filter(s -> which.test(s.sql())).toList();
    }

    /** @return PostgreSQL's plan of {@code sent}, with its arguments, one line per node */
    private String explain(Sent sent) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("EXPLAIN " + sent.sql());
            sent.arguments().forEach(query::bind);
            return String.join("\n", query.mapTo(String.class).list());
        });
    }

    private static boolean listing(String sql) {
        return sql.startsWith("SELECT * FROM trash_item WHERE workspace");
    }

    private static String index(SortOrder.SortField field) {
        return switch (field) {
            case DELETED_AT -> "trash_item_by_workspace";
            case EXPIRES_AT -> "trash_item_by_workspace_expiry";
            case SIZE -> "trash_item_by_workspace_size";
            case NAME -> "trash_item_by_workspace_name";
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SortOrder.class)
    @DisplayName("R38 every order, first page and after a cursor, is a scan of its index that sorts nothing")
    void everyOrderScansItsIndex(SortOrder order) {
        TrashQuery query = TrashQuery.all().order(order).limit(50);
        String[] cursor = new String[1];
        Sent first = sent(() -> cursor[0] = trash.list(W1, query).nextCursor().orElseThrow(), PostgresListingPlanTest::listing)
                .get(0);
        Sent next = sent(() -> trash.list(W1, query.after(cursor[0])), PostgresListingPlanTest::listing).get(0);
        for (Sent s : List.of(first, next)) {
            String plan = explain(s);
            System.out.printf("[plan] %s%s:%n%s%n", order, s == next ? " after a cursor" : "", plan);
            assertThat(plan).as(order + "\n" + plan).containsPattern("Index Scan( Backward)? using " + index(order.field())
                    + " on trash_item").doesNotContain("Sort").doesNotContain("Seq Scan");
        }
    }

    @Test
    @DisplayName("R39 the items expiring within a window are a range of the expiry index, soonest first, sorting nothing")
    void expiringWithinIsARange() {
        TrashQuery soon = trash.expiringWithin(Duration.ofDays(3)).limit(50);
        String plan = explain(sent(() -> trash.list(W1, soon), PostgresListingPlanTest::listing).get(0));
        System.out.printf("[plan] expiringWithin(3 days):%n%s%n", plan);
        assertThat(plan).contains("Index Scan using trash_item_by_workspace_expiry on trash_item")
                .containsPattern("Index Cond: .*expires_at <= ").doesNotContain("Sort").doesNotContain("Seq Scan");
    }

    @Test
    @DisplayName("R39 the sweeper's claim of items to warn and its look for workspaces with such items read the partial index trash_item_to_warn")
    void warningsReadTheirIndex() {
        List<Sent> sweep = sent(() -> trash.sweeper(SweeperOptions.defaults().batchSize(10)).sweepOnce(),
                sql -> sql.contains("warned_at IS NULL"));
        Sent look = sweep.stream().filter(s -> s.sql().startsWith("SELECT DISTINCT workspace")).findFirst().orElseThrow();
        Sent claim = sweep.stream().filter(s -> s.sql().contains("FOR UPDATE SKIP LOCKED")).findFirst().orElseThrow();
        for (Sent s : List.of(look, claim)) {
            String plan = explain(s);
            System.out.printf("[plan] %s:%n%s%n", s == look ? "workspaces with items to warn" : "claim of items to warn", plan);
            assertThat(plan).as(plan).containsPattern("(Index|Index Only|Bitmap Index) Scan (using|on) trash_item_to_warn\\b")
                    .doesNotContain("Seq Scan");
        }
    }

    @Test
    @DisplayName("R38 the filters' plans, as PostgreSQL picks them (printed): name search may use the trigram index")
    void filterPlans() {
        for (TrashQuery q : List.of(TrashQuery.all().nameContains("project 1234"), TrashQuery.all().nameContains("project"),
                TrashQuery.all().deletedBy(dev.trash.ActorId.of("user-7")),
                TrashQuery.all().deletedBetween(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1))),
                TrashQuery.all().nameContains("project 1234").order(SortOrder.NAME_ASCENDING))) {
            String plan = explain(sent(() -> trash.list(W1, q.limit(50)), PostgresListingPlanTest::listing).get(0));
            System.out.printf("[plan] %s:%n%s%n", q, plan);
            assertThat(plan).doesNotContain("Seq Scan");
        }
    }
}

package dev.trash.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.jdbi.JdbiTrash;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Benchmark {@code statements} (issue item 2): the SQL statements the library issues for one cascade
 * delete and one restore of a dataset with 10, 1,000 and 100,000 children (half images, half
 * annotations), counted with a Jdbi {@link SqlLogger} on the {@code Jdbi} the {@link JdbiTrash} runs
 * on. Bulk SQL must not grow with the rows: the goal is the same counts for every size. Not
 * thread-safe: one run at a time.
 */
final class StatementsBenchmark implements Benchmark {
    private static final WorkspaceId WS = WorkspaceId.of("w1");
    private static final ActorId ACTOR = ActorId.of("bench");

    @Override
    public String name() {
        return "statements";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        List<Integer> sizes = context.scale().quick() ? List.of(10, 100, 1_000) : List.of(10, 1_000, 100_000);
        HikariDataSource pool = context.database().newPool("statements", 2);
        JdbiTrash db = BenchSchema.create(BenchSchema.backend(pool));
        Jdbi jdbi = db.jdbi();
        TrashManager trash = BenchSchema.manager(db, Clock.systemUTC(), target -> { });
        seed(jdbi, context.database().sql(), sizes);
        context.database().analyze(pool, List.of("datasets", "images", "annotations"));

        record Costs(List<String> delete, List<String> restore) {
        }
        List<Costs> costs = new ArrayList<>();
        for (int d = 0; d < sizes.size(); d++) {
            ResourceRef dataset = ResourceRef.of("dataset", Integer.toString(d + 1));
            Counter counter = new Counter();
            TrashItem[] item = new TrashItem[1];
            List<String> delete = counter.measure(jdbi, () -> item[0] = trash.delete(WS, dataset, ACTOR));
            Restored[] restored = new Restored[1];
            List<String> restore = counter.measure(jdbi, () -> restored[0] = trash.restore(WS, item[0].id(), ACTOR));
            if (item[0].cascadedCount() != sizes.get(d) || restored[0].restoredCount() != sizes.get(d) + 1) {
                throw new AssertionError("dataset " + dataset.id() + " with " + sizes.get(d) + " children: delete moved "
                        + item[0].cascadedCount() + ", restore brought back " + restored[0].restoredCount());
            }
            costs.add(new Costs(delete, restore));
            context.progress(String.format(Locale.ROOT, "%,d children: delete %d statements, restore %d",
                    sizes.get(d), delete.size(), restore.size()));
        }
        Costs first = costs.get(0);
        context.progress("delete: " + String.join("; ", first.delete()));
        context.progress("restore: " + String.join("; ", first.restore()));

        List<Result> results = new ArrayList<>();
        for (int d = 0; d < sizes.size(); d++) {
            Costs c = costs.get(d);
            boolean same = c.delete().size() == first.delete().size() && c.restore().size() == first.restore().size();
            boolean identical = c.delete().equals(first.delete()) && c.restore().equals(first.restore());
            results.add(Result.checked("statements per cascade delete / restore of a dataset",
                    String.format(Locale.ROOT, "1 dataset + %,d children", sizes.get(d)),
                    c.delete().size() + " / " + c.restore().size() + " statements" + (identical ? "" : " (SQL differs)"),
                    "same for all sizes", same));
        }
        return results;
    }

    /** Seeds dataset {@code i + 1} with {@code sizes[i]} children: half images, half annotations. */
    private static void seed(Jdbi jdbi, BenchSql sql, List<Integer> sizes) {
        jdbi.useTransaction(h -> {
            long next = 1;
            for (int d = 0; d < sizes.size(); d++) {
                long id = d + 1;
                h.createUpdate("INSERT INTO datasets (id, workspace_id, name, slug, size_bytes)"
                        + " VALUES (:id, 'w1', 'Dataset ' || :id, 'dataset-' || :id, 1000)").bind("id", id).execute();
                int images = sizes.get(d) / 2;
                int annotations = sizes.get(d) - images;
                for (String table : List.of("images", "annotations")) {
                    int n = table.equals("images") ? images : annotations;
                    h.createUpdate("INSERT INTO " + table + " (id, workspace_id, dataset_id, name, size_bytes)"
                                    + " SELECT g, 'w1', :d, '" + table + " ' || g, 100 FROM "
                                    + sql.series(next, next + n - 1, "s", "g"))
                            .bind("d", id).execute();
                    next += n;
                }
            }
        });
    }

    /** Keeps every statement the {@code Jdbi} executes while installed (a batch counts once). Thread-safe. */
    static final class Counter implements SqlLogger {
        private final List<String> statements = new CopyOnWriteArrayList<>();

        @Override
        public void logBeforeExecution(StatementContext context) {
            statements.add(context.getRenderedSql().replaceAll("\\s+", " ").trim());
        }

        /** @return the statements {@code work} issued */
        List<String> measure(Jdbi jdbi, Supplier<?> work) {
            SqlStatements config = jdbi.getConfig(SqlStatements.class);
            SqlLogger previous = config.getSqlLogger();
            statements.clear();
            config.setSqlLogger(this);
            try {
                work.get();
                return List.copyOf(statements);
            } finally {
                config.setSqlLogger(previous);
            }
        }
    }
}

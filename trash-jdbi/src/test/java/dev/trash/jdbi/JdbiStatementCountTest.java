package dev.trash.jdbi;

import static dev.trash.testkit.ReferenceTypes.ANNOTATION;
import static dev.trash.testkit.ReferenceTypes.DATASET;
import static dev.trash.testkit.ReferenceTypes.DOCUMENT;
import static dev.trash.testkit.ReferenceTypes.FOLDER;
import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static dev.trash.testkit.ReferenceTypes.MODEL;
import static dev.trash.testkit.ReferenceTypes.WEIGHTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.ActorId;
import dev.trash.Page;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.Restored;
import dev.trash.SortOrder;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.testkit.ReferenceTypes;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashFixture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bulk SQL only (ARCHITECTURE, trash-jdbi): a delete, restore and purge issue the same number of
 * statements whatever the number of rows they move, counted with a Jdbi {@link SqlLogger} on the
 * backend's {@code Jdbi} (every statement Jdbi executes passes through it once; a batch counts once).
 *
 * <p>The bounds, derived from the manager's algorithm and the adapter's fixed statements per level,
 * for a root of type {@code t} in a type graph of {@code N} types and {@code K} parent/child links:
 * <ul>
 *   <li>delete = 1 (find the root) + ancestors(t) (one find each) + 1 (mark the root)
 *       + cascadeLinks(t) × (PostgreSQL: 1 bulk UPDATE … RETURNING; MariaDB: 2, a locking read that counts
 *       and sums, then the UPDATE; H2: 3, bytes before, UPDATE, bytes after) + 1 (insert);</li>
 *   <li>restore = 1 (find the item) + 1 (find the root) + 1 if t has a parent (lock it) + 1 (remove
 *       the item) + 1 if t has slugs (slugs in use) + 1 if the slug is taken (rename) + |subtree(t)|
 *       (one bulk UPDATE per type);</li>
 *   <li>purge of one item with nothing nested = 1 (find) + K (before it claims anything, core looks for
 *       a held item nested inside, SPEC R32: one query per link) + C (the claim: PostgreSQL 1, an
 *       {@code UPDATE … RETURNING} of the rows its CTE locks; MariaDB and H2 2, lock then take) + K (nested
 *       items, one query per link) + 2 (remove the claimed record: lock, delete) + N (one bulk DELETE
 *       per type) + 1 (the test ledger's INSERT);</li>
 *   <li>a sweep of one due item = 1 (the workspaces with due items, unlocked) + the purge's statements
 *       without the find and the look for held items + 1 (the workspaces again, none left).</li>
 *   <li>a hold or its release = 1 (find) + 1 (the conditional UPDATE); re-applying the retention = 1
 *       UPDATE per type; a restore preview = 1 (find) + |subtree(t)| (one aggregate per type) + the
 *       restore's reads; a restore into another parent = the restore + 1 (the move).</li>
 *   <li>a page of the listing = 1, in every order, with every filter, with or without a cursor (SPEC
 *       R38);</li>
 *   <li>expiry warnings add to a sweep 1 (the workspaces with items to warn, unlocked) + per workspace
 *       2 per batch (lock, mark) + 1 if the last batch was full (the look that finds none left), whatever
 *       the number of items in a batch (SPEC R39).</li>
 * </ul>
 * For the reference types (N = 8, K = 6): a dataset's delete ≤ 5 (MariaDB: 7, H2: 9), restore ≤ 8, purge ≤ 26
 * (PostgreSQL: 25), sweep ≤ 21 (PostgreSQL: 20; the sweeper does not look for held items first: a unit with a held item nested in it
 * cannot claim that item, and waits).
 *
 * <p>A type nested in itself (SPEC R37) costs the same at any depth: its own link is one level
 * (one recursive statement, as many statements as any level), and a purge of it, where foreign
 * keys are checked row by row (MariaDB, H2), one more statement (the detach before the
 * {@code DELETE}). With {@link ReferenceTypes#WITH_FOLDERS} (N = 10, K = 8) a folder's delete is
 * 1 + 0 + 1 + 2 levels + 1, its restore ≤ 1 + 1 + 1 + 1 + 1 + 2, its purge ≤ 1 + K + C + K + 2 + N
 * (+ 1 detach) + 1. Measured (delete, restore, purge), the same for a chain of depth 1, 10 and 100:
 * PostgreSQL 5, 5, 31 (32 before its claim was one statement); MariaDB 7, 5, 33; H2 9, 5, 33.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JdbiStatementCountTest extends TrashFixture {
    private static final int TYPES = ReferenceTypes.ALL.size();
    private static final int LINKS = (int) ReferenceTypes.ALL.stream().filter(t -> t.parent().isPresent()).count();

    @Parameter
    TestDatabase database;

    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return database.backend(types);
    }

    /** @return C, the statements of one claim: PostgreSQL 1 (the locking CTE and the UPDATE in one), else 2 */
    private int claim() {
        return database == TestDatabase.POSTGRESQL ? 1 : 2;
    }

    /** Counts (and keeps) every statement the backend's Jdbi executes while installed. */
    static final class Counter implements SqlLogger {
        final List<String> statements = new CopyOnWriteArrayList<>();

        @Override
        public void logBeforeExecution(StatementContext context) {
            statements.add(context.getRenderedSql().replaceAll("\\s+", " ").trim());
        }

        /** @return how many statements {@code work} issued */
        <T> Measured<T> measure(Jdbi jdbi, Supplier<T> work) {
            SqlStatements config = jdbi.getConfig(SqlStatements.class);
            SqlLogger previous = config.getSqlLogger();
            statements.clear();
            config.setSqlLogger(this);
            try {
                T result = work.get();
                return new Measured<>(result, List.copyOf(statements));
            } finally {
                config.setSqlLogger(previous);
            }
        }
    }

    /** What an operation returned, and the statements it issued. */
    record Measured<T>(T result, List<String> statements) {
        int count() {
            return statements.size();
        }
    }

    /** The statements of one delete, restore and purge of the same root. */
    record Costs(Measured<TrashItem> delete, Measured<Restored> restore, Measured<Purged> purge) {
        @Override
        public String toString() {
            return "delete=" + delete.count() + " restore=" + restore.count() + " purge=" + purge.count();
        }
    }

    private Jdbi jdbi() {
        return ((JdbiBackend) backend).jdbi;
    }

    /** Inserts {@code count} children of {@code type} under {@code parent} in one JDBC batch. */
    private void seedChildren(String type, ResourceRef parent, String prefix, int count, long size) {
        String parentColumn = ReferenceSchema.parentColumn(type);
        jdbi().useHandle(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO " + type + " (id, workspace_id, " + parentColumn
                    + ", name, size_bytes) VALUES (:id, :ws, :parent, :name, :size)");
            for (int i = 0; i < count; i++) {
                batch.bind("id", prefix + "-" + i).bind("ws", W1.value()).bind("parent", parent.id())
                        .bind("name", type + " " + i).bind("size", size).add();
            }
            batch.execute();
        });
    }

    private Costs deleteRestoreDeletePurge(ResourceRef root) {
        Counter counter = new Counter();
        Measured<TrashItem> delete = counter.measure(jdbi(), () -> trash.delete(W1, root, ALICE));
        Measured<Restored> restore = counter.measure(jdbi(), () -> trash.restore(W1, delete.result().id(), ALICE));
        TrashItem again = trash.delete(W1, root, ALICE);
        Measured<Purged> purge = counter.measure(jdbi(), () -> trash.purge(W1, again.id(), ALICE));
        return new Costs(delete, restore, purge);
    }

    private Costs datasetCosts(String id, int childrenPerType) {
        ResourceRef d = dataset(W1, id, 1);
        seedChildren(IMAGE, d, id + "-img", childrenPerType, 10);
        seedChildren(ANNOTATION, d, id + "-ann", childrenPerType, 1);
        Costs costs = deleteRestoreDeletePurge(d);

        long moved = 2L * childrenPerType;
        assertThat(costs.delete().result().cascadedCount()).isEqualTo(moved);
        assertThat(costs.delete().result().sizeBytes()).isEqualTo(1 + 11L * childrenPerType);
        assertThat(costs.restore().result().restoredCount()).isEqualTo(moved + 1);
        assertThat(costs.purge().result().items()).isEqualTo(1);
        assertThat(backend.exists(d)).isFalse();
        assertThat(count("SELECT COUNT(*) FROM image WHERE dataset_id = '" + id + "'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM annotation WHERE dataset_id = '" + id + "'")).isZero();
        return costs;
    }

    /**
     * Statements of one cascade level: PostgreSQL one (UPDATE … RETURNING); MariaDB two (a locking
     * read that counts and sums, the UPDATE); H2 three (bytes before, UPDATE, bytes after).
     */
    private int perLevel() {
        return switch (database) {
            case POSTGRESQL -> 1;
            case MARIADB -> 2;
            case H2 -> 3;
        };
    }

    private long count(String sql) {
        return jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    @DisplayName("R3 R10 R15 bulk SQL: a dataset with 10+10 or 10,000+10,000 children costs the same statements to delete, restore and purge")
    void datasetCascadeCostsConstantStatements() {
        Costs small = datasetCosts("small", 10);
        Costs large = datasetCosts("large", 10_000);
        System.out.printf("[%s] dataset statements, 10+10 children: %s; 10,000+10,000 children: %s%n",
                database, small, large);

        assertThat(large.delete().count()).as("delete").isEqualTo(small.delete().count());
        assertThat(large.restore().count()).as("restore").isEqualTo(small.restore().count());
        assertThat(large.purge().count()).as("purge").isEqualTo(small.purge().count());
        // Statements are the same, not only as many: the row count never shows up in the SQL.
        assertThat(large.delete().statements()).isEqualTo(small.delete().statements());
        assertThat(large.restore().statements()).isEqualTo(small.restore().statements());

        // dataset: no ancestor, 2 cascade links (image, annotation), a slug, a subtree of 3 types.
        assertThat(small.delete().count()).as("delete ≤ 1 + 0 + 1 + 2 levels + 1")
                .isLessThanOrEqualTo(1 + 0 + 1 + 2 * perLevel() + 1);
        assertThat(small.restore().count()).as("restore ≤ 1 + 1 + 0 + 1 + 1 + 1 + 3").isLessThanOrEqualTo(8);
        assertThat(small.purge().count()).as("purge ≤ 1 + K + C + K + 2 + N + 1")
                .isLessThanOrEqualTo(1 + LINKS + claim() + LINKS + 2 + TYPES + 1);
    }

    @Test
    @DisplayName("R3 R10 R15 bulk SQL: a project's three-level cascade costs the same statements for 2 or 400 models (with weights)")
    void projectCascadeCostsConstantStatements() {
        Costs small = projectCosts("ps", 2);
        Costs large = projectCosts("pl", 400);
        System.out.printf("[%s] project statements, 2 models + 4 weights: %s; 400 models + 800 weights: %s%n",
                database, small, large);

        assertThat(large.delete().count()).as("delete").isEqualTo(small.delete().count());
        assertThat(large.restore().count()).as("restore").isEqualTo(small.restore().count());
        assertThat(large.purge().count()).as("purge").isEqualTo(small.purge().count());
        // project: no ancestor, 4 cascade links (model, weights, training_run, export), a slug, a subtree of 5 types.
        assertThat(small.delete().count()).as("delete ≤ 1 + 0 + 1 + 4 levels + 1")
                .isLessThanOrEqualTo(1 + 0 + 1 + 4 * perLevel() + 1);
        assertThat(small.restore().count()).as("restore ≤ 1 + 1 + 0 + 1 + 1 + 1 + 5").isLessThanOrEqualTo(10);
        assertThat(small.purge().count()).isLessThanOrEqualTo(1 + LINKS + claim() + LINKS + 2 + TYPES + 1);
    }

    private Costs projectCosts(String id, int models) {
        ResourceRef p = project(W1, id, 1);
        jdbi().useHandle(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO " + MODEL
                    + " (id, workspace_id, project_id, name, slug, size_bytes) VALUES (:id, :ws, :p, :id, :id, 1)");
            for (int i = 0; i < models; i++) {
                batch.bind("id", id + "-m" + i).bind("ws", W1.value()).bind("p", id).add();
            }
            batch.execute();
            PreparedBatch weights = h.prepareBatch("INSERT INTO " + WEIGHTS
                    + " (id, workspace_id, model_id, name, size_bytes) VALUES (:id, :ws, :m, :id, 100)");
            for (int i = 0; i < models; i++) {
                for (int w = 0; w < 2; w++) {
                    weights.bind("id", id + "-m" + i + "-w" + w).bind("ws", W1.value()).bind("m", id + "-m" + i).add();
                }
            }
            weights.execute();
        });
        Costs costs = deleteRestoreDeletePurge(p);
        assertThat(costs.delete().result().cascadedCount()).isEqualTo(3L * models);
        assertThat(costs.restore().result().restoredCount()).isEqualTo(3L * models + 1);
        assertThat(backend.exists(p)).isFalse();
        assertThat(count("SELECT COUNT(*) FROM " + WEIGHTS + " WHERE model_id LIKE '" + id + "-m%'")).isZero();
        return costs;
    }

    /** Inserts a folder {@code id} under {@code parent} (or at the top) with a document, each in one batch of its type. */
    private void seedChain(String prefix, int depth) {
        jdbi().useHandle(h -> {
            PreparedBatch folders = h.prepareBatch("INSERT INTO " + FOLDER + " (id, workspace_id, parent_id, name, slug, "
                    + "size_bytes) VALUES (:id, :ws, :parent, :id, :id, 1)");
            PreparedBatch documents = h.prepareBatch("INSERT INTO " + DOCUMENT + " (id, workspace_id, folder_id, name, "
                    + "size_bytes) VALUES (:id, :ws, :folder, :id, 10)");
            for (int i = 0; i <= depth; i++) {
                String id = prefix + "-" + i;
                folders.bind("id", id).bind("ws", W1.value()).bind("parent", i == 0 ? null : prefix + "-" + (i - 1)).add();
                documents.bind("id", id + "-doc").bind("ws", W1.value()).bind("folder", id).add();
            }
            folders.execute();
            documents.execute();
        });
    }

    /** The costs of a top folder with a chain of {@code depth} folders below it, each of the {@code depth + 1} with a document. */
    private Costs chainCosts(String prefix, int depth) {
        seedChain(prefix, depth);
        ResourceRef top = ResourceRef.of(FOLDER, prefix + "-0");
        Costs costs = deleteRestoreDeletePurge(top);
        assertThat(costs.delete().result().cascadedCount()).as("the folders below and every document").isEqualTo(2L * depth + 1);
        assertThat(costs.delete().result().sizeBytes()).isEqualTo(11L * (depth + 1));
        assertThat(costs.restore().result().restoredCount()).isEqualTo(2L * (depth + 1));
        assertThat(costs.purge().result()).isEqualTo(new Purged(1, 11L * (depth + 1), 0));
        assertThat(count("SELECT COUNT(*) FROM " + FOLDER + " WHERE id LIKE '" + prefix + "-%'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + DOCUMENT + " WHERE id LIKE '" + prefix + "-%'")).isZero();
        return costs;
    }

    @Test
    @DisplayName("R37 bulk SQL: a folder chain of depth 1, 10 or 100 (a document in each folder) costs the same statements to delete, restore and purge")
    void folderChainCostsConstantStatementsInDepth() throws Exception {
        useTypes(ReferenceTypes.WITH_FOLDERS);
        int types = ReferenceTypes.WITH_FOLDERS.size();
        int links = (int) ReferenceTypes.WITH_FOLDERS.stream().filter(t -> t.parent().isPresent()).count();
        Costs one = chainCosts("a", 1);
        Costs ten = chainCosts("b", 10);
        Costs hundred = chainCosts("c", 100);
        System.out.printf("[%s] folder chain statements, depth 1: %s; depth 10: %s; depth 100: %s%n", database, one, ten,
                hundred);

        for (Costs deeper : List.of(ten, hundred)) {
            assertThat(deeper.delete().count()).as("delete").isEqualTo(one.delete().count());
            assertThat(deeper.restore().count()).as("restore").isEqualTo(one.restore().count());
            assertThat(deeper.purge().count()).as("purge").isEqualTo(one.purge().count());
            // The same statements, not only as many: neither the depth nor the rows show in the SQL.
            assertThat(deeper.delete().statements()).isEqualTo(one.delete().statements());
            assertThat(deeper.restore().statements()).isEqualTo(one.restore().statements());
        }
        // folder: no ancestor, 2 cascade links (folder itself, document), a slug, a subtree of 2 types.
        assertThat(one.delete().count()).as("delete = 1 + 0 + 1 + 2 levels + 1").isEqualTo(1 + 0 + 1 + 2 * perLevel() + 1);
        assertThat(one.restore().count()).as("restore ≤ 1 + 1 + 1 + 1 + 1 + 2").isLessThanOrEqualTo(7);
        int detach = database == TestDatabase.POSTGRESQL ? 0 : 1;
        assertThat(one.purge().count()).as("purge ≤ 1 + K + C + K + 2 + N + detach + 1")
                .isLessThanOrEqualTo(1 + links + claim() + links + 2 + types + detach + 1);
        assertThat(one.delete().statements()).as("one recursive statement for the folders")
                .filteredOn(sql -> sql.contains("WITH RECURSIVE")).hasSize(database == TestDatabase.H2 ? 1 : perLevel());
        assertThat(one.purge().statements()).as("the detach, where keys are checked row by row")
                .filteredOn(sql -> sql.startsWith("UPDATE folder SET parent_id = NULL")).hasSize(detach);
    }

    @Test
    @DisplayName("R11 a restore that renames the slug adds exactly one statement (the rename), still independent of rows")
    void renamingRestoreAddsOneStatement() {
        ResourceRef d = dataset(W1, "d1", 1);
        seedChildren(IMAGE, d, "d1-img", 50, 1);
        Counter counter = new Counter();
        TrashItem first = trash.delete(W1, d, ALICE);
        Measured<Restored> plain = counter.measure(jdbi(), () -> trash.restore(W1, first.id(), ALICE));
        TrashItem second = trash.delete(W1, d, ALICE);
        backend.add(dev.trash.spi.HostResource.root(ResourceRef.of(DATASET, "d2"), W1, "Dataset d2", "d1", 1));
        Measured<Restored> renamed = counter.measure(jdbi(), () -> trash.restore(W1, second.id(), ALICE));

        assertThat(plain.result().renamed()).isFalse();
        assertThat(renamed.result().slug()).contains("d1-2");
        assertThat(renamed.count()).isEqualTo(plain.count() + 1);
        assertThat(renamed.statements()).anySatisfy(sql -> assertThat(sql).startsWith("UPDATE dataset SET slug"));
    }

    @Test
    @DisplayName("R17 a sweep of one expired dataset costs the same statements for 10 or 5,000 images")
    void sweepCostsConstantStatements() {
        ResourceRef small = dataset(W1, "s", 1);
        seedChildren(IMAGE, small, "s-img", 10, 1);
        ResourceRef large = dataset(W1, "l", 1);
        seedChildren(IMAGE, large, "l-img", 5_000, 1);
        var sweeper = trash.sweeper(dev.trash.SweeperOptions.defaults());
        Counter counter = new Counter();

        trash.delete(W1, small, ALICE);
        clock.advance(java.time.Duration.ofDays(31));
        Measured<Purged> sweptSmall = counter.measure(jdbi(), sweeper::sweepOnce);
        trash.delete(W1, large, ALICE);
        clock.advance(java.time.Duration.ofDays(31));
        Measured<Purged> sweptLarge = counter.measure(jdbi(), sweeper::sweepOnce);
        System.out.printf("[%s] sweep statements, 10 images: %d; 5,000 images: %d%n", database, sweptSmall.count(),
                sweptLarge.count());

        assertThat(sweptSmall.result().items()).isEqualTo(1);
        assertThat(sweptLarge.result().items()).isEqualTo(1);
        assertThat(backend.exists(large)).isFalse();
        assertThat(sweptLarge.count()).isEqualTo(sweptSmall.count());
        // workspaces with due items (1) + claimNext in the one workspace (C) + K + removeAll (lock + delete)
        // + N + ledger, then the workspaces again, which finds none (1); the batch was not full, so no second claim.
        assertThat(sweptSmall.count()).isLessThanOrEqualTo(1 + claim() + LINKS + 2 + TYPES + 1 + 1);
        assertThat(sweptSmall.statements()).as("the claim").filteredOn(sql -> sql.contains("FOR UPDATE SKIP LOCKED"))
                .hasSize(1).allSatisfy(sql -> assertThat(sql.startsWith("WITH c AS MATERIALIZED (SELECT"))
                        .isEqualTo(database == TestDatabase.POSTGRESQL));
    }

    @Test
    @DisplayName("R32 R36 bulk SQL: a hold and its release are one read and one UPDATE each; re-applying the retention "
            + "is one UPDATE per type, for 1 or 60 items")
    void holdAndRetentionCostConstantStatements() {
        java.util.concurrent.atomic.AtomicInteger days = new java.util.concurrent.atomic.AtomicInteger(30);
        trash = builder().retentionPolicy((w, t, dflt) -> java.time.Duration.ofDays(days.get())).build();
        ResourceRef d = dataset(W1, "d1", 1);
        seedChildren(IMAGE, d, "d1-img", 20, 1);
        TrashItem item = trash.delete(W1, d, ALICE);
        Counter counter = new Counter();

        Measured<TrashItem> hold = counter.measure(jdbi(), () -> trash.hold(W1, item.id(), "audit", ALICE));
        Measured<TrashItem> release = counter.measure(jdbi(), () -> trash.releaseHold(W1, item.id(), ALICE));
        days.set(45); // a plan change: each re-application has expiries to change
        Measured<Long> one = counter.measure(jdbi(), () -> trash.reapplyRetention(W1, ALICE));
        for (int i = 0; i < 59; i++) {
            trash.delete(W1, project(W1, "p" + i, 1), ALICE);
        }
        days.set(60);
        Measured<Long> many = counter.measure(jdbi(), () -> trash.reapplyRetention(W1, ALICE));
        System.out.printf("[%s] statements: hold %d, release %d, reapplyRetention of 1 item %d, of 60 items %d%n",
                database, hold.count(), release.count(), one.count(), many.count());

        assertThat(hold.result().held()).isTrue();
        assertThat(release.result().held()).isFalse();
        assertThat(hold.count()).as("find + setHold").isEqualTo(2);
        assertThat(release.count()).as("find + setHold").isEqualTo(2);
        assertThat(hold.statements().get(1)).startsWith("UPDATE trash_item SET held_at = ");
        assertThat(one.result()).isEqualTo(1);
        assertThat(many.result()).isEqualTo(60);
        assertThat(many.statements()).as("one UPDATE per type, whatever the items").isEqualTo(one.statements())
                .hasSize(TYPES).allSatisfy(sql -> assertThat(sql).startsWith("UPDATE trash_item SET expires_at = "));
    }

    @Test
    @DisplayName("R38 a page is one statement in every order, with every filter, first page or after a cursor")
    void everyPageIsOneStatement() {
        ResourceRef host = project(W1, "host", 1);
        for (int i = 0; i < 6; i++) {
            trash.delete(W1, project(W1, "report-" + i, 10 + i), ALICE);
            trash.delete(W1, model(host, "m" + i, 20 + i), ActorId.of("bob"));
            clock.advance(java.time.Duration.ofMinutes(1));
        }
        java.time.Instant from = START.plusSeconds(60);
        List<TrashQuery> filters = List.of(TrashQuery.all(), TrashQuery.all().nameContains("REPORT_%"),
                TrashQuery.all().nameContains("report"), TrashQuery.all().deletedBy(ActorId.of("bob")),
                TrashQuery.all().deletedBetween(from, from.plusSeconds(180)), TrashQuery.all().type(MODEL),
                trash.expiringWithin(java.time.Duration.ofDays(31)));
        Counter counter = new Counter();
        int pages = 0;
        for (SortOrder order : SortOrder.values()) {
            for (TrashQuery filter : filters) {
                TrashQuery query = filter.order(order).limit(2);
                Measured<Page<TrashItem>> first = counter.measure(jdbi(), () -> trash.list(W1, query));
                assertThat(first.count()).as(order + " " + filter + ", first page").isEqualTo(1);
                assertThat(first.statements().get(0)).startsWith("SELECT * FROM trash_item WHERE workspace = ");
                pages++;
                if (first.result().nextCursor().isPresent()) {
                    Measured<Page<TrashItem>> next = counter.measure(jdbi(),
                            () -> trash.list(W1, query.after(first.result().nextCursor().get())));
                    assertThat(next.count()).as(order + " " + filter + ", after a cursor").isEqualTo(1);
                    pages++;
                }
            }
        }
        System.out.printf("[%s] listing: %d pages over %d orders and %d filters, one statement each%n", database, pages,
                SortOrder.values().length, filters.size());
    }

    @Test
    @DisplayName("R39 expiry warnings add a fixed number of statements to a sweep: 1 + 2 per workspace for 3 or 60 items; "
            + "nothing to warn costs the one unlocked look")
    void warningsCostConstantStatements() throws Exception {
        java.util.List<TrashItem> told = new CopyOnWriteArrayList<>();
        TrashManager warned = builder().expiryWarnings(java.time.Duration.ofDays(7), told::addAll).build();
        TrashManager silent = builder().build();
        var options = dev.trash.SweeperOptions.defaults().batchSize(100);

        for (int i = 0; i < 3; i++) {
            warned.delete(W1, project(W1, "a" + i, 1), ALICE);
        }
        clock.advance(java.time.Duration.ofDays(1));
        for (int i = 0; i < 60; i++) {
            warned.delete(W1, project(W1, "b" + i, 1), ALICE);
            warned.delete(W2, project(W2, "c" + i, 1), ALICE);
        }
        Counter counter = new Counter();
        Measured<Purged> none = counter.measure(jdbi(), () -> silent.sweeper(options).sweepOnce());
        Measured<Purged> nothingYet = counter.measure(jdbi(), () -> warned.sweeper(options).sweepOnce());
        clock.advance(java.time.Duration.ofDays(22)); // the first 3 expire in 7 days, the others in 8
        Measured<Purged> three = counter.measure(jdbi(), () -> warned.sweeper(options).sweepOnce());
        assertThat(told).hasSize(3);
        clock.advance(java.time.Duration.ofDays(1)); // the other 120, in two workspaces
        Measured<Purged> many = counter.measure(jdbi(), () -> warned.sweeper(options).sweepOnce());
        assertThat(told).hasSize(123);
        Measured<Purged> after = counter.measure(jdbi(), () -> warned.sweeper(options).sweepOnce());
        System.out.printf("[%s] sweep statements with nothing due: %d without warnings, %d with; warning 3 items in one "
                + "workspace: %d; 120 in two: %d; then %d%n", database, none.count(), nothingYet.count(), three.count(),
                many.count(), after.count());

        assertThat(nothingYet.count()).as("the unlocked look for workspaces with items to warn").isEqualTo(none.count() + 1);
        assertThat(three.count()).as("+ lock and mark in the one workspace").isEqualTo(none.count() + 1 + 2);
        assertThat(many.count()).as("+ lock and mark in each of two workspaces, 60 items each").isEqualTo(none.count() + 1 + 2 * 2);
        assertThat(after.count()).as("all told: the look again, nothing else").isEqualTo(none.count() + 1);
        assertThat(three.statements()).anySatisfy(sql -> assertThat(sql).matches(
                "UPDATE trash_item (FORCE INDEX \\(PRIMARY\\) )?SET warned_at = .*"));
    }

    @Test
    @DisplayName("R33 R34 bulk SQL: a restore preview costs the same for 10 or 5,000 images (one aggregate per type); a "
            + "restore into another parent adds exactly one statement (the move) to a restore")
    void previewAndRestoreIntoCostConstantStatements() {
        ResourceRef small = dataset(W1, "s", 1);
        seedChildren(IMAGE, small, "s-img", 10, 1);
        ResourceRef large = dataset(W1, "l", 1);
        seedChildren(IMAGE, large, "l-img", 5_000, 1);
        TrashItem smallItem = trash.delete(W1, small, ALICE);
        TrashItem largeItem = trash.delete(W1, large, ALICE);
        Counter counter = new Counter();

        var previewSmall = counter.measure(jdbi(), () -> trash.previewRestore(W1, smallItem.id()));
        var previewLarge = counter.measure(jdbi(), () -> trash.previewRestore(W1, largeItem.id()));
        System.out.printf("[%s] preview statements, 10 images: %d; 5,000 images: %d%n", database, previewSmall.count(),
                previewLarge.count());
        assertThat(previewLarge.result().types().get(IMAGE).items()).isEqualTo(5_000);
        assertThat(previewLarge.statements()).isEqualTo(previewSmall.statements());
        // find + one aggregate per type of the subtree (dataset, image, annotation) + the restore's reads: find,
        // find the root, slugs in use.
        assertThat(previewSmall.count()).isLessThanOrEqualTo(1 + 3 + 3);

        ResourceRef p = project(W1, "p", 1);
        ResourceRef q = project(W1, "q", 1);
        ResourceRef m = model(p, "m", 10);
        child(WEIGHTS, m, "m-w", 100);
        TrashItem first = trash.delete(W1, m, ALICE);
        Measured<Restored> plain = counter.measure(jdbi(), () -> trash.restore(W1, first.id(), ALICE));
        TrashItem again = trash.delete(W1, m, ALICE);
        Measured<Restored> into = counter.measure(jdbi(), () -> trash.restoreInto(W1, again.id(), q, ALICE));
        System.out.printf("[%s] model restore statements: %d; into another project: %d%n", database, plain.count(),
                into.count());
        assertThat(into.result().restoredCount()).isEqualTo(2);
        assertThat(into.count()).isEqualTo(plain.count() + 1);
        assertThat(backend.find(m).orElseThrow().resource().parent()).contains(q);
        assertThat(into.statements()).anySatisfy(sql -> assertThat(sql).startsWith("UPDATE model SET project_id = "));
    }
}

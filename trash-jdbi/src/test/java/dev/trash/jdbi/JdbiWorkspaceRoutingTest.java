package dev.trash.jdbi;

import static dev.trash.testkit.ReferenceTypes.ANNOTATION;
import static dev.trash.testkit.ReferenceTypes.DATASET;
import static dev.trash.testkit.ReferenceTypes.DOCUMENT;
import static dev.trash.testkit.ReferenceTypes.FOLDER;
import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static dev.trash.testkit.ReferenceTypes.WEIGHTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ParentInTrashException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.Restored;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TrashSweeper;
import dev.trash.TreemapOptions;
import dev.trash.spi.HostResource;
import dev.trash.testkit.ReferenceTypes;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Routed by workspace (SPEC R44, R21): every statement the adapter sends names the workspace it
 * works in, so that on a database sharded by workspace each one is a single-shard query. A Jdbi
 * {@link SqlLogger} records every statement of a full life cycle — delete with cascade, a refused
 * and a renamed restore, purge with an item nested inside, Empty Trash, a sweep with a failed hook
 * and its retry, a hold and its release, restore previews, the retention re-applied, a restore into
 * another project — and each statement that touches {@code trash_item} or a host table must carry
 * the workspace predicate on every table it names (joins and subqueries included); the only
 * exception is the sweeper's unlocked look for the workspaces that have due items. The same for the
 * life cycle of a folder tree (SPEC R37), whose recursive statements name the workspace in each of
 * their steps. And a child row whose workspace differs from its parent's is never cascaded, purged
 * or counted with it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JdbiWorkspaceRoutingTest extends TrashFixture {
    /** The one statement that may look across workspaces (it locks nothing). */
    private static final String WORKSPACES_QUERY = "SELECT DISTINCT workspace FROM trash_item WHERE ";
    private static final Set<String> TABLES = ReferenceTypes.WITH_FOLDERS.stream().map(ResourceType::name)
            .collect(Collectors.toSet());
    /** A table named after FROM, JOIN, UPDATE or INTO, with its alias if it has one. */
    private static final Pattern TABLE_REF = Pattern.compile(
            "\\b(FROM|JOIN|UPDATE|INTO)\\s+(\\w+)(?:\\s+(?!WHERE\\b|SET\\b|ON\\b|JOIN\\b|LIMIT\\b|ORDER\\b|GROUP\\b|FOR\\b|FORCE\\b|LOCK\\b)(\\w+))?",
            Pattern.CASE_INSENSITIVE);

    @Parameter
    TestDatabase database;

    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return database.backend(types);
    }

    private Jdbi jdbi() {
        return ((JdbiBackend) backend).jdbi;
    }

    /** Records every statement the backend's Jdbi executes while {@link #record} runs. */
    private static final class Recorder implements SqlLogger {
        final List<String> statements = new CopyOnWriteArrayList<>();

        @Override
        public void logBeforeExecution(StatementContext context) {
            statements.add(context.getRenderedSql().replaceAll("\\s+", " ").trim());
        }
    }

    private final Recorder recorder = new Recorder();

    private <T> T record(Supplier<T> work) {
        SqlStatements config = jdbi().getConfig(SqlStatements.class);
        SqlLogger previous = config.getSqlLogger();
        config.setSqlLogger(recorder);
        try {
            return work.get();
        } finally {
            config.setSqlLogger(previous);
        }
    }

    private void recordRefusal(Runnable work, Class<? extends Throwable> refusal) {
        record(() -> {
            assertThatThrownBy(work::run).isInstanceOf(refusal);
            return null;
        });
    }

    /** @return why {@code sql} is not routed by workspace, or null if it is (or touches no table of ours) */
    static String unrouted(String statement) {
        // Comments (MariaDB's executable comments and MySQL's hints, which name no table) would hide a table from the pattern.
        String sql = statement.replaceAll("/\\*.*?\\*/", " ").replaceAll("\\s+", " ").trim();
        if (sql.startsWith(WORKSPACES_QUERY)) {
            return null;
        }
        String insert = "INSERT INTO trash_item (";
        if (sql.startsWith(insert)) {
            return sql.substring(insert.length(), sql.indexOf(')')).contains("workspace") ? null : "insert without workspace";
        }
        Matcher m = TABLE_REF.matcher(sql);
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            String table = m.group(2).toLowerCase(Locale.ROOT);
            String column = table.equals("trash_item") ? "workspace" : TABLES.contains(table) ? "workspace_id" : null;
            if (column == null) {
                continue; // a CTE, the test's own ledger
            }
            String alias = m.group(3);
            String predicate = (alias == null ? "(?<![\\w.])" : "\\b" + Pattern.quote(alias) + "\\.") + column + " = :\\w+";
            if (!Pattern.compile(predicate).matcher(sql).find()) {
                missing.add(table + (alias == null ? "" : " " + alias));
            }
        }
        return missing.isEmpty() ? null : "no workspace predicate on " + missing;
    }

    @Test
    @DisplayName("the routing check itself: it accepts routed statements and catches each unrouted table")
    void checkerCatchesUnroutedStatements() {
        assertThat(unrouted("SELECT * FROM trash_item WHERE workspace = :ws AND id = :id")).isNull();
        assertThat(unrouted("SELECT * FROM trash_item WHERE id = :id")).isNotNull();
        assertThat(unrouted("UPDATE image SET trash_item = :item WHERE workspace_id = :ws AND trash_item IS NULL AND "
                + "dataset_id IN (SELECT p.id FROM dataset p WHERE p.workspace_id = :pws AND p.trash_item = :item)")).isNull();
        assertThat(unrouted("UPDATE image SET trash_item = :item WHERE workspace_id = :ws AND trash_item IS NULL AND "
                + "dataset_id IN (SELECT p.id FROM dataset p WHERE p.trash_item = :item)")).contains("dataset p");
        assertThat(unrouted("SELECT c.trash_item FROM image c JOIN dataset p ON c.dataset_id = p.id WHERE "
                + "p.workspace_id = :pws")).contains("image c");
        assertThat(unrouted("SELECT c.trash_item FROM image c JOIN dataset p ON c.dataset_id = p.id WHERE "
                + "c.workspace_id = :ws AND p.workspace_id = :pws")).isNull();
        assertThat(unrouted("INSERT INTO trash_item (id, name) VALUES (:id, :name)")).isNotNull();
        assertThat(unrouted("INSERT INTO test_ledger (workspace, item, bytes) VALUES (:ws, :item, :bytes)")).isNull();
        // MariaDB's forms: an index hint is no alias, a joined UPDATE names both tables' workspaces.
        assertThat(unrouted("DELETE trash_item FROM trash_item FORCE INDEX (PRIMARY) WHERE workspace = :ws AND id IN (:a)"))
                .isNull();
        assertThat(unrouted("UPDATE trash_item FORCE INDEX (PRIMARY) SET purge_owner = :o WHERE id IN (:a)")).isNotNull();
        assertThat(unrouted("UPDATE image c JOIN dataset p ON c.dataset_id = p.id SET c.trash_item = :item WHERE "
                + "c.workspace_id = :ws AND c.trash_item IS NULL AND p.workspace_id = :pws AND p.trash_item = :item")).isNull();
        assertThat(unrouted("UPDATE image c JOIN dataset p ON c.dataset_id = p.id SET c.trash_item = :item WHERE "
                + "c.workspace_id = :ws AND c.trash_item IS NULL AND p.trash_item = :item")).contains("dataset p");
        assertThat(unrouted("SELECT id FROM dataset WHERE id = :id LOCK IN SHARE MODE")).contains("dataset");
        // A recursion names the workspace in each step, on the step's own alias; comments hide no table.
        String tree = "WITH RECURSIVE trash_tree (node_id) AS (SELECT c.id FROM folder c WHERE c.workspace_id = :ws AND "
                + "c.parent_id IN (SELECT p.id FROM folder p WHERE p.workspace_id = :pws AND p.trash_item = :item) UNION "
                + "SELECT n.id FROM folder n JOIN trash_tree r ON n.parent_id = r.node_id WHERE n.workspace_id = :ws) "
                + "SELECT node_id FROM trash_tree";
        assertThat(unrouted(tree)).isNull();
        assertThat(unrouted(tree.replace("n.workspace_id = :ws", "n.trash_item IS NULL"))).contains("folder n");
        assertThat(unrouted("/*M! SET STATEMENT x = 1 FOR */ UPDATE /*+ SET_VAR(y = 1) */ folder t JOIN (" + tree
                + ") d ON t.id = d.node_id SET t.trash_item = :item WHERE t.trash_item IS NULL")).contains("folder t");
    }

    @Test
    @DisplayName("R44 R21 every statement of a full life cycle names the workspace on each table it touches, except the unlocked workspaces query")
    void everyStatementNamesTheWorkspace() {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        trash = builder()
                .purgeHook(target -> {
                    target.resources(target.root().type()); // the hook's look at the item's rows: marked()
                    if (target.root().id().equals("flaky") && failOnce.getAndSet(false)) {
                        throw new IllegalStateException("file store down");
                    }
                })
                .build();
        for (var ws : List.of(W1, W2)) { // the same shape in another workspace, which nothing may touch
            String k = ws.value();
            ResourceRef p = project(ws, k + "-p", "proj", 1);
            ResourceRef m = model(p, k + "-m", "model", 10);
            child(WEIGHTS, m, k + "-w", 100);
            ResourceRef d = dataset(ws, k + "-d", 5);
            children(IMAGE, d, k + "-img", 3, 1);
            child(ANNOTATION, d, k + "-ann", 2);
        }
        ResourceRef p = ResourceRef.of(ReferenceTypes.PROJECT, "w1-p");
        ResourceRef m = ResourceRef.of(ReferenceTypes.MODEL, "w1-m");
        ResourceRef d = ResourceRef.of(DATASET, "w1-d");

        // Delete with cascade; a child trashed on its own first (R4).
        TrashItem model = record(() -> trash.delete(W1, m, ALICE));
        clock.advance(Duration.ofSeconds(1));
        TrashItem project = record(() -> trash.delete(W1, p, ALICE));
        record(() -> trash.list(W1, TrashQuery.all()));
        record(() -> trash.list(W1, TrashQuery.all().type(ReferenceTypes.PROJECT)));
        record(() -> trash.get(W1, project.id()));
        record(() -> trash.storageSummary(W1));
        record(() -> trash.treemap(W1, TreemapOptions.defaults()));
        // Restore: refused while the parent is in the Trash, then parent and child.
        recordRefusal(() -> trash.restore(W1, model.id(), ALICE), ParentInTrashException.class);
        record(() -> trash.restore(W1, project.id(), ALICE));
        record(() -> trash.restore(W1, model.id(), ALICE));
        // A renamed restore: the dataset's slug was taken meanwhile.
        TrashItem dataset = record(() -> trash.delete(W1, d, ALICE));
        backend.add(HostResource.root(ResourceRef.of(DATASET, "w1-d-new"), W1, "New", "w1-d", 1));
        Restored renamed = record(() -> trash.restore(W1, dataset.id(), ALICE));
        assertThat(renamed.slug()).contains("w1-d-2");
        // Purge of a project holding a model trashed on its own (R18).
        record(() -> trash.delete(W1, m, ALICE));
        clock.advance(Duration.ofSeconds(1));
        TrashItem doomed = record(() -> trash.delete(W1, p, ALICE));
        assertThat(record(() -> trash.purge(W1, doomed.id(), ALICE)).items()).isEqualTo(2);
        // Empty Trash.
        record(() -> trash.delete(W1, d, ALICE));
        record(() -> trash.delete(W1, ResourceRef.of(DATASET, "w1-d-new"), ALICE));
        assertThat(record(() -> trash.emptyTrash(W1, ALICE)).items()).isEqualTo(2);
        // A sweep whose hook fails once (the item is handed back with a backoff), then its retry.
        ResourceRef flaky = dataset(W1, "flaky", 3);
        child(IMAGE, flaky, "flaky-img", 1);
        record(() -> trash.delete(W1, flaky, ALICE));
        clock.advance(Duration.ofDays(31));
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        Purged failed = record(sweeper::sweepOnce);
        assertThat(failed.retrying()).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        assertThat(record(sweeper::sweepOnce).items()).isEqualTo(1);
        // A hold and its release (R32), restore previews (R33), the retention re-applied (R36), a restore into
        // another project (R34).
        ResourceRef hp = project(W1, "w1-hp", "hp", 1);
        ResourceRef hm = model(hp, "w1-hm", "hm", 10);
        child(WEIGHTS, hm, "w1-hw", 100);
        ResourceRef hq = project(W1, "w1-hq", "hq", 1);
        TrashItem lone = record(() -> trash.delete(W1, hm, ALICE));
        assertThat(record(() -> trash.hold(W1, lone.id(), "audit", ALICE)).held()).isTrue();
        assertThat(record(() -> trash.releaseHold(W1, lone.id(), ALICE)).held()).isFalse();
        assertThat(record(() -> trash.previewRestore(W1, lone.id())).types().get(WEIGHTS).items()).isEqualTo(1);
        record(() -> trash.previewRestoreInto(W1, lone.id(), hq));
        assertThat(record(() -> trash.reapplyRetention(W1, ALICE))).as("the retention is unchanged: nothing to write")
                .isZero();
        assertThat(record(() -> trash.restoreInto(W1, lone.id(), hq, ALICE)).restoredCount()).isEqualTo(2);

        List<String> statements = recorder.statements;
        List<String> unrouted = new ArrayList<>();
        for (String sql : statements) {
            String why = unrouted(sql);
            if (why != null) {
                unrouted.add(why + ": " + sql);
            }
        }
        System.out.printf("[%s] routing: %d statements recorded, %d of them the workspaces query%n", database,
                statements.size(), statements.stream().filter(s -> s.startsWith(WORKSPACES_QUERY)).count());
        assertThat(unrouted).as("statements without the workspace predicate").isEmpty();
        // The life cycle really went through every kind of statement.
        assertThat(statements).anyMatch(s -> s.startsWith(WORKSPACES_QUERY))
                .anyMatch(s -> s.startsWith("INSERT INTO trash_item"))
                .anyMatch(s -> s.contains("FOR UPDATE SKIP LOCKED"))
                .anyMatch(s -> s.matches("UPDATE trash_item (FORCE INDEX \\(PRIMARY\\) )?SET purge_owner.*") && s.contains("attempts"))
                .anyMatch(s -> s.startsWith("DELETE FROM trash_item"))
                .anyMatch(s -> s.startsWith("SELECT DISTINCT c.trash_item"))
                .anyMatch(s -> s.contains(" SET slug = "))
                .anyMatch(s -> s.contains("LIKE :pattern"))
                .anyMatch(s -> s.startsWith("DELETE FROM weights"))
                .anyMatch(s -> s.startsWith("SELECT id FROM dataset"))
                .anyMatch(s -> s.contains(database.shareLock()))
                .anyMatch(s -> s.contains("ORDER BY size_bytes DESC"))
                .anyMatch(s -> s.startsWith("UPDATE trash_item SET held_at = "))
                .anyMatch(s -> s.startsWith("UPDATE trash_item SET expires_at = "))
                .anyMatch(s -> s.startsWith("SELECT COUNT(*) AS n, COALESCE(SUM(size_bytes), 0) AS b FROM weights"))
                .anyMatch(s -> s.startsWith("UPDATE model SET project_id = ") && s.contains("EXISTS (SELECT 1 FROM project p"));
        // And nothing of W2 moved.
        assertThat(backend.active(W2, ReferenceTypes.PROJECT)).hasSize(1);
        assertThat(backend.active(W2, IMAGE)).hasSize(3);
        assertThat(backend.freedBytes(W2)).isZero();
    }

    @Test
    @DisplayName("R44 R37 every statement of a folder tree's life cycle names the workspace on each table it touches, "
            + "in each step of the recursion too")
    void folderTreeStatementsNameTheWorkspace() throws Exception {
        useTypes(ReferenceTypes.WITH_FOLDERS);
        for (var ws : List.of(W1, W2)) { // the same tree, with the same ids, in another workspace: nothing of it may move
            ResourceRef at = null;
            for (String id : List.of("top", "a", "b", "c")) {
                ResourceRef f = ResourceRef.of(FOLDER, ws.value() + "-" + id);
                backend.add(new HostResource(f, ws, java.util.Optional.ofNullable(at), id, java.util.Optional.of(id), 1));
                child(DOCUMENT, f, f.id() + "-doc", 10);
                at = f;
            }
            backend.add(HostResource.root(ResourceRef.of(FOLDER, ws.value() + "-other"), ws, "other", "other", 1));
        }
        ResourceRef top = ResourceRef.of(FOLDER, "w1-top");
        ResourceRef b = ResourceRef.of(FOLDER, "w1-b");
        ResourceRef c = ResourceRef.of(FOLDER, "w1-c");
        ResourceRef other = ResourceRef.of(FOLDER, "w1-other");

        TrashItem sub = record(() -> trash.delete(W1, b, ALICE)); // b, c and their documents
        clock.advance(Duration.ofSeconds(1));
        TrashItem tree = record(() -> trash.delete(W1, top, ALICE)); // top, a and their documents
        recordRefusal(() -> trash.restore(W1, sub.id(), ALICE), ParentInTrashException.class);
        record(() -> trash.previewRestoreInto(W1, sub.id(), other));
        assertThat(record(() -> trash.restoreInto(W1, sub.id(), other, ALICE)).restoredCount()).isEqualTo(4);
        assertThat(record(() -> trash.restore(W1, tree.id(), ALICE)).restoredCount()).isEqualTo(4);
        record(() -> trash.delete(W1, c, ALICE));
        clock.advance(Duration.ofSeconds(1));
        TrashItem doomed = record(() -> trash.delete(W1, other, ALICE)); // other, b and their documents; c's own item inside
        assertThat(record(() -> trash.purge(W1, doomed.id(), ALICE)).items()).isEqualTo(2);

        List<String> statements = recorder.statements;
        List<String> unrouted = new ArrayList<>();
        for (String sql : statements) {
            String why = unrouted(sql);
            if (why != null) {
                unrouted.add(why + ": " + sql);
            }
        }
        assertThat(unrouted).as("statements without the workspace predicate").isEmpty();
        assertThat(statements).as("the recursion, its recursive step on its own alias")
                .anyMatch(sql -> sql.contains("WITH RECURSIVE") && sql.contains("JOIN trash_tree r ON n.parent_id")
                        && sql.contains("n.workspace_id = :ws"))
                .anyMatch(sql -> sql.matches("UPDATE folder (c JOIN folder p ON p.workspace_id = :pws .*|SET parent_id = :parent .*)"))
                .anyMatch(sql -> sql.startsWith("DELETE FROM folder WHERE workspace_id = :ws"));
        if (database != TestDatabase.POSTGRESQL) {
            assertThat(statements).as("the detach before the purge's DELETE")
                    .anyMatch(sql -> sql.startsWith("UPDATE folder SET parent_id = NULL WHERE workspace_id = :ws"));
        }
        assertThat(backend.active(W2, FOLDER)).hasSize(5);
        assertThat(backend.active(W2, DOCUMENT)).hasSize(4);
        assertThat(backend.freedBytes(W2)).isZero();
        assertThat(backend.active(W1, FOLDER)).extracting(ResourceRef::id).containsExactly("w1-a", "w1-top");
    }

    @Test
    @DisplayName("R44 R38 R39 listing in every order with every filter, first page and after a cursor, and sweeps that "
            + "warn of expiries (one whose port fails, so the marks are cleared) name the workspace on every statement")
    void findingAndWarningNameTheWorkspace() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<TrashItem> told = new CopyOnWriteArrayList<>();
        trash = builder().expiryWarnings(Duration.ofDays(7), items -> {
            if (down.get()) {
                throw new java.io.IOException("mail server down");
            }
            told.addAll(items);
        }).build();
        for (var ws : List.of(W1, W2)) {
            for (int i = 0; i < 3; i++) {
                trash.delete(ws, project(ws, ws.value() + "-report-" + i, 1 + i), ALICE);
                trash.delete(ws, dataset(ws, ws.value() + "-d" + i, 10 + i), dev.trash.ActorId.of("bob"));
                clock.advance(Duration.ofMinutes(1));
            }
        }
        List<TrashQuery> filters = List.of(TrashQuery.all(), TrashQuery.all().nameContains("report"),
                TrashQuery.all().deletedBy(dev.trash.ActorId.of("bob")),
                TrashQuery.all().deletedBetween(START, START.plus(Duration.ofMinutes(2))),
                TrashQuery.all().type(DATASET), trash.expiringWithin(Duration.ofDays(30)));
        for (dev.trash.SortOrder order : dev.trash.SortOrder.values()) {
            for (TrashQuery filter : filters) {
                TrashQuery query = filter.order(order).limit(1);
                var first = record(() -> trash.list(W1, query));
                first.nextCursor().ifPresent(cursor -> record(() -> trash.list(W1, query.after(cursor))));
            }
        }
        clock.advance(Duration.ofDays(24));
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        record(sweeper::sweepOnce); // the port fails: the marks are cleared
        assertThat(told).isEmpty();
        down.set(false);
        record(sweeper::sweepOnce);
        assertThat(told).hasSize(12);

        List<String> statements = recorder.statements;
        List<String> unrouted = new ArrayList<>();
        for (String sql : statements) {
            String why = unrouted(sql);
            if (why != null) {
                unrouted.add(why + ": " + sql);
            }
        }
        assertThat(unrouted).as("statements without the workspace predicate").isEmpty();
        for (String column : List.of("deleted_at", "expires_at", "size_bytes", "name_key")) {
            assertThat(statements).as("ordered by " + column).anyMatch(s -> s.contains("ORDER BY " + column + " ASC"))
                    .anyMatch(s -> s.contains("ORDER BY " + column + " DESC"));
        }
        assertThat(statements).anyMatch(s -> s.contains("name_key LIKE :"))
                .anyMatch(s -> s.contains(":afterId"))
                .anyMatch(s -> s.matches("UPDATE trash_item (FORCE INDEX \\(PRIMARY\\) )?SET warned_at = :at .*"))
                .anyMatch(s -> s.matches("UPDATE trash_item (FORCE INDEX \\(PRIMARY\\) )?SET warned_at = :nothing .*"
                        + "AND warned_at = :at"))
                .anyMatch(s -> s.startsWith(WORKSPACES_QUERY) && s.contains("warned_at IS NULL"));
    }

    @Test
    @DisplayName("R21 a child row whose workspace differs from its parent's is not cascaded, purged or counted: the ledger credits only the parent's workspace rows")
    void childOfAnotherWorkspaceIsNotCascaded() {
        ResourceRef d = dataset(W1, "d1", 5);
        ResourceRef own = child(IMAGE, d, "i1", 10);
        ResourceRef stray = ResourceRef.of(IMAGE, "stray");
        // Host data that links across workspaces: an image of W2 under W1's dataset.
        jdbi().useHandle(h -> h.execute("INSERT INTO image (id, workspace_id, dataset_id, name, size_bytes)"
                + " VALUES ('stray', 'w2', 'd1', 'stray', 1000)"));

        TrashItem item = trash.delete(W1, d, ALICE);
        assertThat(item.cascadedCount()).as("only W1's image").isEqualTo(1);
        assertThat(item.sizeBytes()).isEqualTo(15);
        assertThat(trashedBy(own)).contains(item.id());
        assertThat(isActive(stray)).as("the stray image stays as it was").isTrue();
        assertThat(trash.restore(W1, item.id(), ALICE).restoredCount()).isEqualTo(2);
        assertThat(isActive(stray)).isTrue();

        TrashItem again = trash.delete(W1, d, ALICE);
        // The purge deletes nothing of W2: with the stray row still pointing at the dataset, the foreign key stops
        // the delete, the whole unit rolls back and is retried later; nothing is credited.
        Purged blocked = trash.purge(W1, again.id(), ALICE);
        assertThat(blocked.items()).isZero();
        assertThat(blocked.retrying()).isEqualTo(1);
        assertThat(backend.exists(d)).isTrue();
        assertThat(backend.exists(own)).isTrue();
        assertThat(isActive(stray)).isTrue();
        assertThat(backend.freedBytes(W1)).isZero();
        // The host fixes its data (the stray image goes to a dataset of its own workspace); the retry purges W1's rows.
        ResourceRef home = dataset(W2, "home", 1);
        jdbi().useHandle(h -> h.execute("UPDATE image SET dataset_id = 'home' WHERE id = 'stray'"));
        clock.advance(Duration.ofDays(1));
        assertThat(trash.sweeper(SweeperOptions.defaults()).sweepOnce().items()).isEqualTo(1);
        assertThat(backend.exists(d)).isFalse();
        assertThat(backend.exists(own)).isFalse();
        assertThat(isActive(stray)).isTrue();
        assertThat(isActive(home)).isTrue();
        assertThat(backend.freedBytes(W1)).isEqualTo(15);
        assertThat(backend.freedBytes(W2)).isZero();
        assertThat(backend.timesFreed(again.id())).isEqualTo(1);
    }
}

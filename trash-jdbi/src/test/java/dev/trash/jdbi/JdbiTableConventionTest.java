package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.ConfigurationException;
import dev.trash.InvalidArgumentException;
import dev.trash.NotFoundException;
import dev.trash.ParentInTrashException;
import dev.trash.ParentInfo;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.RestorePreview;
import dev.trash.Restored;
import dev.trash.SlugScope;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TypeUsage;
import dev.trash.WorkspaceId;
import dev.trash.memory.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table convention on a host schema that looks nothing like the reference one: keys that are
 * {@code BIGINT} (workspace too) or {@code UUID}, custom column names ({@code pid}, {@code owner_ws},
 * {@code project_ref}, {@code title}, {@code handle}, {@code deleted_by_item}), no size column, a
 * nullable name column, three levels (project → task → note), slugs unique per workspace
 * (projects) and per parent (tasks) among active rows. Everything runs end to end through a
 * manager: delete, cascade, restore with slug renames, purge.
 */
@ParameterizedClass(name = "{0} {1}")
@MethodSource("databasesAndKeys")
class JdbiTableConventionTest {
    private static final ActorId ACTOR = ActorId.of("carol");

    @Parameter(0)
    TestDatabase database;
    @Parameter(1)
    KeyType keys;

    private TestDatabase.Fresh db;
    private Jdbi jdbi;
    private JdbiTrash adapter;
    private ManualClock clock;
    private TrashManager trash;
    private WorkspaceId ws;
    private WorkspaceId otherWs;

    static Stream<Arguments> databasesAndKeys() {
        List<Arguments> all = new ArrayList<>();
        for (TestDatabase d : TestDatabase.values()) {
            for (KeyType k : List.of(KeyType.BIGINT, KeyType.UUID)) {
                all.add(Arguments.of(d, k));
            }
        }
        return all.stream();
    }

    static List<ResourceTable> tables(KeyType keys) {
        KeyType wsType = keys == KeyType.BIGINT ? KeyType.BIGINT : KeyType.TEXT;
        return List.of(
                ResourceTable.of("project", "acme_project").id("pid", keys).workspace("owner_ws", wsType)
                        .name("title").slug("handle").trashColumn("deleted_by_item"),
                ResourceTable.of("task", "acme_task").id("tid", keys).workspace("owner_ws", wsType)
                        .childOf("project", "project_ref").name("title").slug("handle").trashColumn("deleted_by_item"),
                ResourceTable.of("note", "acme_note").id("nid", keys).workspace("owner_ws", wsType)
                        .childOf("task", "task_ref").name("title").trashColumn("deleted_by_item"));
    }

    private List<String> ddl() {
        if (database == TestDatabase.MARIADB) {
            return mariadbDdl();
        }
        String k = keys == KeyType.BIGINT ? "BIGINT" : "UUID";
        String w = keys == KeyType.BIGINT ? "BIGINT" : "VARCHAR(64)";
        List<String> sql = new ArrayList<>(List.of(
                "CREATE TABLE acme_project (pid " + k + " PRIMARY KEY, owner_ws " + w + " NOT NULL,"
                        + " title VARCHAR(255) NOT NULL, handle VARCHAR(255) NOT NULL, deleted_by_item UUID)",
                "CREATE TABLE acme_task (tid " + k + " PRIMARY KEY, owner_ws " + w + " NOT NULL, project_ref " + k
                        + " NOT NULL REFERENCES acme_project (pid), title VARCHAR(255) NOT NULL,"
                        + " handle VARCHAR(255) NOT NULL, deleted_by_item UUID)",
                "CREATE TABLE acme_note (nid " + k + " PRIMARY KEY, owner_ws " + w + " NOT NULL, task_ref " + k
                        + " NOT NULL REFERENCES acme_task (tid), title VARCHAR(255), deleted_by_item UUID)",
                "CREATE INDEX acme_task_parent ON acme_task (project_ref)",
                "CREATE INDEX acme_note_parent ON acme_note (task_ref)",
                "CREATE INDEX acme_project_trash ON acme_project (deleted_by_item)",
                "CREATE INDEX acme_task_trash ON acme_task (deleted_by_item)",
                "CREATE INDEX acme_note_trash ON acme_note (deleted_by_item)"));
        for (String[] t : new String[][] {{"acme_project", "owner_ws"}, {"acme_task", "project_ref"}}) {
            if (database == TestDatabase.POSTGRESQL) {
                sql.add("CREATE UNIQUE INDEX " + t[0] + "_handle ON " + t[0] + " (" + t[1] + ", handle)"
                        + " WHERE deleted_by_item IS NULL");
            } else {
                sql.add("ALTER TABLE " + t[0] + " ADD COLUMN active_handle VARCHAR(255)"
                        + " GENERATED ALWAYS AS (CASE WHEN deleted_by_item IS NULL THEN handle END)");
                sql.add("CREATE UNIQUE INDEX " + t[0] + "_handle ON " + t[0] + " (" + t[1] + ", active_handle)");
            }
        }
        return sql;
    }

    /**
     * The same tables on MariaDB, by the README's recipe: UUID keys and trash columns of MariaDB's
     * {@code UUID} type, or (with BIGINT keys) trash columns of {@code VARCHAR(36)}, as on MySQL; key
     * columns compared byte for byte; the slug index led by the generated column.
     */
    private List<String> mariadbDdl() {
        String k = keys == KeyType.BIGINT ? "BIGINT" : "UUID";
        String w = keys == KeyType.BIGINT ? "BIGINT" : "VARCHAR(64) COLLATE utf8mb4_bin";
        String trash = keys == KeyType.BIGINT ? "VARCHAR(36) CHARACTER SET ascii" : "UUID";
        String tail = ") ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4";
        String handle = ", active_handle VARCHAR(255) AS (CASE WHEN deleted_by_item IS NULL THEN handle END) STORED";
        return List.of(
                "CREATE TABLE acme_project (pid " + k + " PRIMARY KEY, owner_ws " + w + " NOT NULL,"
                        + " title VARCHAR(255) NOT NULL, handle VARCHAR(255) NOT NULL, deleted_by_item " + trash + handle
                        + ", UNIQUE INDEX acme_project_handle (active_handle, owner_ws)"
                        + ", INDEX acme_project_trash (deleted_by_item)" + tail,
                "CREATE TABLE acme_task (tid " + k + " PRIMARY KEY, owner_ws " + w + " NOT NULL, project_ref " + k
                        + " NOT NULL, title VARCHAR(255) NOT NULL, handle VARCHAR(255) NOT NULL, deleted_by_item " + trash
                        + handle + ", UNIQUE INDEX acme_task_handle (active_handle, project_ref)"
                        + ", INDEX acme_task_parent (project_ref), INDEX acme_task_trash (deleted_by_item)"
                        + ", FOREIGN KEY (project_ref) REFERENCES acme_project (pid)" + tail,
                "CREATE TABLE acme_note (nid " + k + " PRIMARY KEY, owner_ws " + w + " NOT NULL, task_ref " + k
                        + " NOT NULL, title VARCHAR(255), deleted_by_item " + trash
                        + ", INDEX acme_note_parent (task_ref), INDEX acme_note_trash (deleted_by_item)"
                        + ", FOREIGN KEY (task_ref) REFERENCES acme_task (tid)" + tail);
    }

    @BeforeEach
    void hostSchema() {
        db = database.fresh(4);
        jdbi = db.jdbi();
        adapter = JdbiTrash.create(jdbi, tables(keys)).createSchemaIfMissing();
        jdbi.useTransaction(h -> ddl().forEach(h::execute));
        ws = WorkspaceId.of(keys == KeyType.BIGINT ? "42" : "acme");
        otherWs = WorkspaceId.of(keys == KeyType.BIGINT ? "43" : "other");
        clock = ManualClock.at(Instant.parse("2026-02-01T08:00:00Z"));
        trash = TrashManager.builder().backend(adapter).clock(clock).build();
    }

    @AfterEach
    void dropSchema() {
        db.close();
    }

    // ------------------------------------------------------------------ host side

    /** @return the id of resource number {@code n} as the library sees it: a long beyond int, or a UUID */
    private String key(int n) {
        return keys == KeyType.BIGINT ? String.valueOf(9_000_000_000L + n)
                : UUID.nameUUIDFromBytes(("key-" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Object sql(String id) {
        return keys == KeyType.BIGINT ? (Object) Long.parseLong(id) : UUID.fromString(id);
    }

    private Object sqlWs(WorkspaceId workspace) {
        return keys == KeyType.BIGINT ? (Object) Long.parseLong(workspace.value()) : workspace.value();
    }

    private ResourceRef project(int n, String handle, String title) {
        return project(ws, n, handle, title);
    }

    private ResourceRef project(WorkspaceId owner, int n, String handle, String title) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO acme_project (pid, owner_ws, title, handle) VALUES (?, ?, ?, ?)")
                .bind(0, sql(key(n))).bind(1, sqlWs(owner)).bind(2, title).bind(3, handle).execute());
        return ResourceRef.of("project", key(n));
    }

    private ResourceRef task(int n, ResourceRef project, String handle, String title) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO acme_task (tid, owner_ws, project_ref, title, handle)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .bind(0, sql(key(n))).bind(1, sqlWs(ws)).bind(2, sql(project.id())).bind(3, title).bind(4, handle)
                .execute());
        return ResourceRef.of("task", key(n));
    }

    private ResourceRef note(int n, ResourceRef task, String title) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO acme_note (nid, owner_ws, task_ref, title) VALUES (?, ?, ?, ?)")
                .bind(0, sql(key(n))).bind(1, sqlWs(ws)).bind(2, sql(task.id())).bind(3, title).execute());
        return ResourceRef.of("note", key(n));
    }

    private static String table(ResourceRef ref) {
        return "acme_" + ref.type();
    }

    private static String idColumn(ResourceRef ref) {
        return switch (ref.type()) {
            case "project" -> "pid";
            case "task" -> "tid";
            default -> "nid";
        };
    }

    /** @return the row's deleted_by_item: empty if active; the row must exist */
    private Optional<TrashItemId> trashedBy(ResourceRef ref) {
        return jdbi.withHandle(h -> h.createQuery("SELECT deleted_by_item FROM " + table(ref) + " WHERE "
                        + idColumn(ref) + " = ?")
                .bind(0, sql(ref.id())).mapTo(UUID.class).findOne())
                .map(TrashItemId::new);
    }

    private boolean exists(ResourceRef ref) {
        return count("SELECT COUNT(*) FROM " + table(ref) + " WHERE " + idColumn(ref) + " = ?", sql(ref.id())) == 1;
    }

    private String handle(ResourceRef ref) {
        return jdbi.withHandle(h -> h.createQuery("SELECT handle FROM " + table(ref) + " WHERE " + idColumn(ref) + " = ?")
                .bind(0, sql(ref.id())).mapTo(String.class).one());
    }

    private long count(String sql, Object... args) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    private List<TrashItemId> listed() {
        return trash.list(ws, TrashQuery.all()).items().stream().map(TrashItem::id).toList();
    }

    private TrashItem delete(ResourceRef ref) {
        clock.advance(Duration.ofMinutes(1)); // distinct deletion times: a predictable newest-first order
        return trash.delete(ws, ref, ACTOR);
    }

    // ------------------------------------------------------------------ tests

    @Test
    @DisplayName("R3 R4 R11 R12 R13 R15 R18 delete cascades over three levels, restore renames x → x-2, purge removes the rows")
    void cascadeRestoreRenamePurge() {
        ResourceRef p1 = project(1, "x", "Alpha");
        ResourceRef t1 = task(11, p1, "fix", "Fix it");
        ResourceRef t2 = task(12, p1, "build", "Build");
        ResourceRef n1 = note(21, t1, "first");
        ResourceRef n2 = note(22, t1, null);
        ResourceRef n3 = note(23, t2, "third");
        ResourceRef p2 = project(2, "y", "Beta");
        ResourceRef t3 = task(13, p2, "fix", "Other fix");

        TrashItem a = delete(t2);
        assertThat(a.cascadedCount()).isEqualTo(1);
        assertThat(a.sizeBytes()).as("no size column").isZero();
        assertThat(a.name()).isEqualTo("Build");
        assertThat(a.slug()).contains("build");
        assertThat(a.parent()).contains(new ParentInfo(p1, "Alpha"));
        assertThat(trashedBy(t2)).contains(a.id());
        assertThat(trashedBy(n3)).contains(a.id());

        TrashItem b = delete(p1);
        assertThat(b.cascadedCount()).as("t1, n1, n2; t2 and n3 keep their own item (R4)").isEqualTo(3);
        assertThat(List.of(p1, t1, n1, n2)).allSatisfy(r -> assertThat(trashedBy(r)).as(r.toString()).contains(b.id()));
        assertThat(trashedBy(t2)).contains(a.id());
        assertThat(trashedBy(n3)).contains(a.id());
        assertThat(trashedBy(p2)).isEmpty();
        assertThat(trashedBy(t3)).isEmpty();
        assertThat(listed()).containsExactly(b.id(), a.id());

        assertThatThrownBy(() -> trash.restore(ws, a.id(), ACTOR))
                .isInstanceOf(ParentInTrashException.class)
                .hasMessage("Cannot restore task while its parent project is in trash. Restore the project first.");

        ResourceRef p3 = project(3, "x", "Alpha again"); // the slug is free among active rows
        Restored restored = trash.restore(ws, b.id(), ACTOR);
        assertThat(restored.renamed()).isTrue();
        assertThat(restored.originalSlug()).contains("x");
        assertThat(restored.slug()).contains("x-2");
        assertThat(restored.restoredCount()).isEqualTo(4);
        assertThat(handle(p1)).isEqualTo("x-2");
        assertThat(handle(p3)).isEqualTo("x");
        assertThat(List.of(p1, t1, n1, n2)).allSatisfy(r -> assertThat(trashedBy(r)).as(r.toString()).isEmpty());
        assertThat(trashedBy(t2)).as("R13 not restored with its parent").contains(a.id());

        assertThat(trash.restore(ws, a.id(), ACTOR).restoredCount()).isEqualTo(2);
        assertThat(trashedBy(t2)).isEmpty();
        assertThat(trashedBy(n3)).isEmpty();

        TrashItem e = delete(n1);
        assertThat(e.name()).isEqualTo("first");
        TrashItem nullName = delete(n2);
        assertThat(nullName.name()).as("a NULL name falls back to the id").isEqualTo(n2.id());
        TrashItem d = delete(p1);
        assertThat(d.cascadedCount()).as("t1, t2, n3").isEqualTo(3);

        Purged purged = trash.purge(ws, d.id(), ACTOR);
        assertThat(purged.items()).as("R18 the project's item and the notes' own items").isEqualTo(3);
        assertThat(List.of(p1, t1, t2, n1, n2, n3)).allSatisfy(r -> assertThat(exists(r)).as(r.toString()).isFalse());
        assertThat(List.of(p2, t3, p3)).allSatisfy(r -> assertThat(exists(r)).as(r.toString()).isTrue());
        assertThat(count("SELECT COUNT(*) FROM acme_note")).isZero();
        assertThat(listed()).isEmpty();
        assertThat(trash.get(ws, e.id())).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM trash_item")).isZero();
    }

    @Test
    @DisplayName("R11 a task's slug is renamed within its own project only (fix → fix-3), the parent key bound as the column's type")
    void childSlugRenamedInParentScope() {
        ResourceRef p1 = project(1, "x", "Alpha");
        ResourceRef p2 = project(2, "y", "Beta");
        ResourceRef t1 = task(11, p1, "fix", "Fix it");
        note(21, t1, "n");
        TrashItem c = delete(t1);
        task(14, p1, "fix", "New fix");
        task(15, p1, "fix-2", "Newer fix");
        task(16, p2, "fix-3", "Other project's fix"); // another parent: does not count

        Restored restored = trash.restore(ws, c.id(), ACTOR);

        assertThat(restored.slug()).contains("fix-3");
        assertThat(restored.restoredCount()).isEqualTo(2);
        assertThat(handle(t1)).isEqualTo("fix-3");
        assertThat(trashedBy(t1)).isEmpty();
    }

    @Test
    @DisplayName("R33 R34 a restore preview counts each type's rows (0 bytes: no size column); a task restored into "
            + "another project moves there, its parent key bound as the column's type, renamed in the new scope")
    void previewAndRestoreInto() {
        ResourceRef p1 = project(1, "x", "Alpha");
        ResourceRef p2 = project(2, "y", "Beta");
        ResourceRef t1 = task(11, p1, "fix", "Fix it");
        note(21, t1, "a");
        note(22, t1, "b");
        task(12, p2, "fix", "Beta's own fix"); // the slug is taken in the new project only
        TrashItem c = delete(t1);
        String notAKey = keys == KeyType.BIGINT ? "abc" : "not-a-uuid";

        RestorePreview preview = trash.previewRestoreInto(ws, c.id(), p2);
        assertThat(preview.types()).containsExactly(Map.entry("task", new TypeUsage(1, 0)),
                Map.entry("note", new TypeUsage(2, 0)));
        assertThat(preview.parent()).contains(p2);
        assertThat(preview.slug()).contains("fix-2");
        assertThat(trash.previewRestore(ws, c.id()).slug()).as("in its own project the slug is free").contains("fix");
        assertThatThrownBy(() -> trash.restoreInto(ws, c.id(), ResourceRef.of("project", notAKey), ACTOR))
                .isInstanceOf(NotFoundException.class);

        Restored restored = trash.restoreInto(ws, c.id(), p2, ACTOR);

        assertThat(restored.parent()).contains(p2);
        assertThat(restored.slug()).contains("fix-2");
        assertThat(restored.restoredCount()).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM acme_task WHERE tid = ? AND project_ref = ? AND deleted_by_item IS NULL",
                sql(t1.id()), sql(p2.id()))).isEqualTo(1);
        assertThat(handle(t1)).isEqualTo("fix-2");
    }

    @Test
    @DisplayName("R5 R21 R23 an id that cannot be a key of the column, or of another workspace, is NotFound (not a SQL error) and changes nothing")
    void badIdsAreNotFound() {
        ResourceRef p1 = project(1, "x", "Alpha");
        task(11, p1, "fix", "Fix it");
        ResourceRef foreign = project(otherWs, 5, "z", "Theirs");
        List<String> bad = keys == KeyType.BIGINT
                ? List.of("abc", "1 OR 1=1", "99999999999999999999", "12.5", "0x10", key(999))
                : List.of("not-a-uuid", "1", "' OR ''='", key(999));
        for (String id : bad) {
            for (String type : List.of("project", "task", "note")) {
                assertThatThrownBy(() -> trash.delete(ws, ResourceRef.of(type, id), ACTOR))
                        .as(type + " " + id).isInstanceOf(NotFoundException.class);
            }
        }
        assertThatThrownBy(() -> trash.delete(ws, foreign, ACTOR)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> trash.delete(otherWs, p1, ACTOR)).isInstanceOf(NotFoundException.class);
        if (keys == KeyType.BIGINT) {
            // A workspace id that is no number cannot own a row of a BIGINT workspace column.
            assertThatThrownBy(() -> trash.delete(WorkspaceId.of("acme"), p1, ACTOR)).isInstanceOf(NotFoundException.class);
        }
        assertThat(trashedBy(p1)).isEmpty();
        assertThat(trashedBy(foreign)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM trash_item")).isZero();
    }

    @Test
    @DisplayName("R25 the types come from the tables: project › task › note, slugs unique per workspace and per parent")
    void typesFromTables() {
        assertThat(adapter.types()).containsExactly(
                ResourceType.of("project").slugUniqueIn(SlugScope.WORKSPACE),
                ResourceType.of("task").childOf("project").slugUniqueIn(SlugScope.PARENT),
                ResourceType.of("note").childOf("task"));
        assertThat(trash.types()).containsOnlyKeys("project", "task", "note");
        assertThat(adapter.store()).isSameAs(adapter.store());
        assertThat(adapter.transactions()).isSameAs(adapter);
    }

    @Test
    @DisplayName("R23 R25 JdbiTrash.create refuses no tables, a null table and a type described twice, naming the problem")
    void createRefusesBadTableLists() {
        List<ResourceTable> t = tables(keys);
        assertThatThrownBy(() -> JdbiTrash.create(jdbi, t.get(0), t.get(1), t.get(2),
                        ResourceTable.of("task", "other_tasks").childOf("project", "project_ref")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("type 'task' is described twice");
        assertThatThrownBy(() -> JdbiTrash.create(jdbi, List.of())).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("tables must not be empty");
        assertThatThrownBy(() -> JdbiTrash.create(jdbi, t.get(0), null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("tables must not contain null");
        assertThatThrownBy(() -> JdbiTrash.create(jdbi, (ResourceTable[]) null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("tables must not be null");
        assertThatThrownBy(() -> JdbiTrash.create(jdbi, (List<ResourceTable>) null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("tables must not be null");
        assertThatThrownBy(() -> JdbiTrash.create((Jdbi) null, t)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("jdbi must not be null");
        assertThatThrownBy(() -> JdbiTrash.create((javax.sql.DataSource) null, t)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("dataSource must not be null");
    }

    @Test
    @DisplayName("R25 a child whose parent type has no table is refused by build(), naming both, before anything runs")
    void childWithoutParentTableRefusedAtBuild() {
        List<ResourceTable> t = tables(keys);
        JdbiTrash orphans = JdbiTrash.create(jdbi, t.get(1), t.get(2)); // no table for "project"
        assertThatThrownBy(() -> TrashManager.builder().backend(orphans).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("task")
                .hasMessageContaining("project");
        assertThat(count("SELECT COUNT(*) FROM trash_item")).isZero();
    }
}

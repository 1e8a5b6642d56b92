package dev.trash.jdbi;

import static dev.trash.testkit.ReferenceTypes.DOCUMENT;
import static dev.trash.testkit.ReferenceTypes.FOLDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashQuery;
import dev.trash.spi.HostResource;
import dev.trash.testkit.ReferenceTypes;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashFixture;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Folders in folders (SPEC R37) on the databases themselves, beyond the behaviour suite
 * ({@code *NestingTest}): the purge of a tree on the reference tables' real foreign keys (the
 * folders' key to their own table; InnoDB's and H2's checked row by row, PostgreSQL's at the end of
 * the statement), which still stop a purge that would orphan an active row and leave it whole;
 * a tree deeper than MariaDB's and MySQL's default recursion limit (1,000); a purge of more items
 * than one {@code IN} list takes; and a nested delete that the host's transaction rolls back.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JdbiNestingTest extends TrashFixture {
    @Parameter
    TestDatabase database;

    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return database.backend(types);
    }

    @BeforeEach
    void folders() throws Exception {
        useTypes(ReferenceTypes.WITH_FOLDERS);
    }

    private JdbiBackend jdbiBackend() {
        return (JdbiBackend) backend;
    }

    private Jdbi jdbi() {
        return jdbiBackend().jdbi;
    }

    private ResourceRef folder(Optional<ResourceRef> parent, String id) {
        ResourceRef ref = ResourceRef.of(FOLDER, id);
        backend.add(new HostResource(ref, W1, parent, "Folder " + id, Optional.of(id), 1));
        return ref;
    }

    /** Inserts folders {@code prefix-0} (at the top) … {@code prefix-depth}, each inside the one before, in one batch. */
    private List<ResourceRef> chain(String prefix, int depth) {
        List<ResourceRef> folders = new ArrayList<>();
        jdbi().useHandle(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO folder (id, workspace_id, parent_id, name, slug, size_bytes)"
                    + " VALUES (:id, :ws, :parent, :id, :id, 1)");
            for (int i = 0; i <= depth; i++) {
                batch.bind("id", prefix + "-" + i).bind("ws", W1.value()).bind("parent", i == 0 ? null : prefix + "-" + (i - 1))
                        .add();
                folders.add(ResourceRef.of(FOLDER, prefix + "-" + i));
            }
            batch.execute();
        });
        return folders;
    }

    private long count(String sql) {
        return jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private String parentOf(ResourceRef folder) {
        return jdbi().withHandle(h -> h.createQuery("SELECT parent_id FROM folder WHERE id = :id").bind("id", folder.id())
                .mapTo(String.class).one());
    }

    /** @return the columns of the foreign keys of table {@code folder} that reference table {@code folder} */
    private List<String> selfForeignKeys() throws SQLException {
        return jdbi().withHandle(h -> {
            DatabaseMetaData md = h.getConnection().getMetaData();
            String table = md.storesUpperCaseIdentifiers() ? "FOLDER" : "folder";
            String catalog = database == TestDatabase.MARIADB ? h.getConnection().getCatalog() : null;
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = md.getImportedKeys(catalog, null, table)) {
                while (rs.next()) {
                    if (rs.getString("PKTABLE_NAME").equalsIgnoreCase("folder")) {
                        columns.add(rs.getString("FKCOLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
            return columns;
        });
    }

    @Test
    @DisplayName("R37 R18 R4 a purge of a folder tree holding a sub-folder trashed on its own deletes both items on the real "
            + "foreign keys (InnoDB's checked row by row); an active folder left under a purged one stops it whole, the "
            + "parent columns as they were, and the retry after the host's fix purges it")
    void purgeOnRealForeignKeys() throws SQLException {
        assertThat(selfForeignKeys()).as("the folders' foreign key to their own table").contains("parent_id");
        if (database == TestDatabase.MARIADB) {
            String engine = jdbi().withHandle(h -> h.createQuery("SELECT ENGINE FROM information_schema.TABLES WHERE "
                    + "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'folder'").mapTo(String.class).one());
            assertThat(engine).isEqualTo("InnoDB");
        }
        List<ResourceRef> c = chain("c", 6); // c-0 > c-1 > … > c-6
        for (ResourceRef f : c) {
            child(DOCUMENT, f, f.id() + "-doc", 10);
        }
        TrashItem deep = trash.delete(W1, c.get(4), ALICE); // c-4, c-5, c-6 and their documents
        clock.advance(Duration.ofSeconds(1));
        TrashItem outer = trash.delete(W1, c.get(0), ALICE); // c-0 … c-3 and their documents
        assertThat(outer.cascadedCount()).isEqualTo(3 + 4);

        Purged purged = trash.purge(W1, outer.id(), ALICE);

        assertThat(purged).isEqualTo(new Purged(2, 7 * 11, 0));
        assertThat(count("SELECT COUNT(*) FROM folder")).isZero();
        assertThat(count("SELECT COUNT(*) FROM document")).isZero();
        assertThat(backend.timesFreed(deep.id())).isEqualTo(1);
        assertThat(backend.timesFreed(outer.id())).isEqualTo(1);

        // An active folder under a trashed one (host data that skipped the README's insert recipe): the key stops the purge.
        List<ResourceRef> d = chain("d", 3);
        TrashItem sub = trash.delete(W1, d.get(2), ALICE);
        TrashItem top = trash.delete(W1, d.get(0), ALICE);
        ResourceRef stray = folder(Optional.of(d.get(1)), "stray");
        Purged blocked = trash.purge(W1, top.id(), ALICE);
        assertThat(blocked.items()).isZero();
        assertThat(blocked.retrying()).as("the unit: the tree and the sub-folder in it").isEqualTo(2);
        for (int i = 1; i <= 3; i++) {
            assertThat(parentOf(d.get(i))).as("the detach rolled back with the delete").isEqualTo("d-" + (i - 1));
        }
        assertThat(trashedBy(d.get(3))).contains(sub.id());
        assertThat(isActive(stray)).isTrue();
        assertThat(backend.timesFreed(top.id())).isZero();

        jdbi().useHandle(h -> h.execute("UPDATE folder SET parent_id = NULL WHERE id = 'stray'"));
        clock.advance(Duration.ofDays(1));
        assertThat(trash.sweeper(SweeperOptions.defaults()).sweepOnce().items()).isEqualTo(2);
        assertThat(backend.active(W1, FOLDER)).containsExactly(stray);
        assertThat(count("SELECT COUNT(*) FROM folder")).isEqualTo(1);
        assertThat(backend.timesFreed(sub.id())).isEqualTo(1);
    }

    @Test
    @DisplayName("R37 a chain of 1,100 folders, deeper than MariaDB's and MySQL's default recursion limit (1,000), is "
            + "deleted, restored and purged whole")
    void deeperThanTheDefaultRecursionLimit() {
        List<ResourceRef> c = chain("z", 1_100);
        ResourceRef deepest = c.get(c.size() - 1);

        TrashItem item = trash.delete(W1, c.get(0), ALICE);
        assertThat(item.cascadedCount()).isEqualTo(1_100);
        assertThat(item.sizeBytes()).isEqualTo(1_101);
        assertThat(trashedBy(deepest)).contains(item.id());
        assertThat(backend.active(W1, FOLDER)).isEmpty();

        assertThat(trash.restore(W1, item.id(), ALICE).restoredCount()).isEqualTo(1_101);
        assertThat(isActive(deepest)).isTrue();

        TrashItem again = trash.delete(W1, c.get(0), ALICE);
        assertThat(trash.purge(W1, again.id(), ALICE)).isEqualTo(new Purged(1, 1_101, 0));
        assertThat(count("SELECT COUNT(*) FROM folder")).isZero();
    }

    @Test
    @DisplayName("R37 R16 a purge of more nested items than one IN list takes (1,002 items, each folder of a chain its "
            + "own): the rows of the second chunk are children of the first's, and all go")
    void purgeOfMoreItemsThanOneChunk() {
        List<ResourceRef> c = chain("k", Sql.MAX_IN + 1);
        List<TrashItemId> items = new ArrayList<>();
        Dialect dialect = jdbiBackend().adapter.database().dialect();
        jdbi().useHandle(h -> {
            PreparedBatch mark = h.prepareBatch("UPDATE folder SET trash_item = :item WHERE id = :id");
            for (ResourceRef f : c) { // top first: the first chunk holds the parents of the second
                TrashItemId item = new TrashItemId(UUID.randomUUID());
                items.add(item);
                mark.bind("item", dialect.uuid(item.value())).bind("id", f.id()).add();
            }
            mark.execute();
        });
        assertThat(Sql.chunks(items)).hasSize(2);

        long deleted = backend.backend().transactions().inTransaction(
                () -> backend.backend().resources().purge(W1, FOLDER, items.stream()
                        .map(i -> new dev.trash.spi.ItemTree(i, ResourceRef.of(FOLDER, "any"))).toList()));

        assertThat(deleted).isEqualTo(Sql.MAX_IN + 2);
        assertThat(count("SELECT COUNT(*) FROM folder")).isZero();
    }

    @Test
    @DisplayName("R37 R27 a delete of a 1,100-deep tree inside the host's transaction rolls back with it: nothing stays "
            + "marked, no item is left")
    void nestedDeleteRollsBackWithTheHost() {
        List<ResourceRef> c = chain("r", 1_100);
        assertThatThrownBy(() -> jdbi().useTransaction(h -> {
            assertThat(trash.delete(W1, c.get(0), ALICE).cascadedCount()).isEqualTo(1_100);
            throw new IllegalStateException("the host rolls back");
        })).hasMessage("the host rolls back");

        assertThat(count("SELECT COUNT(*) FROM folder WHERE trash_item IS NOT NULL")).isZero();
        assertThat(trash.list(W1, TrashQuery.all()).items()).isEmpty();
        assertThat(trash.delete(W1, c.get(0), ALICE).cascadedCount()).isEqualTo(1_100);
    }
}

package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import dev.trash.memory.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The adapter's schema on a real database: {@link JdbiTrash#createSchemaIfMissing()} is
 * idempotent and safe when instances start together, and the scripts a host runs by hand (or with
 * Flyway) give the same working store. Each test starts from an empty database.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JdbiSchemaTest {
    private static final WorkspaceId WS = WorkspaceId.of("ws");

    @Parameter
    TestDatabase database;

    private TestDatabase.Fresh db;
    private Jdbi jdbi;

    @BeforeEach
    void freshDatabase() {
        db = database.fresh(4);
        jdbi = db.jdbi();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    private boolean trashTableExists() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM information_schema.tables"
                        + " WHERE LOWER(table_name) = 'trash_item' AND table_schema = " + database.currentSchema())
                .mapTo(Long.class).one()) == 1;
    }

    private long trashRows() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM trash_item").mapTo(Long.class).one());
    }

    private static final ResourceTable DOC = ResourceTable.of("doc", "doc").slug("slug");

    /** @return the backend over the {@code doc} table */
    private JdbiTrash adapter() {
        return JdbiTrash.create(jdbi, DOC);
    }

    /**
     * Proves the store works on the schema as it is: a host table {@code doc}, then delete, list,
     * restore, delete again and purge through a manager.
     */
    private void assertWorkingStore(JdbiTrash adapter) {
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE IF NOT EXISTS doc (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                    + " name VARCHAR(255) NOT NULL, slug VARCHAR(255), trash_item UUID)");
            h.execute("DELETE FROM doc");
            h.execute("INSERT INTO doc (id, workspace_id, name, slug) VALUES ('d1', 'ws', 'Doc one', 'doc-one')");
        });
        TrashManager trash = TrashManager.builder()
                .backend(adapter)
                .clock(ManualClock.at(Instant.parse("2026-01-01T00:00:00Z")))
                .build();
        ResourceRef doc = ResourceRef.of("doc", "d1");
        TrashItem item = trash.delete(WS, doc, ActorId.of("admin"));
        assertThat(trash.list(WS, TrashQuery.all()).items()).extracting(TrashItem::id).containsExactly(item.id());
        assertThat(trash.get(WS, item.id())).map(TrashItem::name).contains("Doc one");
        assertThat(trash.restore(WS, item.id(), ActorId.of("admin")).restoredCount()).isEqualTo(1);
        TrashItem again = trash.delete(WS, doc, ActorId.of("admin"));
        assertThat(trash.purge(WS, again.id(), ActorId.of("admin")).items()).isEqualTo(1);
        long docs = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM doc").mapTo(Long.class).one());
        assertThat(docs).isZero();
        assertThat(trash.list(WS, TrashQuery.all()).items()).isEmpty();
    }

    @Test
    @DisplayName("createSchemaIfMissing creates the trash_item table and a working store, and is idempotent")
    void createSchemaIfMissingTwice() {
        assertThat(trashTableExists()).isFalse();
        JdbiTrash adapter = adapter().createSchemaIfMissing();
        assertThat(adapter.database()).isEqualTo(database.database());
        assertThat(trashTableExists()).isTrue();
        assertThat(adapter.createSchemaIfMissing()).isSameAs(adapter);
        assertThat(JdbiTrash.create(db.dataSource(), DOC).createSchemaIfMissing().database()).isEqualTo(adapter.database());
        assertWorkingStore(adapter);
    }

    @Test
    @DisplayName("createSchemaIfMissing on a database whose trash_item table exists (with items) changes nothing")
    void createSchemaIfMissingKeepsExistingItems() {
        JdbiTrash adapter = JdbiTrash.create(jdbi, ResourceTable.of("doc", "doc")).createSchemaIfMissing();
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE doc (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                    + " name VARCHAR(255) NOT NULL, trash_item UUID)");
            h.execute("INSERT INTO doc (id, workspace_id, name) VALUES ('kept', 'ws', 'Kept')");
        });
        TrashManager trash = TrashManager.builder().backend(adapter).build();
        TrashItem item = trash.delete(WS, ResourceRef.of("doc", "kept"), ActorId.of("admin"));

        adapter().createSchemaIfMissing();

        assertThat(trashRows()).isEqualTo(1);
        assertThat(trash.get(WS, item.id())).isPresent();
        assertThat(trash.restore(WS, item.id(), ActorId.of("admin")).restoredCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("the schema scripts, run by hand with Jdbi's createScript, give a working store; createSchemaIfMissing after them is a no-op")
    void scriptsRunByHand() {
        List<String> scripts = Database.valueOf(database.name()).schemaSql();
        jdbi.useTransaction(h -> scripts.forEach(sql -> h.createScript(sql).execute()));
        assertThat(trashTableExists()).isTrue();
        JdbiTrash adapter = adapter(); // no createSchemaIfMissing: the host owns the schema
        assertWorkingStore(adapter);
        // Re-running the scripts (as on every start of a host that runs them itself) is harmless.
        jdbi.useTransaction(h -> scripts.forEach(sql -> h.createScript(sql).execute()));
        adapter.createSchemaIfMissing();
        assertWorkingStore(adapter);
    }

    @Test
    @DisplayName("R22 two instances calling createSchemaIfMissing at once on an empty database both succeed (5 rounds; "
            + "PostgreSQL: advisory lock, MariaDB: GET_LOCK, H2: the JVM's runs take turns)")
    void concurrentCreateSchemaIfMissing() throws Exception {
        raceCreateSchemaIfMissing();
    }

    private void raceCreateSchemaIfMissing() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                if (round > 0) {
                    db.close();
                    db = database.fresh(4);
                    jdbi = db.jdbi();
                }
                assertThat(trashTableExists()).isFalse();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Database>> starts = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Jdbi own = db.jdbi(); // each "instance" has its own Jdbi on the shared database
                    starts.add(threads.submit(() -> {
                        JdbiTrash adapter = JdbiTrash.create(own, DOC);
                        start.await(30, TimeUnit.SECONDS);
                        return adapter.createSchemaIfMissing().database();
                    }));
                }
                for (Future<Database> f : starts) {
                    assertThat(f.get(60, TimeUnit.SECONDS)).isNotNull();
                }
                assertThat(trashTableExists()).isTrue();
            }
            assertWorkingStore(adapter());
        } finally {
            threads.shutdownNow();
        }
    }
}

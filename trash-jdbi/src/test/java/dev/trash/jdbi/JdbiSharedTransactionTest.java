package dev.trash.jdbi;

import static dev.trash.testkit.ReferenceTypes.ANNOTATION;
import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.Restored;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashSweeper;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One transaction for host code and library: the host's own SQL and a delete or restore, run in
 * {@code jdbi.useTransaction}, commit or roll back together; purges refuse to run inside one
 * (their hooks delete data outside the database). The host's SQL here writes to its own
 * {@code host_audit} table.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JdbiSharedTransactionTest extends TrashFixture {
    @Parameter
    TestDatabase database;

    private Jdbi jdbi;
    private ResourceRef dataset;
    private List<ResourceRef> children;

    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return database.backend(types);
    }

    @BeforeEach
    void hostTable() {
        jdbi = ((JdbiBackend) backend).jdbi;
        jdbi.useHandle(h -> h.execute("CREATE TABLE host_audit (note VARCHAR(255) NOT NULL)"));
        dataset = dataset(W1, "d1", 100);
        children = new java.util.ArrayList<>(children(IMAGE, dataset, "img", 3, 10));
        children.addAll(children(ANNOTATION, dataset, "ann", 2, 1));
    }

    private long audits() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM host_audit").mapTo(Long.class).one());
    }

    private long trashRows() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM trash_item").mapTo(Long.class).one());
    }

    /** @return whether another connection (another thread) sees the resource active: what others see before commit */
    private boolean activeForOthers(ResourceRef ref) {
        return CompletableFuture.supplyAsync(() -> isActive(ref)).join();
    }

    private void assertAllActive() {
        assertThat(isActive(dataset)).isTrue();
        assertThat(children).allSatisfy(c -> assertThat(isActive(c)).as(c.toString()).isTrue());
    }

    private void assertAllTrashedBy(TrashItemId item) {
        assertThat(trashedBy(dataset)).contains(item);
        assertThat(children).allSatisfy(c -> assertThat(trashedBy(c)).as(c.toString()).contains(item));
    }

    @Test
    @DisplayName("R1 R3 host SQL and a delete inside jdbi.useTransaction commit together")
    void deleteCommitsWithHostSql() {
        AtomicReference<TrashItem> deleted = new AtomicReference<>();
        jdbi.useTransaction(h -> {
            h.execute("INSERT INTO host_audit (note) VALUES ('alice deletes d1')");
            deleted.set(trash.delete(W1, dataset, ALICE));
            // Inside: the host's handle sees the delete; outside, nobody does until the commit.
            assertThat(h.createQuery("SELECT trash_item FROM dataset WHERE id = 'd1'").mapTo(java.util.UUID.class).one())
                    .isEqualTo(deleted.get().id().value());
            assertThat(activeForOthers(dataset)).as("uncommitted delete is invisible to other connections").isTrue();
        });

        assertThat(audits()).isEqualTo(1);
        assertAllTrashedBy(deleted.get().id());
        assertThat(listedIds(W1)).containsExactly(deleted.get().id());
        assertThat(deleted.get().cascadedCount()).isEqualTo(5);
    }

    @Test
    @DisplayName("R3 a host callback that throws after the delete rolls back both: resource active, no trash item, empty Trash")
    void deleteRollsBackWithHost() {
        AtomicReference<TrashItem> deleted = new AtomicReference<>();
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            h.execute("INSERT INTO host_audit (note) VALUES ('alice deletes d1')");
            deleted.set(trash.delete(W1, dataset, ALICE));
            assertThat(trash.get(W1, deleted.get().id())).isPresent();
            throw new IllegalStateException("host fails after the delete");
        })).isInstanceOf(IllegalStateException.class).hasMessage("host fails after the delete");

        assertThat(audits()).isZero();
        assertAllActive();
        assertThat(trash.get(W1, deleted.get().id())).isEmpty();
        assertThat(listedIds(W1)).isEmpty();
        assertThat(trashRows()).isZero();
        assertThat(trash.storageSummary(W1).items()).isZero();
        // Nothing is left half-done: the same resource can be deleted again, outside any transaction.
        TrashItem again = trash.delete(W1, dataset, ALICE);
        assertAllTrashedBy(again.id());
    }

    @Test
    @DisplayName("R1 R10 listeners hear of a delete or restore that joined the host's transaction only when the host commits")
    void rolledBackOperationsFireNoEvents() {
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            trash.delete(W1, dataset, ALICE);
            throw new IllegalStateException("host fails after the delete");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(listedIds(W1)).isEmpty();
        assertThat(events).as("events after a rolled-back delete").isEmpty();

        TrashItem item = trash.delete(W1, dataset, ALICE);
        events.clear();
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            trash.restore(W1, item.id(), ALICE);
            throw new IllegalStateException("host fails after the restore");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(listedIds(W1)).containsExactly(item.id());
        assertThat(events).as("events after a rolled-back restore").isEmpty();

        jdbi.useTransaction(h -> {
            trash.restore(W1, item.id(), ALICE);
            assertThat(events).as("not before the host commits").isEmpty();
        });
        assertThat(events).as("told once the host committed").hasSize(1)
                .first().isInstanceOf(dev.trash.spi.TrashEvent.RestoredItem.class);
    }

    @Test
    @DisplayName("R10 host SQL and a restore inside jdbi.useTransaction commit together")
    void restoreCommitsWithHostSql() {
        TrashItem item = trash.delete(W1, dataset, ALICE);
        AtomicReference<Restored> restored = new AtomicReference<>();
        jdbi.useTransaction(h -> {
            h.execute("INSERT INTO host_audit (note) VALUES ('alice restores d1')");
            restored.set(trash.restore(W1, item.id(), ALICE));
            assertThat(activeForOthers(dataset)).as("uncommitted restore is invisible to other connections").isFalse();
        });

        assertThat(audits()).isEqualTo(1);
        assertThat(restored.get().restoredCount()).isEqualTo(6);
        assertAllActive();
        assertThat(listedIds(W1)).isEmpty();
        assertThat(trashRows()).isZero();
    }

    @Test
    @DisplayName("R10 a host callback that throws after the restore rolls back both: the item stays in the Trash, restorable")
    void restoreRollsBackWithHost() {
        TrashItem item = trash.delete(W1, dataset, ALICE);
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            h.execute("INSERT INTO host_audit (note) VALUES ('alice restores d1')");
            trash.restore(W1, item.id(), ALICE);
            assertThat(isActive(dataset)).isTrue();
            throw new IllegalStateException("host fails after the restore");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(audits()).isZero();
        assertAllTrashedBy(item.id());
        assertThat(listedIds(W1)).containsExactly(item.id());
        assertThat(trash.get(W1, item.id())).map(TrashItem::cascadedCount).contains(5L);
        assertThat(trash.restore(W1, item.id(), ALICE).restoredCount()).isEqualTo(6);
        assertAllActive();
    }

    @Test
    @DisplayName("transactions().isActive() is true inside jdbi.useTransaction/inTransaction, false outside and in a plain handle")
    void isActiveFollowsTheHostsTransaction() {
        var tx = backend.backend().transactions();
        assertThat(tx.isActive()).isFalse();
        jdbi.useTransaction(h -> assertThat(tx.isActive()).isTrue());
        boolean inside = jdbi.inTransaction(h -> tx.isActive());
        assertThat(inside).isTrue();
        jdbi.useHandle(h -> assertThat(tx.isActive()).as("a handle in autocommit mode").isFalse());
        assertThat(tx.inTransaction(tx::isActive)).isTrue();
        assertThat(tx.isActive()).isFalse();
        // Another thread does not see this thread's transaction.
        jdbi.useTransaction(h -> assertThat(CompletableFuture.supplyAsync(tx::isActive).join()).isFalse());
        // After a rollback, the thread is out of the transaction again.
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(tx.isActive()).isFalse();
    }

    @Test
    @DisplayName("R15 R16 R27 purge and emptyTrash inside a host transaction throw IllegalStateException and change nothing; the host's transaction goes on")
    void purgesRefusedInsideHostTransaction() {
        TrashItem item = trash.delete(W1, dataset, ALICE);
        Snapshot before = snapshot();
        jdbi.useTransaction(h -> {
            assertThatThrownBy(() -> trash.purge(W1, item.id(), ALICE))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
            assertThatThrownBy(() -> trash.emptyTrash(W1, ALICE))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
            h.execute("INSERT INTO host_audit (note) VALUES ('still works')");
        });

        assertThat(audits()).isEqualTo(1);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(backend.timesFreed(item.id())).isZero();
        assertAllTrashedBy(item.id());
        // Outside the transaction the same calls work.
        assertThat(trash.purge(W1, item.id(), ALICE).items()).isEqualTo(1);
        assertThat(backend.exists(dataset)).isFalse();
        assertThat(trash.emptyTrash(W1, ALICE)).isEqualTo(Purged.NONE);
    }

    @Test
    @DisplayName("R17 R27 sweeper.sweepOnce() inside a host transaction throws IllegalStateException and purges nothing")
    void sweepRefusedInsideHostTransaction() {
        TrashItem item = trash.delete(W1, dataset, ALICE);
        clock.advance(Duration.ofDays(31));
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        Snapshot before = snapshot();

        jdbi.useTransaction(h -> assertThatThrownBy(sweeper::sweepOnce)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction"));

        assertThat(snapshot()).isEqualTo(before);
        assertThat(trashRows()).isEqualTo(1);
        long unclaimed = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM trash_item WHERE purge_owner IS NULL")
                .mapTo(Long.class).one());
        assertThat(unclaimed).as("not claimed").isEqualTo(1);
        assertThat(backend.exists(dataset)).isTrue();
        assertThat(sweeper.sweepOnce().items()).isEqualTo(1);
        assertThat(backend.exists(dataset)).isFalse();
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
    }
}

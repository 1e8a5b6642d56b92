package dev.trash.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ParentInTrashException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.TrashItem;
import dev.trash.TrashQuery;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour suite: SPEC rules R1–R23, each test named by the rule it proves, written once
 * against the ports. A store runs it by extending this class and returning its backend.
 */
public abstract class TrashBehaviourSuite extends TrashFixture {

    @Test
    @DisplayName("R1 R3 R10 deleting a project hides it and its models; restoring brings exactly them back")
    void deleteAndRestoreProject() {
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m1 = model(p, "m1", 10);
        ResourceRef w = child(ReferenceTypes.WEIGHTS, m1, "w1", 1000);

        TrashItem item = trash.delete(W1, p, ALICE);

        assertThat(item.cascadedCount()).isEqualTo(2);
        assertThat(item.sizeBytes()).isEqualTo(1110);
        assertThat(item.expiresInLabel()).isEqualTo("30d");
        assertThat(isTrashed(p)).isTrue();
        assertThat(isTrashed(m1)).isTrue();
        assertThat(isTrashed(w)).isTrue();
        assertThat(trash.list(W1, TrashQuery.all()).items()).extracting(TrashItem::id).containsExactly(item.id());

        Restored restored = trash.restore(W1, item.id());
        assertThat(restored.restoredCount()).isEqualTo(3);
        assertThat(isActive(p)).isTrue();
        assertThat(isActive(m1)).isTrue();
        assertThat(isActive(w)).isTrue();
    }

    @Test
    @DisplayName("R12 restoring a model whose project is in the Trash fails with the exact message")
    void parentInTrash() {
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m1 = model(p, "m1", 10);
        TrashItem modelItem = trash.delete(W1, m1, ALICE);
        trash.delete(W1, p, ALICE);

        assertThatThrownBy(() -> trash.restore(W1, modelItem.id()))
                .isInstanceOf(ParentInTrashException.class)
                .hasMessage("Cannot restore model while its parent project is in trash. Restore the project first.");
    }

    @Test
    @DisplayName("R17 R18 the sweeper purges an expired project with the model trashed on its own inside it")
    void sweep() {
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m1 = model(p, "m1", 10);
        trash.delete(W1, m1, ALICE);
        clock.advance(Duration.ofDays(1));
        trash.delete(W1, p, ALICE);
        clock.advance(Duration.ofDays(30));

        Purged purged = trash.sweeper(dev.trash.SweeperOptions.defaults()).sweepOnce();

        assertThat(purged.items()).isEqualTo(2);
        assertThat(purged.bytes()).isEqualTo(110);
        assertThat(backend.exists(p)).isFalse();
        assertThat(backend.exists(m1)).isFalse();
        assertThat(backend.freedBytes(W1)).isEqualTo(110);
    }
}

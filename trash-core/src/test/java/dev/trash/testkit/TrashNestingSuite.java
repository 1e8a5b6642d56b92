package dev.trash.testkit;

import static dev.trash.testkit.ReferenceTypes.DOCUMENT;
import static dev.trash.testkit.ReferenceTypes.FOLDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ConflictException;
import dev.trash.ParentInTrashException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour suite for folders in folders (SPEC R37): a type that is its own parent, deleted,
 * restored and purged at any depth, with R4, R10–R13 and R18 holding at every depth, and slugs
 * unique per parent folder. Uses {@link ReferenceTypes#WITH_FOLDERS}. A backend runs it by
 * extending this class and implementing {@link #newBackend}; its statement counts per depth are the
 * backend's own tests.
 */
public abstract class TrashNestingSuite extends TrashFixture {
    @BeforeEach
    void folders() throws Exception {
        useTypes(ReferenceTypes.WITH_FOLDERS);
    }

    /** Adds a top-level folder whose slug is its id. */
    protected ResourceRef folder(WorkspaceId ws, String id, long size) {
        ResourceRef ref = ResourceRef.of(FOLDER, id);
        backend.add(HostResource.root(ref, ws, "Folder " + id, id, size));
        return ref;
    }

    /** Adds a folder inside {@code parent}, with the given slug. */
    protected ResourceRef folder(ResourceRef parent, String id, String slug, long size) {
        ResourceRef ref = ResourceRef.of(FOLDER, id);
        WorkspaceId ws = backend.find(parent).orElseThrow().resource().workspace();
        backend.add(new HostResource(ref, ws, Optional.of(parent), "Folder " + id, Optional.of(slug), size));
        return ref;
    }

    /** Adds a document in {@code folder}. */
    protected ResourceRef document(ResourceRef folder, String id, long size) {
        return child(DOCUMENT, folder, id, size);
    }

    /** Adds a chain of {@code depth} folders under {@code top} (ids {@code prefix-1…}), each with one document. */
    protected List<ResourceRef> chain(ResourceRef top, String prefix, int depth) {
        List<ResourceRef> folders = new ArrayList<>();
        ResourceRef at = top;
        for (int i = 1; i <= depth; i++) {
            at = folder(at, prefix + "-" + i, "f" + i, 1);
            folders.add(at);
            document(at, prefix + "-doc-" + i, 10);
        }
        return folders;
    }

    @Test
    @DisplayName("R37 R3 deleting a folder moves its whole subtree, every depth, into one item with exact size and count")
    void deleteCascadesEveryDepth() {
        ResourceRef top = folder(W1, "top", 1);
        document(top, "top-doc", 10);
        List<ResourceRef> below = chain(top, "c", 6);
        ResourceRef keep = folder(W1, "keep", 1);

        TrashItem item = trash.delete(W1, top, ALICE);

        assertThat(item.cascadedCount()).isEqualTo(6 + 7);
        assertThat(item.sizeBytes()).isEqualTo(1 + 10 + 6 * 11);
        for (ResourceRef f : below) {
            assertThat(trashedBy(f)).as("%s", f).contains(item.id());
        }
        assertThat(backend.active(W1, FOLDER)).containsExactly(keep);
        assertThat(backend.active(W1, DOCUMENT)).isEmpty();
        assertThatThrownBy(() -> trash.delete(W1, below.get(3), ALICE)).as("R5 inside an item")
                .isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("R37 R4 R12 R13 a sub-folder trashed on its own keeps its item; restoring it while an ancestor is in the Trash is refused; restoring the ancestor brings back exactly its own")
    void ownItemsAtDepth() {
        ResourceRef top = folder(W1, "top", 1);
        List<ResourceRef> c = chain(top, "c", 5); // top > c-1 > c-2 > c-3 > c-4 > c-5
        TrashItem deep = trash.delete(W1, c.get(2), ALICE); // c-3 with c-4, c-5 and their documents
        clock.advance(Duration.ofMinutes(1));
        TrashItem outer = trash.delete(W1, top, ALICE);

        assertThat(deep.cascadedCount()).isEqualTo(2 + 3);
        assertThat(outer.cascadedCount()).as("c-1, c-2 and their documents; not c-3's item").isEqualTo(2 + 2);
        assertThat(trashedBy(c.get(3))).contains(deep.id());
        assertThat(trashedBy(c.get(1))).contains(outer.id());

        assertThatThrownBy(() -> trash.restore(W1, deep.id(), ALICE)).isInstanceOf(ParentInTrashException.class)
                .hasMessage("Cannot restore folder while its parent folder is in trash. Restore the folder first.");

        Restored back = trash.restore(W1, outer.id(), ALICE);
        assertThat(back.restoredCount()).isEqualTo(1 + 2 + 2);
        assertThat(isActive(c.get(1))).isTrue();
        assertThat(isTrashed(c.get(2))).as("c-3 stays in its own item").isTrue();
        assertThat(isTrashed(c.get(4))).isTrue();

        assertThat(trash.restore(W1, deep.id(), ALICE).restoredCount()).isEqualTo(1 + 2 + 3);
        assertThat(backend.active(W1, FOLDER)).hasSize(6);
        assertThat(backend.active(W1, DOCUMENT)).hasSize(5);
    }

    @Test
    @DisplayName("R37 R18 purging an ancestor purges the items nested at any depth with it, bottom-up, and frees each once")
    void purgeAtDepth() {
        ResourceRef top = folder(W1, "top", 1);
        List<ResourceRef> c = chain(top, "c", 6);
        TrashItem deep = trash.delete(W1, c.get(4), ALICE);
        TrashItem middle = trash.delete(W1, c.get(1), ALICE);
        TrashItem outer = trash.delete(W1, top, ALICE);

        Purged purged = trash.purge(W1, outer.id(), ALICE);

        assertThat(purged.items()).isEqualTo(3);
        assertThat(purged.bytes()).isEqualTo(1 + 6 * 11);
        assertThat(backend.active(W1, FOLDER)).isEmpty();
        assertThat(backend.exists(top)).isFalse();
        for (ResourceRef f : c) {
            assertThat(backend.exists(f)).as("%s", f).isFalse();
        }
        assertThat(backend.timesFreed(deep.id())).isEqualTo(1);
        assertThat(backend.timesFreed(middle.id())).isEqualTo(1);
        assertThat(backend.timesFreed(outer.id())).isEqualTo(1);
        assertThat(listedIds(W1)).isEmpty();
    }

    @Test
    @DisplayName("R37 R17 the sweeper purges an expired folder tree with a sub-folder item inside, whole")
    void sweepAtDepth() {
        ResourceRef top = folder(W1, "top", 1);
        List<ResourceRef> c = chain(top, "c", 4);
        trash.delete(W1, c.get(2), ALICE);
        trash.delete(W1, top, ALICE);
        clock.advance(Duration.ofDays(31));
        assertThat(trash.sweeper(SweeperOptions.defaults()).sweepOnce().items()).isEqualTo(2);
        assertThat(backend.exists(c.get(3))).isFalse();
        assertThat(backend.exists(top)).isFalse();
    }

    @Test
    @DisplayName("R37 R11 slugs are unique per parent folder: a restore renames only against its own parent's children")
    void slugsPerParentFolder() {
        ResourceRef a = folder(W1, "a", 1);
        ResourceRef b = folder(W1, "b", 1);
        ResourceRef reports = folder(a, "r1", "reports", 1);
        folder(b, "r2", "reports", 1);
        TrashItem item = trash.delete(W1, reports, ALICE);
        assertThat(trash.previewRestore(W1, item.id()).slug()).as("b's reports is another scope").contains("reports");
        folder(a, "r3", "reports", 1);

        Restored restored = trash.restore(W1, item.id(), ALICE);

        assertThat(restored.slug()).contains("reports-2");
        assertThat(slugOf(reports)).contains("reports-2");
    }

    @Test
    @DisplayName("R37 R34 a sub-folder whose parent is in the Trash is restored into another folder, never into its own subtree")
    void restoreIntoAnotherFolder() {
        ResourceRef top = folder(W1, "top", 1);
        List<ResourceRef> c = chain(top, "c", 3);
        TrashItem sub = trash.delete(W1, c.get(1), ALICE); // c-2 and c-3
        trash.delete(W1, top, ALICE);
        ResourceRef other = folder(W1, "other", 1);

        assertThatThrownBy(() -> trash.restoreInto(W1, sub.id(), c.get(2), ALICE)).as("its own child is trashed with it")
                .isInstanceOf(ParentInTrashException.class);
        Restored restored = trash.restoreInto(W1, sub.id(), other, ALICE);

        assertThat(restored.restoredCount()).isEqualTo(2 + 2);
        assertThat(backend.find(c.get(1)).orElseThrow().resource().parent()).contains(other);
        assertThat(isActive(c.get(2))).isTrue();
    }

    @Test
    @DisplayName("R37 a 100-deep folder chain is deleted, restored and purged whole")
    void hundredDeep() {
        ResourceRef top = folder(W1, "top", 1);
        List<ResourceRef> c = chain(top, "d", 100);
        TrashItem item = trash.delete(W1, top, ALICE);
        assertThat(item.cascadedCount()).isEqualTo(200);
        assertThat(trash.restore(W1, item.id(), ALICE).restoredCount()).isEqualTo(201);
        assertThat(isActive(c.get(99))).isTrue();
        TrashItem again = trash.delete(W1, top, ALICE);
        assertThat(trash.purge(W1, again.id(), ALICE)).isEqualTo(new Purged(1, 1 + 100 * 11, 0));
        assertThat(backend.exists(c.get(99))).isFalse();
    }
}

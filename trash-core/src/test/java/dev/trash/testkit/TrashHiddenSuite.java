package dev.trash.testkit;

import static dev.trash.testkit.ReferenceTypes.ANNOTATION;
import static dev.trash.testkit.ReferenceTypes.DATASET;
import static dev.trash.testkit.ReferenceTypes.DOCUMENT;
import static dev.trash.testkit.ReferenceTypes.FOLDER;
import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ConflictException;
import dev.trash.ParentInTrashException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.RestorePreview;
import dev.trash.Restored;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TypeUsage;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.ResourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour suite for children hidden with their parent (SPEC R42): the reference types with
 * every leaf type hidden ({@link ReferenceTypes#hidden}), images and annotations of datasets,
 * documents of folders nested in folders. A delete and a restore leave the hidden rows as they are
 * (their own mark, read through the port, stays empty), the host's view hides them while the parent
 * is in the Trash, the item's size and count include them, a purge deletes them with the parent,
 * and a hidden row trashed on its own is an item as any other (R4, R13, R18). The other suites run
 * on the hidden types too (see each backend's tests); this one checks what only hidden types do. A
 * backend runs it by extending this class and implementing {@link #newBackend}.
 */
public abstract class TrashHiddenSuite extends TrashFixture {
    @BeforeEach
    void hiddenTypes() throws Exception {
        useTypes(ReferenceTypes.hidden(ReferenceTypes.WITH_FOLDERS));
    }

    /** @return the resource's own mark, as the port reads its row: empty for a row no delete touched */
    private Optional<TrashItemId> ownMark(ResourceRef ref) {
        WorkspaceId ws = backend.find(ref).orElseThrow().resource().workspace();
        return transactions().inTransaction(() -> backend.backend().resources().find(ws, ref))
                .flatMap(ResourceState::trashedBy);
    }

    private ResourceRef datasetWith(String id, int images, int annotations) {
        ResourceRef d = dataset(W1, id, 1);
        children(IMAGE, d, id + "-img", images, 100);
        children(ANNOTATION, d, id + "-ann", annotations, 10);
        return d;
    }

    @Test
    @DisplayName("R42 R7 a delete leaves the hidden rows untouched, hides them from the host's view, and counts their number and bytes")
    void deleteHides() {
        ResourceRef d = datasetWith("d", 3, 2);
        ResourceRef other = datasetWith("e", 1, 0);
        List<ResourceRef> images = backend.active(W1, IMAGE).stream().filter(r -> r.id().startsWith("d-")).toList();

        TrashItem item = trash.delete(W1, d, ALICE);

        assertThat(item.cascadedCount()).isEqualTo(5);
        assertThat(item.sizeBytes()).isEqualTo(1 + 3 * 100 + 2 * 10);
        assertThat(images).hasSize(3).allSatisfy(i -> {
            assertThat(ownMark(i)).as("own mark of %s", i).isEmpty();
            assertThat(trashedBy(i)).as("as the host sees %s", i).contains(item.id());
        });
        assertThat(backend.active(W1, IMAGE)).containsExactly(ResourceRef.of(IMAGE, "e-img-0"));
        assertThat(backend.active(W1, ANNOTATION)).isEmpty();
        assertThat(ownMark(other)).isEmpty();
        assertThatThrownBy(() -> trash.delete(W1, images.get(0), ALICE)).as("R5 inside an item")
                .isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("R42 R10 a restore brings the hidden rows back without touching them; the restored count is the item's")
    void restoreShows() {
        ResourceRef d = datasetWith("d", 3, 2);
        TrashItem item = trash.delete(W1, d, ALICE);

        RestorePreview preview = trash.previewRestore(W1, item.id());
        Restored back = trash.restore(W1, item.id(), ALICE);

        assertThat(preview.types()).containsEntry(IMAGE, new TypeUsage(3, 300)).containsEntry(ANNOTATION, new TypeUsage(2, 20))
                .containsEntry(DATASET, new TypeUsage(1, 1));
        assertThat(back.restoredCount()).isEqualTo(6);
        assertThat(backend.active(W1, IMAGE)).hasSize(3);
        assertThat(backend.active(W1, ANNOTATION)).hasSize(2);
        assertThat(isActive(d)).isTrue();
    }

    @Test
    @DisplayName("R42 R4 R13 a hidden row trashed on its own is an item of its own: the dataset's delete and restore leave it in the Trash")
    void ownItemStays() {
        ResourceRef d = datasetWith("d", 3, 0);
        ResourceRef own = ResourceRef.of(IMAGE, "d-img-1");
        TrashItem image = trash.delete(W1, own, ALICE);
        TrashItem dataset = trash.delete(W1, d, ALICE);

        assertThat(image.sizeBytes()).isEqualTo(100);
        assertThat(dataset.cascadedCount()).as("the two images still active when it was deleted").isEqualTo(2);
        assertThat(trashedBy(own)).contains(image.id());
        assertThatThrownBy(() -> trash.restore(W1, image.id(), ALICE)).isInstanceOf(ParentInTrashException.class);

        trash.restore(W1, dataset.id(), ALICE);

        assertThat(backend.active(W1, IMAGE)).extracting(ResourceRef::id).containsExactly("d-img-0", "d-img-2");
        assertThat(trashedBy(own)).contains(image.id());
        assertThat(trash.restore(W1, image.id(), ALICE).restoredCount()).isEqualTo(1);
        assertThat(backend.active(W1, IMAGE)).hasSize(3);
    }

    @Test
    @DisplayName("R42 R18 R19 purging the dataset deletes its hidden rows and the image trashed on its own inside it, bottom-up; each item freed once; hooks see the hidden rows")
    void purgeDeletes() throws Exception {
        ResourceRef d = datasetWith("d", 3, 2);
        ResourceRef keep = datasetWith("k", 1, 1);
        ResourceRef own = ResourceRef.of(IMAGE, "d-img-2");
        TrashItem image = trash.delete(W1, own, ALICE);
        TrashItem dataset = trash.delete(W1, d, ALICE);
        List<String> seen = new CopyOnWriteArrayList<>();
        TrashManager hooked = builder().purgeHook(t -> {
            List<String> refs = new ArrayList<>();
            t.resources(IMAGE).forEach(r -> refs.add(r.id()));
            t.resources(ANNOTATION).forEach(r -> refs.add(r.id()));
            seen.add(t.item() + "=" + refs);
        }).build();

        Purged purged = hooked.purge(W1, dataset.id(), ALICE);

        assertThat(purged.items()).isEqualTo(2);
        assertThat(purged.bytes()).isEqualTo(dataset.sizeBytes() + image.sizeBytes());
        assertThat(seen).containsExactlyInAnyOrder(dataset.id() + "=[d-img-0, d-img-1, d-ann-0, d-ann-1]",
                image.id() + "=[d-img-2]");
        for (String id : List.of("d-img-0", "d-img-1", "d-img-2")) {
            assertThat(backend.exists(ResourceRef.of(IMAGE, id))).as(id).isFalse();
        }
        assertThat(backend.exists(ResourceRef.of(ANNOTATION, "d-ann-0"))).isFalse();
        assertThat(backend.exists(d)).isFalse();
        assertThat(backend.timesFreed(dataset.id())).isEqualTo(1);
        assertThat(backend.timesFreed(image.id())).isEqualTo(1);
        assertThat(backend.active(W1, IMAGE)).containsExactly(ResourceRef.of(IMAGE, "k-img-0"));
        assertThat(isActive(keep)).isTrue();
        assertThat(trash.get(W1, image.id())).isEmpty();
    }

    @Test
    @DisplayName("R42 R4 a hidden type's row deleted on its own is marked, restored and purged as its own item; its siblings stay")
    void aloneAsAnyOther() {
        ResourceRef d = datasetWith("d", 3, 0);
        ResourceRef one = ResourceRef.of(IMAGE, "d-img-0");
        ResourceRef two = ResourceRef.of(IMAGE, "d-img-1");
        TrashItem first = trash.delete(W1, one, ALICE);
        TrashItem second = trash.delete(W1, two, ALICE);

        assertThat(ownMark(one)).contains(first.id());
        assertThat(trash.restore(W1, first.id(), ALICE).restoredCount()).isEqualTo(1);
        assertThat(ownMark(one)).isEmpty();
        Purged purged = trash.purge(W1, second.id(), ALICE);

        assertThat(purged.items()).isEqualTo(1);
        assertThat(backend.exists(two)).isFalse();
        assertThat(backend.active(W1, IMAGE)).extracting(ResourceRef::id).containsExactly("d-img-0", "d-img-2");
        assertThat(isActive(d)).isTrue();
    }

    @Test
    @DisplayName("R42 R37 documents hidden in folders nested in folders: a delete marks the folders only, hides every document, counts them; restore and purge")
    void nestedFolders() {
        ResourceRef top = ResourceRef.of(FOLDER, "top");
        backend.add(HostResource.root(top, W1, "Top", "top", 1));
        ResourceRef at = top;
        List<ResourceRef> docs = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            at = add(new HostResource(ResourceRef.of(FOLDER, "f" + i), W1, Optional.of(at), "F" + i, Optional.of("f" + i), 1));
            docs.add(child(DOCUMENT, at, "doc" + i, 10));
        }

        TrashItem item = trash.delete(W1, top, ALICE);

        assertThat(item.cascadedCount()).isEqualTo(4 + 4);
        assertThat(item.sizeBytes()).isEqualTo(1 + 4 + 40);
        assertThat(ownMark(at)).as("folders are marked").isPresent();
        assertThat(docs).allSatisfy(doc -> assertThat(ownMark(doc)).as("own mark of %s", doc).isEmpty());
        assertThat(backend.active(W1, DOCUMENT)).isEmpty();
        assertThat(trash.previewRestore(W1, item.id()).types()).containsEntry(DOCUMENT, new TypeUsage(4, 40));

        assertThat(trash.restore(W1, item.id(), ALICE).restoredCount()).isEqualTo(9);
        assertThat(backend.active(W1, DOCUMENT)).hasSize(4);

        TrashItem again = trash.delete(W1, top, ALICE);
        Purged purged = trash.purge(W1, again.id(), ALICE);
        assertThat(purged.items()).isEqualTo(1);
        assertThat(docs).allSatisfy(doc -> assertThat(backend.exists(doc)).as("%s", doc).isFalse());
        assertThat(backend.exists(at)).isFalse();
    }

    @Test
    @DisplayName("R42 R21 a delete in one workspace hides nothing of another, and the size counts only the workspace's rows")
    void workspaces() {
        ResourceRef d = datasetWith("d", 2, 0);
        ResourceRef e = dataset(W2, "w2-d", 1);
        backend.add(new HostResource(ResourceRef.of(IMAGE, "w2-img"), W2, Optional.of(e), "I", Optional.empty(), 100));

        TrashItem item = trash.delete(W1, d, ALICE);

        assertThat(item.cascadedCount()).isEqualTo(2);
        assertThat(backend.active(W2, IMAGE)).containsExactly(ResourceRef.of(IMAGE, "w2-img"));
        assertThat(trash.list(W2, TrashQuery.all()).items()).isEmpty();
        assertThat(isActive(e)).isTrue();
    }

    private ResourceRef add(HostResource r) {
        backend.add(r);
        return r.ref();
    }
}

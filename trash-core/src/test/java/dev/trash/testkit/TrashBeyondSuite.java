package dev.trash.testkit;

import static dev.trash.testkit.ReferenceTypes.DATASET;
import static dev.trash.testkit.ReferenceTypes.MODEL;
import static dev.trash.testkit.ReferenceTypes.PROJECT;
import static dev.trash.testkit.ReferenceTypes.WEIGHTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.BulkResult;
import dev.trash.ConfigurationException;
import dev.trash.ConflictException;
import dev.trash.ExpiredException;
import dev.trash.HeldException;
import dev.trash.Hold;
import dev.trash.InvalidArgumentException;
import dev.trash.NotFoundException;
import dev.trash.ParentInTrashException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.RestorePreview;
import dev.trash.Restored;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.TypeUsage;
import dev.trash.WorkspaceId;
import dev.trash.spi.RetentionPolicy;
import dev.trash.spi.TrashEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour suite for what goes past the reference Trash: SPEC R32 (holds), R33 (restore
 * preview), R34 (restore into another parent), R35 (bulk restore and purge), R36 (retention
 * policy) and R40 (who did what). A backend runs it by extending this class and implementing
 * {@link #newBackend}; everything is checked through the public API and the host's rows.
 */
public abstract class TrashBeyondSuite extends TrashFixture {
    private static final Duration DAY = Duration.ofDays(1);
    private static final ActorId BOB = ActorId.of("bob");
    private static final ActorId LEGAL = ActorId.of("legal-team");

    private TrashSweeper sweeper() {
        return trash.sweeper(SweeperOptions.defaults());
    }

    private List<TrashEvent> eventsOf(Class<? extends TrashEvent> kind) {
        return events.stream().filter(kind::isInstance).toList();
    }

    // ---------------------------------------------------------------- R32 holds

    @Test
    @DisplayName("R32 R40 a hold is shown on the item, with its reason, actor and time; a manual purge is refused and changes nothing")
    void holdRefusesManualPurge() {
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m = model(p, "m1", 10);
        TrashItem item = trash.delete(W1, p, ALICE);
        clock.advance(Duration.ofMinutes(5));

        TrashItem held = trash.hold(W1, item.id(), "litigation 2026-17", LEGAL);

        Hold hold = new Hold("litigation 2026-17", LEGAL, clock.instant());
        assertThat(held.hold()).contains(hold);
        assertThat(trash.get(W1, item.id()).orElseThrow().hold()).contains(hold);
        assertThat(trash.list(W1, dev.trash.TrashQuery.all()).items()).singleElement()
                .satisfies(i -> assertThat(i.hold()).contains(hold));
        assertThat(events).last().isEqualTo(new TrashEvent.Held(W1, item.id(), p, hold));
        assertThat(events.get(events.size() - 1).actor()).isEqualTo(LEGAL);

        assertThatThrownBy(() -> trash.purge(W1, item.id(), ALICE)).isInstanceOfSatisfying(HeldException.class,
                        e -> assertThat(e.heldItem()).isEqualTo(item.id()))
                .hasMessageContaining("is held").hasMessageContaining("litigation 2026-17")
                .hasMessageContaining("release the hold first");
        assertThat(isTrashed(p)).isTrue();
        assertThat(isTrashed(m)).isTrue();
        assertThat(backend.timesFreed(item.id())).isZero();
        assertThat(listedIds(W1)).containsExactly(item.id());

        assertThatThrownBy(() -> trash.hold(W1, item.id(), "again", BOB)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already held");
        assertThat(trash.get(W1, item.id()).orElseThrow().hold()).contains(hold);
    }

    @Test
    @DisplayName("R32 a held item past its expiry stays listed ('held') and restorable; no sweep purges it; restoring it brings it back")
    void heldPastExpiryIsKeptAndRestorable() {
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m = model(p, "m1", 10);
        TrashItem item = trash.delete(W1, p, ALICE);
        trash.hold(W1, item.id(), "audit", LEGAL);
        clock.advance(Duration.ofDays(45));

        assertThat(sweeper().sweepOnce()).isEqualTo(Purged.NONE);
        TrashItem listed = trash.get(W1, item.id()).orElseThrow();
        assertThat(listed.expiresInDays()).isZero();
        assertThat(listed.expiresInLabel()).isEqualTo("held");
        assertThat(listedIds(W1)).containsExactly(item.id());
        assertThat(trash.storageSummary(W1).bytes()).isEqualTo(110);

        Restored restored = trash.restore(W1, item.id(), BOB);
        assertThat(restored.restoredCount()).isEqualTo(2);
        assertThat(isActive(p)).isTrue();
        assertThat(isActive(m)).isTrue();
        assertThat(listedIds(W1)).isEmpty();
    }

    @Test
    @DisplayName("R32 lifting the hold of an expired item makes it due at once: no longer listed, purged by the next sweep")
    void releaseOfExpiredMakesItDue() {
        ResourceRef p = project(W1, "p1", 100);
        TrashItem item = trash.delete(W1, p, ALICE);
        trash.hold(W1, item.id(), "audit", LEGAL);
        clock.advance(Duration.ofDays(45));

        TrashItem released = trash.releaseHold(W1, item.id(), LEGAL);

        assertThat(released.hold()).isEmpty();
        assertThat(events).last().isInstanceOfSatisfying(TrashEvent.Released.class, e -> {
            assertThat(e.actor()).isEqualTo(LEGAL);
            assertThat(e.at()).isEqualTo(clock.instant());
            assertThat(e.hold().reason()).isEqualTo("audit");
        });
        assertThat(trash.get(W1, item.id())).isEmpty();
        assertThatThrownBy(() -> trash.restore(W1, item.id(), BOB)).isInstanceOf(ExpiredException.class);
        assertThat(sweeper().sweepOnce()).isEqualTo(new Purged(1, 100, 0));
        assertThat(backend.exists(p)).isFalse();
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
    }

    @Test
    @DisplayName("R32 lifting the hold of an item not yet expired leaves its expiry as it was")
    void releaseBeforeExpiry() {
        ResourceRef p = project(W1, "p1", 100);
        TrashItem item = trash.delete(W1, p, ALICE);
        trash.hold(W1, item.id(), "audit", LEGAL);
        clock.advance(Duration.ofDays(10));
        TrashItem released = trash.releaseHold(W1, item.id(), LEGAL);
        assertThat(released.expiresAt()).isEqualTo(item.expiresAt());
        assertThat(released.expiresInDays()).isEqualTo(20);
        assertThat(sweeper().sweepOnce()).isEqualTo(Purged.NONE);
        clock.advance(Duration.ofDays(20));
        assertThat(sweeper().sweepOnce()).isEqualTo(new Purged(1, 100, 0));
    }

    @Test
    @DisplayName("R32 R16 Empty Trash skips held items and says how many it kept")
    void emptyTrashKeepsHeld() {
        ResourceRef keep = project(W1, "keep", 100);
        ResourceRef gone1 = project(W1, "gone1", 10);
        ResourceRef gone2 = dataset(W1, "gone2", 20);
        TrashItem kept = trash.delete(W1, keep, ALICE);
        trash.delete(W1, gone1, ALICE);
        trash.delete(W1, gone2, ALICE);
        trash.hold(W1, kept.id(), "audit", LEGAL);

        Purged emptied = trash.emptyTrash(W1, BOB);

        assertThat(emptied).isEqualTo(new Purged(2, 30, 0, 1));
        assertThat(listedIds(W1)).containsExactly(kept.id());
        assertThat(isTrashed(keep)).isTrue();
        assertThat(backend.exists(gone1)).isFalse();
        assertThat(backend.exists(gone2)).isFalse();
        assertThat(events).last().isEqualTo(new TrashEvent.Emptied(W1, emptied, BOB, clock.instant()));
    }

    @Test
    @DisplayName("R32 R18 an item with a held item nested in it: its manual purge is refused, its sweep waits, nothing of it is deleted; after the release both go")
    void heldNestedItemBlocksItsParent() {
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m = model(p, "m1", 10);
        ResourceRef w = child(WEIGHTS, m, "w1", 1);
        ResourceRef other = model(p, "m2", 20);
        TrashItem model = trash.delete(W1, m, ALICE);
        clock.advance(Duration.ofMinutes(1));
        TrashItem project = trash.delete(W1, p, ALICE);
        trash.hold(W1, model.id(), "audit", LEGAL);

        assertThatThrownBy(() -> trash.purge(W1, project.id(), BOB)).isInstanceOfSatisfying(HeldException.class,
                        e -> assertThat(e.heldItem()).isEqualTo(model.id()))
                .hasMessageContaining(model.id().toString()).hasMessageContaining("nested")
                .hasMessageContaining("release the hold first");
        assertThat(listedIds(W1)).containsExactlyInAnyOrder(model.id(), project.id());

        clock.advance(Duration.ofDays(31));
        Purged swept = sweeper().sweepOnce();
        assertThat(swept.items()).as("nothing purged while the nested item is held").isZero();
        for (ResourceRef r : List.of(p, m, w, other)) {
            assertThat(isTrashed(r)).as("%s intact", r).isTrue();
        }
        assertThat(backend.timesFreed(project.id())).isZero();
        assertThat(trash.get(W1, model.id())).as("the held model stays listed").isPresent();

        trash.releaseHold(W1, model.id(), LEGAL);
        clock.advance(SweeperOptions.defaults().initialBackoff());
        assertThat(sweeper().sweepOnce().items()).isEqualTo(2);
        for (ResourceRef r : List.of(p, m, w, other)) {
            assertThat(backend.exists(r)).as("%s purged", r).isFalse();
        }
    }

    @Test
    @DisplayName("R32 a hold is refused on an item a purge has claimed (its hook failed, the sweeper retries it), and on a missing one")
    void holdRefusedWhenBeingPurged() {
        trash = builder().purgeHook(t -> {
            throw new IOException("file store down");
        }).build();
        ResourceRef p = project(W1, "p1", 100);
        TrashItem item = trash.delete(W1, p, ALICE);
        assertThat(trash.purge(W1, item.id(), ALICE).retrying()).isEqualTo(1);

        assertThatThrownBy(() -> trash.hold(W1, item.id(), "too late", LEGAL)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("being purged");
        assertThatThrownBy(() -> trash.hold(W1, TrashItemId.random(), "x", LEGAL)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> trash.hold(W2, item.id(), "x", LEGAL)).as("another workspace's item is missing")
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("R32 R23 bad hold input gets a clear error and changes nothing; releasing an item that is not held is refused")
    void holdInputs() {
        ResourceRef p = project(W1, "p1", 100);
        TrashItem item = trash.delete(W1, p, ALICE);
        assertThatThrownBy(() -> trash.hold(W1, item.id(), " ", LEGAL)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("hold reason");
        assertThatThrownBy(() -> trash.hold(W1, item.id(), "x".repeat(256), LEGAL))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("255");
        assertThatThrownBy(() -> trash.hold(W1, item.id(), null, LEGAL)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> trash.hold(W1, item.id(), "x", null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> trash.releaseHold(W1, item.id(), LEGAL)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("not held");
        assertThatThrownBy(() -> trash.releaseHold(W2, item.id(), LEGAL)).isInstanceOf(NotFoundException.class);
        assertThat(trash.get(W1, item.id()).orElseThrow().hold()).isEmpty();
        assertThat(eventsOf(TrashEvent.Held.class)).isEmpty();
    }

    @Test
    @DisplayName("R32 R9 an expired item the sweeper has not taken yet cannot be held: it is no longer restorable")
    void holdOfExpiredItem() {
        ResourceRef p = project(W1, "p1", 100);
        TrashItem item = trash.delete(W1, p, ALICE);
        clock.advance(Duration.ofDays(31));
        assertThat(trash.get(W1, item.id())).isEmpty();

        assertThatThrownBy(() -> trash.hold(W1, item.id(), "too late", LEGAL)).isInstanceOf(ExpiredException.class)
                .hasMessageContaining("can no longer be held");

        assertThat(listedIds(W1)).isEmpty();
        assertThat(sweeper().sweepOnce()).isEqualTo(new Purged(1, 100, 0));
        assertThat(eventsOf(TrashEvent.Held.class)).isEmpty();
    }

    @Test
    @DisplayName("R36 R32 re-applying the retention changes a held item not expired yet, and leaves a held item past its expiry as it is")
    void reapplyAndHolds() {
        TrashItem old = trash.delete(W1, project(W1, "old", 1), ALICE);
        trash.hold(W1, old.id(), "audit", LEGAL);
        clock.advance(Duration.ofDays(20));
        TrashItem fresh = trash.delete(W1, project(W1, "fresh", 1), ALICE);
        trash.hold(W1, fresh.id(), "audit", LEGAL);
        clock.advance(Duration.ofDays(20)); // old is 10 days past its expiry, still held
        trash = builder().retentionPolicy((w, t, d) -> Duration.ofDays(365)).build();

        assertThat(trash.reapplyRetention(W1, BOB)).isEqualTo(1);
        assertThat(trash.get(W1, old.id()).orElseThrow().expiresAt()).isEqualTo(old.expiresAt());
        assertThat(trash.get(W1, fresh.id()).orElseThrow().expiresAt()).isEqualTo(fresh.deletedAt().plus(Duration.ofDays(365)));
        assertThat(trash.reapplyRetention(W1, BOB)).as("nothing changes a second time, nothing is counted").isZero();
    }

    @Test
    @DisplayName("R36 R6 a retention that is not a whole number of microseconds gives expiries the expiry order pages through exactly")
    void subMicrosecondRetention() {
        trash = builder().retentionPolicy((w, t, d) -> Duration.ofDays(30).plusNanos(500)).build();
        List<TrashItemId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(trash.delete(W1, project(W1, "p" + i, 1), ALICE).id());
        }
        assertThat(trash.get(W1, ids.get(0)).orElseThrow().expiresAt().getNano() % 1_000).isZero();
        assertThat(TrashFixture.allPages(trash, W1, dev.trash.TrashQuery.all().order(dev.trash.SortOrder.EXPIRING_FIRST)
                .limit(2))).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------- R33 restore preview

    @Test
    @DisplayName("R33 a preview tells the root, the count and bytes per type and the slug, and changes nothing")
    void previewChangesNothing() {
        ResourceRef p = project(W1, "p1", 1_000);
        ResourceRef m1 = model(p, "m1", 10);
        ResourceRef m2 = model(p, "m2", 20);
        child(WEIGHTS, m1, "w1", 100);
        TrashItem item = trash.delete(W1, p, ALICE);
        Snapshot before = snapshot();
        int eventsBefore = events.size();

        RestorePreview preview = trash.previewRestore(W1, item.id());

        assertThat(preview.possible()).isTrue();
        assertThat(preview.refusal()).isEmpty();
        assertThat(preview.root()).isEqualTo(p);
        assertThat(preview.parent()).isEmpty();
        assertThat(preview.slug()).contains("p1");
        assertThat(preview.renamed()).isFalse();
        assertThat(preview.types()).containsEntry(PROJECT, new TypeUsage(1, 1_000))
                .containsEntry(MODEL, new TypeUsage(2, 30)).containsEntry(WEIGHTS, new TypeUsage(1, 100));
        assertThat(preview.count()).isEqualTo(4);
        assertThat(preview.bytes()).isEqualTo(item.sizeBytes());
        assertThat(snapshot()).isEqualTo(before);
        assertThat(isTrashed(m2)).isTrue();
        assertThat(events).hasSize(eventsBefore);
    }

    @Test
    @DisplayName("R33 R11 a preview gives the slug a restore would get when the own one is taken, and the restore then gets it")
    void previewRenames() {
        ResourceRef p = project(W1, "p1", "vision", 1);
        TrashItem item = trash.delete(W1, p, ALICE);
        project(W1, "p2", "vision", 1);

        RestorePreview preview = trash.previewRestore(W1, item.id());

        assertThat(preview.originalSlug()).contains("vision");
        assertThat(preview.slug()).contains("vision-2");
        assertThat(preview.renamed()).isTrue();
        assertThat(slugOf(p)).contains("vision");
        assertThat(trash.restore(W1, item.id(), ALICE).slug()).contains("vision-2");
    }

    @Test
    @DisplayName("R33 R12 R14 a preview tells the refusal a restore would meet: parent in the Trash (R12's message), expired, being purged; a missing item is not found")
    void previewRefusals() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m = model(p, "m1", 1);
        TrashItem model = trash.delete(W1, m, ALICE);
        trash.delete(W1, p, ALICE);

        RestorePreview inTrash = trash.previewRestore(W1, model.id());
        assertThat(inTrash.possible()).isFalse();
        assertThat(inTrash.refusal().orElseThrow().reason()).isEqualTo(RestorePreview.Reason.PARENT_IN_TRASH);
        assertThat(inTrash.refusal().orElseThrow().message())
                .isEqualTo("Cannot restore model while its parent project is in trash. Restore the project first.");
        assertThat(inTrash.parent()).contains(p);
        assertThat(inTrash.types()).containsEntry(MODEL, new TypeUsage(1, 1));

        clock.advance(Duration.ofDays(31));
        assertThat(trash.previewRestore(W1, model.id()).refusal().orElseThrow().reason())
                .isEqualTo(RestorePreview.Reason.EXPIRED);

        TrashManager failing = builder().purgeHook(t -> {
            throw new IOException("down");
        }).build();
        ResourceRef d = dataset(W1, "d1", 1);
        TrashItem dataset = failing.delete(W1, d, ALICE);
        failing.purge(W1, dataset.id(), ALICE);
        assertThat(trash.previewRestore(W1, dataset.id()).refusal().orElseThrow().reason())
                .isEqualTo(RestorePreview.Reason.BEING_PURGED);

        assertThatThrownBy(() -> trash.previewRestore(W1, TrashItemId.random())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> trash.previewRestore(W2, model.id())).isInstanceOf(NotFoundException.class);
    }

    // ---------------------------------------------------------------- R34 restore elsewhere

    @Test
    @DisplayName("R34 R11 a model whose project is in the Trash is restored into another project: its children come, its slug is made free there")
    void restoreIntoAnotherProject() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m = model(p, "m1", "detector", 10);
        ResourceRef w = child(WEIGHTS, m, "w1", 100);
        TrashItem model = trash.delete(W1, m, ALICE);
        trash.delete(W1, p, ALICE);
        ResourceRef target = project(W1, "p2", 1);
        model(target, "m9", "detector", 1);
        assertThatThrownBy(() -> trash.restore(W1, model.id(), ALICE)).isInstanceOf(ParentInTrashException.class);

        RestorePreview preview = trash.previewRestoreInto(W1, model.id(), target);
        assertThat(preview.possible()).isTrue();
        assertThat(preview.parent()).contains(target);
        assertThat(preview.slug()).contains("detector-2");

        Restored restored = trash.restoreInto(W1, model.id(), target, BOB);

        assertThat(restored.parent()).contains(target);
        assertThat(restored.slug()).contains("detector-2");
        assertThat(restored.restoredCount()).isEqualTo(2);
        assertThat(isActive(m)).isTrue();
        assertThat(isActive(w)).isTrue();
        assertThat(backend.find(m).orElseThrow().resource().parent()).contains(target);
        assertThat(backend.active(W1, MODEL)).contains(m);
        assertThat(events).last().isEqualTo(new TrashEvent.RestoredItem(W1, restored, BOB, clock.instant()));
    }

    @Test
    @DisplayName("R34 R18 a model restored elsewhere no longer goes with its old project's purge")
    void movedModelOutlivesOldProject() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m = model(p, "m1", 10);
        TrashItem model = trash.delete(W1, m, ALICE);
        TrashItem project = trash.delete(W1, p, ALICE);
        ResourceRef target = project(W1, "p2", 1);
        trash.restoreInto(W1, model.id(), target, ALICE);

        assertThat(trash.purge(W1, project.id(), ALICE)).isEqualTo(new Purged(1, 1, 0));
        assertThat(backend.exists(p)).isFalse();
        assertThat(isActive(m)).isTrue();
    }

    @Test
    @DisplayName("R34 R12 R23 restore elsewhere is refused into a parent in the Trash (R12), a missing one, one of the wrong type, or for a type without a parent; nothing changes")
    void restoreIntoRefusals() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m = model(p, "m1", 10);
        TrashItem model = trash.delete(W1, m, ALICE);
        ResourceRef trashed = project(W1, "p2", 1);
        trash.delete(W1, trashed, ALICE);
        ResourceRef d = dataset(W1, "d1", 1);
        ResourceRef foreign = project(W2, "p9", 1);
        TrashItem project = trash.delete(W1, project(W1, "p3", 1), ALICE);
        Snapshot before = snapshot();

        assertThatThrownBy(() -> trash.restoreInto(W1, model.id(), trashed, ALICE))
                .isInstanceOf(ParentInTrashException.class)
                .hasMessage("Cannot restore model while its parent project is in trash. Restore the project first.");
        assertThatThrownBy(() -> trash.restoreInto(W1, model.id(), ResourceRef.of(PROJECT, "nope"), ALICE))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> trash.restoreInto(W1, model.id(), foreign, ALICE)).as("another workspace's project")
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> trash.restoreInto(W1, model.id(), d, ALICE)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("can only be restored into a project");
        assertThatThrownBy(() -> trash.restoreInto(W1, project.id(), d, ALICE))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no parent type");
        assertThatThrownBy(() -> trash.restoreInto(W1, model.id(), ResourceRef.of("galaxy", "g"), ALICE))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(trash.previewRestoreInto(W1, model.id(), ResourceRef.of(PROJECT, "nope")).refusal().orElseThrow()
                .reason()).isEqualTo(RestorePreview.Reason.PARENT_MISSING);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(backend.find(m).orElseThrow().resource().parent()).contains(p);
    }

    @Test
    @DisplayName("R34 restoring into the parent it already has is a plain restore")
    void restoreIntoSameParent() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m = model(p, "m1", 10);
        TrashItem model = trash.delete(W1, m, ALICE);
        assertThat(trash.restoreInto(W1, model.id(), p, ALICE).parent()).contains(p);
        assertThat(isActive(m)).isTrue();
    }

    // ---------------------------------------------------------------- R35 bulk

    @Test
    @DisplayName("R35 a bulk restore reports each item's outcome; refused ones stop no other, each item is atomic")
    void bulkRestore() {
        ResourceRef ok = project(W1, "ok", 1);
        ResourceRef renamed = project(W1, "r1", "vision", 1);
        ResourceRef parent = project(W1, "pp", 1);
        ResourceRef orphan = model(parent, "mm", 1);
        ResourceRef old = dataset(W1, "old", 1);
        TrashItem expired = trash.delete(W1, old, ALICE);
        clock.advance(Duration.ofDays(29));
        TrashItem okItem = trash.delete(W1, ok, ALICE);
        TrashItem renamedItem = trash.delete(W1, renamed, ALICE);
        project(W1, "r2", "vision", 1);
        TrashItem orphanItem = trash.delete(W1, orphan, ALICE);
        trash.delete(W1, parent, ALICE);
        clock.advance(Duration.ofDays(2));
        TrashItemId missing = TrashItemId.random();

        BulkResult result = trash.restoreAll(W1, List.of(okItem.id(), missing, orphanItem.id(), renamedItem.id(),
                expired.id()), BOB);

        assertThat(result.outcomes()).extracting(BulkResult.Outcome::item)
                .containsExactly(okItem.id(), missing, orphanItem.id(), renamedItem.id(), expired.id());
        assertThat(result.outcomes()).extracting(BulkResult.Outcome::status).containsExactly(
                BulkResult.Status.RESTORED, BulkResult.Status.NOT_FOUND, BulkResult.Status.PARENT_IN_TRASH,
                BulkResult.Status.RENAMED, BulkResult.Status.EXPIRED);
        assertThat(result.of(renamedItem.id()).orElseThrow().restored().orElseThrow().slug()).contains("vision-2");
        assertThat(result.of(orphanItem.id()).orElseThrow().message())
                .isEqualTo("Cannot restore model while its parent project is in trash. Restore the project first.");
        assertThat(result.refused()).hasSize(3);
        assertThat(result.count(BulkResult.Status.RESTORED)).isEqualTo(1);
        assertThat(isActive(ok)).isTrue();
        assertThat(isActive(renamed)).isTrue();
        assertThat(isTrashed(orphan)).isTrue();
        assertThat(eventsOf(TrashEvent.RestoredItem.class)).hasSize(2).allSatisfy(e -> assertThat(e.actor()).isEqualTo(BOB));
    }

    @Test
    @DisplayName("R35 R32 a bulk purge reports each item's outcome: purged, held, not found, retrying")
    void bulkPurge() {
        ResourceRef a = project(W1, "a", 10);
        ResourceRef b = project(W1, "b", 20);
        TrashItem itemA = trash.delete(W1, a, ALICE);
        TrashItem itemB = trash.delete(W1, b, ALICE);
        trash.hold(W1, itemB.id(), "audit", LEGAL);
        TrashItemId missing = TrashItemId.random();

        BulkResult result = trash.purgeAll(W1, List.of(itemB.id(), missing, itemA.id()), BOB);

        assertThat(result.outcomes()).extracting(BulkResult.Outcome::status)
                .containsExactly(BulkResult.Status.HELD, BulkResult.Status.NOT_FOUND, BulkResult.Status.PURGED);
        assertThat(result.of(itemA.id()).orElseThrow().purged()).contains(new Purged(1, 10, 0));
        assertThat(result.of(itemB.id()).orElseThrow().message()).contains("release the hold first");
        assertThat(backend.exists(a)).isFalse();
        assertThat(isTrashed(b)).isTrue();

        TrashManager failing = builder().purgeHook(t -> {
            throw new IOException("down");
        }).build();
        TrashItem itemC = failing.delete(W1, project(W1, "c", 1), ALICE);
        assertThat(failing.purgeAll(W1, List.of(itemC.id()), BOB).outcomes()).singleElement()
                .extracting(BulkResult.Outcome::status).isEqualTo(BulkResult.Status.RETRYING);
    }

    @Test
    @DisplayName("R35 R23 a bulk call refuses an empty list, more than MAX_BULK items, an item named twice, a null; and any transaction")
    void bulkInputs() {
        TrashItem item = trash.delete(W1, project(W1, "p1", 1), ALICE);
        List<TrashItemId> tooMany = IntStream.range(0, TrashManager.MAX_BULK + 1).mapToObj(i -> TrashItemId.random()).toList();
        assertThatThrownBy(() -> trash.restoreAll(W1, List.of(), ALICE)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> trash.purgeAll(W1, tooMany, ALICE)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("at most " + TrashManager.MAX_BULK);
        assertThatThrownBy(() -> trash.restoreAll(W1, List.of(item.id(), item.id()), ALICE))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("twice");
        List<TrashItemId> withNull = new ArrayList<>(Collections.singletonList(null));
        assertThatThrownBy(() -> trash.purgeAll(W1, withNull, ALICE)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("items[0]");
        assertThatThrownBy(() -> transactions().inTransaction(() -> trash.restoreAll(W1, List.of(item.id()), ALICE)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a transaction");
        assertThat(listedIds(W1)).containsExactly(item.id());
    }

    // ---------------------------------------------------------------- R36 retention policy

    /** A plan per workspace, in days; a workspace without one gets the default. */
    private static final class Plans implements RetentionPolicy {
        final Map<WorkspaceId, Integer> days = new ConcurrentHashMap<>();

        @Override
        public Duration retention(WorkspaceId workspace, dev.trash.ResourceType type, Duration defaultRetention) {
            Integer d = days.get(workspace);
            return d == null ? defaultRetention : Duration.ofDays(d);
        }
    }

    @Test
    @DisplayName("R36 the policy gives the retention per workspace at deletion; a changed plan affects later deletes only")
    void policyPerWorkspace() {
        Plans plans = new Plans();
        plans.days.put(W1, 180);
        trash = builder().retentionPolicy(plans).build();
        TrashItem pro = trash.delete(W1, project(W1, "p1", 1), ALICE);
        TrashItem free = trash.delete(W2, project(W2, "p2", 1), ALICE);
        assertThat(pro.expiresAt()).isEqualTo(pro.deletedAt().plus(Duration.ofDays(180)));
        assertThat(free.expiresAt()).isEqualTo(free.deletedAt().plus(Duration.ofDays(30)));

        plans.days.put(W1, 365);
        TrashItem later = trash.delete(W1, project(W1, "p3", 1), ALICE);
        assertThat(later.expiresAt()).isEqualTo(later.deletedAt().plus(Duration.ofDays(365)));
        assertThat(trash.get(W1, pro.id()).orElseThrow().expiresAt()).as("fixed at deletion").isEqualTo(pro.expiresAt());
    }

    @Test
    @DisplayName("R36 a policy that gives no retention, or one out of range, fails the delete clearly and changes nothing")
    void badPolicy() {
        ResourceRef p = project(W1, "p1", 1);
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofDays(-1), Duration.ofDays(3651)}) {
            TrashManager t = builder().retentionPolicy((w, type, d) -> bad).build();
            assertThatThrownBy(() -> t.delete(W1, p, ALICE)).as("%s", bad).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("retention policy").hasMessageContaining(String.valueOf(bad));
            assertThat(isActive(p)).isTrue();
        }
        assertThat(listedIds(W1)).isEmpty();
    }

    @Test
    @DisplayName("R36 re-applying the policy gives listed items deletion + new retention, never an expiry before now; other workspaces, expired and claimed items keep theirs")
    void reapply() {
        Plans plans = new Plans();
        trash = builder().retentionPolicy(plans).build();
        TrashItem old = trash.delete(W1, project(W1, "old", 1), ALICE);
        clock.advance(Duration.ofDays(9));
        TrashItem recent = trash.delete(W1, dataset(W1, "recent", 1), ALICE);
        TrashItem held = trash.delete(W1, project(W1, "held", 1), ALICE);
        trash.hold(W1, held.id(), "audit", LEGAL);
        TrashItem other = trash.delete(W2, project(W2, "other", 1), ALICE);
        clock.advance(DAY);
        Instant now = clock.instant();

        plans.days.put(W1, 7);
        assertThat(trash.reapplyRetention(W1, BOB)).isEqualTo(3);

        assertThat(events).last().isEqualTo(new TrashEvent.RetentionReapplied(W1, 3, BOB, now));
        assertThat(trash.get(W1, recent.id()).orElseThrow().expiresAt()).isEqualTo(recent.deletedAt().plus(Duration.ofDays(7)));
        assertThat(trash.get(W1, held.id()).orElseThrow().expiresAt()).isEqualTo(held.deletedAt().plus(Duration.ofDays(7)));
        assertThat(trash.get(W1, old.id())).as("its new expiry is now: it expires now, never in the past").isEmpty();
        assertThatThrownBy(() -> trash.restore(W1, old.id(), ALICE)).isInstanceOf(ExpiredException.class)
                .hasMessageContaining(now.toString());
        assertThat(trash.get(W2, other.id()).orElseThrow().expiresAt()).isEqualTo(other.expiresAt());

        plans.days.put(W1, 365);
        assertThat(trash.reapplyRetention(W1, BOB)).as("the expired item is not brought back").isEqualTo(2);
        assertThat(trash.get(W1, old.id())).isEmpty();
        assertThat(trash.get(W1, recent.id()).orElseThrow().expiresAt()).isEqualTo(recent.deletedAt().plus(Duration.ofDays(365)));
        assertThat(sweeper().sweepOnce()).as("the expired one is due").isEqualTo(new Purged(1, 1, 0));
        clock.advance(Duration.ofDays(300));
        assertThat(sweeper().sweepOnce()).as("the re-applied expiries are the due times").isEqualTo(new Purged(1, 1, 0));
    }

    // ---------------------------------------------------------------- R40 who did what

    @Test
    @DisplayName("R40 every event carries who did it and when: delete, restore, hold, release, purge, Empty Trash, and the sweeper's purges")
    void actorsOnEvents() {
        TrashItem a = trash.delete(W1, project(W1, "a", 1), ALICE);
        clock.advance(Duration.ofSeconds(1));
        trash.restore(W1, a.id(), BOB);
        TrashItem b = trash.delete(W1, project(W1, "b", 1), ALICE);
        clock.advance(Duration.ofSeconds(1));
        trash.hold(W1, b.id(), "audit", LEGAL);
        trash.releaseHold(W1, b.id(), BOB);
        clock.advance(Duration.ofSeconds(1));
        trash.purge(W1, b.id(), BOB);
        trash.delete(W1, project(W1, "c", 1), ALICE);
        trash.emptyTrash(W1, LEGAL);
        trash.delete(W1, project(W1, "d", 1), ALICE);
        clock.advance(Duration.ofDays(31));
        sweeper().sweepOnce();

        assertThat(events).extracting(e -> e.getClass().getSimpleName() + " by " + e.actor()).containsExactly(
                "Deleted by alice", "RestoredItem by bob", "Deleted by alice", "Held by legal-team",
                "Released by bob", "Purged by bob", "Deleted by alice", "Purged by legal-team", "Emptied by legal-team",
                "Deleted by alice", "Purged by trash:sweeper");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.workspace()).isEqualTo(W1);
            assertThat(e.at()).isBetween(START, clock.instant());
        });
        assertThat(events.get(1).at()).isEqualTo(START.plusSeconds(1));
        assertThat(events.get(events.size() - 1).at()).isEqualTo(clock.instant());
    }

    @Test
    @DisplayName("R40 R23 restore, purge, hold and Empty Trash refuse a null actor and change nothing")
    void actorRequired() {
        TrashItem item = trash.delete(W1, project(W1, "p1", 1), ALICE);
        assertThatThrownBy(() -> trash.restore(W1, item.id(), null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("actor");
        assertThatThrownBy(() -> trash.purge(W1, item.id(), null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> trash.emptyTrash(W1, null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> trash.releaseHold(W1, item.id(), null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> trash.reapplyRetention(W1, null)).isInstanceOf(InvalidArgumentException.class);
        assertThat(listedIds(W1)).containsExactly(item.id());
        assertThat(Optional.of(events.size())).contains(1);
    }
}

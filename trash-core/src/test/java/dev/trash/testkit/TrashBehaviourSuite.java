package dev.trash.testkit;

import static dev.trash.testkit.ReferenceTypes.ANNOTATION;
import static dev.trash.testkit.ReferenceTypes.EXPORT;
import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static dev.trash.testkit.ReferenceTypes.MODEL;
import static dev.trash.testkit.ReferenceTypes.PROJECT;
import static dev.trash.testkit.ReferenceTypes.TRAINING_RUN;
import static dev.trash.testkit.ReferenceTypes.WEIGHTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.ConflictException;
import dev.trash.ExpiredException;
import dev.trash.InvalidArgumentException;
import dev.trash.NotFoundException;
import dev.trash.ParentInTrashException;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.Restored;
import dev.trash.SlugScope;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.spi.HostResource;
import dev.trash.spi.TrashEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour suite: SPEC rules R1–R5a and R9–R14 (deleting, retention, expiry, restoring), each
 * test named by the rules it proves, written once against the API and the {@link SuiteBackend}. A
 * backend runs it by extending this class and implementing {@link #newBackend}. Listing, purging and safety
 * rules are in {@link TrashListingSuite}, {@link TrashPurgeSuite} and {@link TrashSafetySuite}.
 */
public abstract class TrashBehaviourSuite extends TrashFixture {
    private static final ActorId BOB = ActorId.of("bob");
    private static final Duration DAY = Duration.ofDays(1);

    // ---------------------------------------------------------------- R1 R3: delete and cascade

    @Test
    @DisplayName("R1 R3 R10 deleting a project hides it and its models; restoring brings exactly them back")
    void deleteAndRestoreProject() {
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m1 = model(p, "m1", 10);
        ResourceRef w = child(WEIGHTS, m1, "w1", 1000);

        TrashItem item = trash.delete(W1, p, ALICE);

        assertThat(item.cascadedCount()).isEqualTo(2);
        assertThat(item.sizeBytes()).isEqualTo(1110);
        assertThat(item.expiresInLabel()).isEqualTo("30d");
        assertThat(isTrashed(p)).isTrue();
        assertThat(isTrashed(m1)).isTrue();
        assertThat(isTrashed(w)).isTrue();
        assertThat(trash.list(W1, TrashQuery.all()).items()).extracting(TrashItem::id).containsExactly(item.id());

        Restored restored = trash.restore(W1, item.id(), ALICE);
        assertThat(restored.restoredCount()).isEqualTo(3);
        assertThat(isActive(p)).isTrue();
        assertThat(isActive(m1)).isTrue();
        assertThat(isActive(w)).isTrue();
    }

    @Test
    @DisplayName("R1 a deleted resource disappears from the host's active views at once, but nothing is destroyed")
    void deleteHidesButKeeps() {
        ResourceRef p1 = project(W1, "p1", 100);
        ResourceRef p2 = project(W1, "p2", 100);
        ResourceRef m1 = model(p1, "m1", 10);
        ResourceRef m2 = model(p2, "m2", 10);

        trash.delete(W1, p1, ALICE);

        assertThat(backend.active(W1, PROJECT)).containsExactly(p2);
        assertThat(backend.active(W1, MODEL)).containsExactly(m2);
        assertThat(backend.exists(p1)).isTrue();
        assertThat(backend.exists(m1)).isTrue();
        assertThat(backend.freedBytes(W1)).isZero();
    }

    @Test
    @DisplayName("R3 deleting a dataset moves all its images and annotations into the same item, and only them")
    void datasetCascade() {
        ResourceRef d1 = dataset(W1, "d1", 50);
        List<ResourceRef> images = children(IMAGE, d1, "img", 3, 1_000);
        List<ResourceRef> notes = children(ANNOTATION, d1, "ann", 2, 20);
        ResourceRef d2 = dataset(W1, "d2", 50);
        ResourceRef otherImage = child(IMAGE, d2, "other", 1_000);

        TrashItem item = trash.delete(W1, d1, ALICE);

        assertThat(item.cascadedCount()).isEqualTo(5);
        assertThat(item.badge()).isEqualTo("+5");
        assertThat(item.sizeBytes()).isEqualTo(50 + 3 * 1_000 + 2 * 20);
        images.forEach(i -> assertThat(trashedBy(i)).contains(item.id()));
        notes.forEach(a -> assertThat(trashedBy(a)).contains(item.id()));
        assertThat(trashedBy(d1)).contains(item.id());
        assertThat(backend.active(W1, IMAGE)).containsExactly(otherImage);
        assertThat(backend.active(W1, ANNOTATION)).isEmpty();
        assertThat(isActive(d2)).isTrue();
    }

    @Test
    @DisplayName("R3 deleting a project cascades transitively: its models and their weights, training runs and exports")
    void projectCascadeIsTransitive() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m1 = model(p, "m1", 10);
        ResourceRef m2 = model(p, "m2", 20);
        List<ResourceRef> grandChildren = List.of(
                child(WEIGHTS, m1, "w1", 100), child(TRAINING_RUN, m1, "t1", 200), child(EXPORT, m1, "e1", 300),
                child(WEIGHTS, m2, "w2", 400), child(TRAINING_RUN, m2, "t2", 500), child(EXPORT, m2, "e2", 600));

        TrashItem item = trash.delete(W1, p, ALICE);

        assertThat(item.cascadedCount()).isEqualTo(8);
        assertThat(item.sizeBytes()).isEqualTo(1 + 10 + 20 + 100 + 200 + 300 + 400 + 500 + 600);
        assertThat(trashedBy(m1)).contains(item.id());
        assertThat(trashedBy(m2)).contains(item.id());
        grandChildren.forEach(c -> assertThat(trashedBy(c)).as("%s", c).contains(item.id()));
        for (String type : List.of(MODEL, WEIGHTS, TRAINING_RUN, EXPORT)) {
            assertThat(backend.active(W1, type)).as(type).isEmpty();
        }
    }

    @Test
    @DisplayName("R3 R19 a crash between two cascade levels leaves nothing half-deleted: no resource marked, no item")
    void deleteCrashBetweenLevelsChangesNothing() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m1 = model(p, "m1", 10);
        ResourceRef w1 = child(WEIGHTS, m1, "w1", 100);
        ResourceRef e1 = child(EXPORT, m1, "e1", 100);
        Snapshot before = snapshot();
        Fault fault = Fault.on("markChildren", 2); // project→model done, model→weights done, then crash
        TrashManager crashing = builder().backend(Fault.inResources(backend.backend(), fault)).build();

        assertThatThrownBy(() -> crashing.delete(W1, p, ALICE)).isInstanceOf(Fault.Crash.class);

        assertThat(fault.fired()).isEqualTo(1);
        for (ResourceRef r : List.of(p, m1, w1, e1)) {
            assertThat(isActive(r)).as("%s", r).isTrue();
        }
        assertThat(snapshot()).isEqualTo(before);
        assertThat(events).isEmpty();

        TrashItem item = trash.delete(W1, p, ALICE);
        assertThat(item.cascadedCount()).isEqualTo(3);
        assertThat(trashedBy(w1)).contains(item.id());
    }

    @Test
    @DisplayName("R3 R19 a crash after the cascade but before the item is stored rolls the whole delete back")
    void deleteCrashOnInsertChangesNothing() {
        ResourceRef d = dataset(W1, "d1", 1);
        List<ResourceRef> images = children(IMAGE, d, "img", 4, 10);
        Snapshot before = snapshot();
        TrashManager crashing = builder().backend(Fault.inStore(backend.backend(), Fault.on("insert", 1))).build();

        assertThatThrownBy(() -> crashing.delete(W1, d, ALICE)).isInstanceOf(Fault.Crash.class);

        assertThat(isActive(d)).isTrue();
        images.forEach(i -> assertThat(isActive(i)).isTrue());
        assertThat(snapshot()).isEqualTo(before);
        assertThat(events).isEmpty();
    }

    // ---------------------------------------------------------------- R2: retention

    @Test
    @DisplayName("R2 the default retention is 30 days, fixed at deletion")
    void defaultRetention() {
        ResourceRef p = project(W1, "p1", 1);

        TrashItem item = trash.delete(W1, p, ALICE);

        assertThat(TrashManager.DEFAULT_RETENTION).isEqualTo(Duration.ofDays(30));
        assertThat(item.expiresAt()).isEqualTo(item.deletedAt().plus(Duration.ofDays(30)));
        assertThat(item.expiresInDays()).isEqualTo(30);
    }

    @Test
    @DisplayName("R2 R9 a global retention applies to every type: 7 days means restorable on day 6, gone on day 7")
    void globalRetention() {
        trash = builder().retention(Duration.ofDays(7)).build();
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef d = dataset(W1, "d1", 1);
        TrashItem pi = trash.delete(W1, p, ALICE);
        TrashItem di = trash.delete(W1, d, ALICE);

        assertThat(pi.expiresAt()).isEqualTo(pi.deletedAt().plus(Duration.ofDays(7)));
        assertThat(di.expiresAt()).isEqualTo(di.deletedAt().plus(Duration.ofDays(7)));
        assertThat(pi.expiresInLabel()).isEqualTo("7d");

        clock.advance(Duration.ofDays(6));
        assertThat(listedIds(W1)).containsExactlyInAnyOrder(pi.id(), di.id());
        trash.restore(W1, pi.id(), ALICE);
        assertThat(isActive(p)).isTrue();

        clock.advance(DAY);
        assertThat(listedIds(W1)).isEmpty();
        assertThatThrownBy(() -> trash.restore(W1, di.id(), ALICE)).isInstanceOf(ExpiredException.class);
    }

    @Test
    @DisplayName("R2 a type's own retention overrides the global one, for items whose root is of that type")
    void perTypeRetention() throws Exception {
        useTypes(ReferenceTypes.withRetention(ReferenceTypes.DATASET, Duration.ofDays(3)));
        trash = builder().retention(Duration.ofDays(60)).build();
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef d = dataset(W1, "d1", 1);
        child(IMAGE, d, "i1", 1);

        TrashItem pi = trash.delete(W1, p, ALICE);
        TrashItem di = trash.delete(W1, d, ALICE);

        assertThat(pi.expiresAt()).isEqualTo(pi.deletedAt().plus(Duration.ofDays(60)));
        assertThat(di.expiresAt()).isEqualTo(di.deletedAt().plus(Duration.ofDays(3)));
        assertThat(di.expiresInLabel()).isEqualTo("3d");
        assertThat(trash.types().get(ReferenceTypes.DATASET).retention()).contains(Duration.ofDays(3));

        clock.advance(Duration.ofDays(3));
        assertThat(listedIds(W1)).containsExactly(pi.id());
        assertThat(trash.get(W1, di.id())).isEmpty();
    }

    @Test
    @DisplayName("R2 R9 the expiry is fixed at deletion: a later change of retention does not move existing items")
    void retentionChangeAffectsOnlyLaterDeletes() {
        ResourceRef p1 = project(W1, "p1", 1);
        TrashItem before = trash.delete(W1, p1, ALICE);
        trash = builder().retention(Duration.ofDays(7)).build();
        TrashItem after = trash.delete(W1, project(W1, "p2", 1), ALICE);

        assertThat(trash.get(W1, before.id()).orElseThrow().expiresAt()).isEqualTo(before.expiresAt());
        assertThat(after.expiresAt()).isEqualTo(after.deletedAt().plus(Duration.ofDays(7)));

        clock.advance(Duration.ofDays(8));
        assertThat(listedIds(W1)).containsExactly(before.id());
        assertThat(trash.restore(W1, before.id(), ALICE).root()).isEqualTo(p1);
    }

    @Test
    @DisplayName("R1 R10 a listener that throws neither blocks nor undoes a delete or a restore")
    void throwingListenerIsIgnored() {
        trash = builder().listener(e -> {
            throw new IllegalStateException("broken audit log");
        }).build();
        ResourceRef p = project(W1, "p1", 1);

        TrashItem item = trash.delete(W1, p, ALICE);
        assertThat(isTrashed(p)).isTrue();
        assertThat(listedIds(W1)).containsExactly(item.id());

        trash.restore(W1, item.id(), ALICE);
        assertThat(isActive(p)).isTrue();
        assertThat(events).hasSize(2); // the fixture's own listener still heard both
    }

    @Test
    @DisplayName("R2 a retention of zero, below zero or over ten years is refused, globally and per type")
    void absurdRetentionRefused() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(-30),
                ResourceType.MAX_RETENTION.plusSeconds(1), Duration.ofDays(365 * 100))) {
            assertThatThrownBy(() -> builder().retention(bad)).as("global %s", bad)
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("retention");
            assertThatThrownBy(() -> ResourceType.of("folder").retention(bad)).as("type %s", bad)
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("retention of type folder");
            assertThatThrownBy(() -> new ResourceType("folder", Optional.empty(), Optional.empty(), Optional.of(bad)))
                    .as("record %s", bad)
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("retention");
        }
        assertThatThrownBy(() -> builder().retention(null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("retention");
        assertThat(ResourceType.MAX_RETENTION).isEqualTo(Duration.ofDays(3650));
        // the bounds themselves are fine
        assertThat(ResourceType.of("folder").retention(ResourceType.MAX_RETENTION).retention())
                .contains(ResourceType.MAX_RETENTION);
        trash = builder().retention(Duration.ofSeconds(1)).build();
        TrashItem item = trash.delete(W1, project(W1, "p1", 1), ALICE);
        assertThat(item.expiresAt()).isEqualTo(item.deletedAt().plusSeconds(1));
    }

    // ---------------------------------------------------------------- R4

    @Test
    @DisplayName("R4 a model trashed on its own is not swallowed by a later delete of its project: own item, own expiry")
    void childTrashedOnItsOwnKeepsItsItem() {
        ResourceRef p = project(W1, "p1", 1_000);
        ResourceRef m1 = model(p, "m1", 10);
        ResourceRef w1 = child(WEIGHTS, m1, "w1", 100);
        ResourceRef m2 = model(p, "m2", 20);
        ResourceRef w2 = child(WEIGHTS, m2, "w2", 200);
        TrashItem modelItem = trash.delete(W1, m1, ALICE);
        clock.advance(Duration.ofDays(5));

        TrashItem projectItem = trash.delete(W1, p, BOB);

        assertThat(projectItem.cascadedCount()).as("m2 and its weights only").isEqualTo(2);
        assertThat(projectItem.sizeBytes()).isEqualTo(1_000 + 20 + 200);
        assertThat(trashedBy(m1)).contains(modelItem.id());
        assertThat(trashedBy(w1)).contains(modelItem.id());
        assertThat(trashedBy(m2)).contains(projectItem.id());
        assertThat(trashedBy(w2)).contains(projectItem.id());
        TrashItem stillOwn = trash.get(W1, modelItem.id()).orElseThrow();
        assertThat(stillOwn.expiresAt()).isEqualTo(modelItem.expiresAt());
        assertThat(stillOwn.deletedBy()).isEqualTo(ALICE);
        assertThat(stillOwn.sizeBytes()).isEqualTo(110);
        assertThat(stillOwn.expiresInDays()).isEqualTo(25);
        assertThat(listedIds(W1)).containsExactly(projectItem.id(), modelItem.id());
    }

    // ---------------------------------------------------------------- R5 R5a

    @Test
    @DisplayName("R5 deleting a resource already in the Trash fails with ConflictException and changes nothing")
    void deleteTwice() {
        ResourceRef p = project(W1, "p1", 1);
        model(p, "m1", 1);
        TrashItem item = trash.delete(W1, p, ALICE);
        Snapshot before = snapshot();

        assertThatThrownBy(() -> trash.delete(W1, p, BOB))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("project p1").hasMessageContaining("already in the trash");

        assertThat(snapshot()).isEqualTo(before);
        assertThat(trashedBy(p)).contains(item.id());
        assertThat(events).hasSize(1);
    }

    @Test
    @DisplayName("R5 deleting something inside an item of the Trash (at any depth) fails with ConflictException and changes nothing")
    void deleteInsideTrashed() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m1 = model(p, "m1", 1);
        ResourceRef w1 = child(WEIGHTS, m1, "w1", 1);
        ResourceRef d = dataset(W1, "d1", 1);
        ResourceRef img = child(IMAGE, d, "i1", 1);
        TrashItem pi = trash.delete(W1, p, ALICE);
        TrashItem di = trash.delete(W1, d, ALICE);
        Snapshot before = snapshot();

        for (ResourceRef inside : List.of(m1, w1, img)) {
            assertThatThrownBy(() -> trash.delete(W1, inside, BOB)).as("%s", inside)
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining(inside.toString());
        }

        assertThat(snapshot()).isEqualTo(before);
        assertThat(trashedBy(m1)).contains(pi.id());
        assertThat(trashedBy(w1)).contains(pi.id());
        assertThat(trashedBy(img)).contains(di.id());
        assertThat(trash.get(W1, pi.id()).orElseThrow().cascadedCount()).isEqualTo(2);
        assertThat(events).hasSize(2);
    }

    @Test
    @DisplayName("R5 deleting a resource that does not exist fails with NotFoundException and changes nothing")
    void deleteMissing() {
        project(W1, "p1", 1);
        Snapshot before = snapshot();

        assertThatThrownBy(() -> trash.delete(W1, ResourceRef.of(PROJECT, "nope"), ALICE))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("project nope");
        assertThatThrownBy(() -> trash.delete(W1, ResourceRef.of(IMAGE, "nope"), ALICE))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("image nope");

        assertThat(snapshot()).isEqualTo(before);
        assertThat(events).isEmpty();
    }

    @Test
    @DisplayName("R5 R21 deleting another workspace's resource fails with NotFoundException and changes nothing")
    void deleteOtherWorkspace() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m = model(p, "m1", 1);
        Snapshot before = snapshot();

        assertThatThrownBy(() -> trash.delete(W2, p, ALICE)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> trash.delete(W2, m, ALICE)).isInstanceOf(NotFoundException.class);

        assertThat(snapshot()).isEqualTo(before);
        assertThat(isActive(p)).isTrue();
        assertThat(isActive(m)).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    @DisplayName("R5a an item records who deleted it and when (the clock's time, to the microsecond)")
    void actorAndTimeRecorded() {
        Instant withNanos = START.plus(Duration.ofHours(3)).plusNanos(789); // ….123456789
        clock.set(withNanos);
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef d = dataset(W1, "d1", 1);

        TrashItem byBob = trash.delete(W1, p, BOB);
        clock.advance(Duration.ofMinutes(5));
        TrashItem byAlice = trash.delete(W1, d, ALICE);

        Instant expected = withNanos.truncatedTo(ChronoUnit.MICROS);
        assertThat(expected.getNano() % 1_000).isZero();
        assertThat(byBob.deletedBy()).isEqualTo(BOB);
        assertThat(byBob.deletedAt()).isEqualTo(expected);
        assertThat(byAlice.deletedBy()).isEqualTo(ALICE);
        assertThat(byAlice.deletedAt()).isEqualTo(expected.plus(Duration.ofMinutes(5)));
        // what was recorded is what is read back
        assertThat(trash.get(W1, byBob.id()).orElseThrow()).isEqualTo(byBob);
        assertThat(trash.list(W1, TrashQuery.all()).items())
                .extracting(TrashItem::deletedBy, TrashItem::deletedAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ALICE, byAlice.deletedAt()),
                        org.assertj.core.groups.Tuple.tuple(BOB, byBob.deletedAt()));
        assertThat(events).containsExactly(new TrashEvent.Deleted(byBob), new TrashEvent.Deleted(byAlice));
    }

    // ---------------------------------------------------------------- R9

    @Test
    @DisplayName("R9 on day 29 an item is still listed and restorable")
    void day29Restorable() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m = model(p, "m1", 1);
        TrashItem item = trash.delete(W1, p, ALICE);

        clock.advance(Duration.ofDays(29).plusHours(23).plusMinutes(59));

        assertThat(listedIds(W1)).containsExactly(item.id());
        assertThat(trash.get(W1, item.id())).isPresent();
        Restored restored = trash.restore(W1, item.id(), ALICE);
        assertThat(restored.restoredCount()).isEqualTo(2);
        assertThat(isActive(p)).isTrue();
        assertThat(isActive(m)).isTrue();
    }

    @Test
    @DisplayName("R9 from day 30 on an item is no longer listed nor restorable, even before the sweeper ran")
    void expiredItemIsGone() {
        ResourceRef p = project(W1, "p1", 7);
        model(p, "m1", 3);
        TrashItem item = trash.delete(W1, p, ALICE);

        clock.set(item.expiresAt().minusNanos(1_000));
        assertThat(listedIds(W1)).containsExactly(item.id());

        clock.set(item.expiresAt());
        assertThat(listedIds(W1)).isEmpty();
        assertThat(trash.get(W1, item.id())).isEmpty();
        assertThat(trash.storageSummary(W1).items()).isZero();
        assertThat(trash.storageSummary(W1).bytes()).isZero();
        assertThatThrownBy(() -> trash.restore(W1, item.id(), ALICE))
                .isInstanceOf(ExpiredException.class).hasMessageContaining(item.id().toString());
        assertThat(isTrashed(p)).as("not restored, not purged yet").isTrue();

        clock.advance(Duration.ofDays(365));
        assertThat(listedIds(W1)).isEmpty();
        assertThatThrownBy(() -> trash.restore(W1, item.id(), ALICE)).isInstanceOf(ExpiredException.class);
        assertThat(isTrashed(p)).isTrue();
        assertThat(backend.freedBytes(W1)).isZero();
    }

    // ---------------------------------------------------------------- R10

    @Test
    @DisplayName("R10 restoring puts back exactly the item's resources, with their data, and removes the item")
    void restoreExactly() {
        ResourceRef d1 = dataset(W1, "d1", 50);
        List<ResourceRef> images = children(IMAGE, d1, "img", 3, 10);
        ResourceRef note = child(ANNOTATION, d1, "a1", 5);
        ResourceRef d2 = dataset(W1, "d2", 50);
        ResourceRef otherImage = child(IMAGE, d2, "x", 10);
        HostResource imageBefore = backend.find(images.get(0)).orElseThrow().resource();
        HostResource datasetBefore = backend.find(d1).orElseThrow().resource();
        TrashItem item = trash.delete(W1, d1, ALICE);
        TrashItem other = trash.delete(W1, d2, ALICE);

        Restored restored = trash.restore(W1, item.id(), ALICE);

        assertThat(restored.item()).isEqualTo(item.id());
        assertThat(restored.root()).isEqualTo(d1);
        assertThat(restored.restoredCount()).isEqualTo(5);
        assertThat(restored.renamed()).isFalse();
        assertThat(backend.active(W1, IMAGE)).containsExactlyElementsOf(images);
        assertThat(isActive(note)).isTrue();
        assertThat(backend.find(images.get(0)).orElseThrow().resource()).isEqualTo(imageBefore);
        assertThat(backend.find(d1).orElseThrow().resource()).isEqualTo(datasetBefore);
        assertThat(trashedBy(d2)).contains(other.id());
        assertThat(trashedBy(otherImage)).contains(other.id());
        assertThat(listedIds(W1)).containsExactly(other.id());
        assertThat(trash.get(W1, item.id())).isEmpty();
        assertThat(events).last().isEqualTo(new TrashEvent.RestoredItem(W1, restored, ALICE, clock.instant()));
    }

    @Test
    @DisplayName("R10 R19 a crash in the middle of a restore rolls it back: all of it stays in the Trash")
    void restoreIsAtomic() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m = model(p, "m1", 1);
        ResourceRef w = child(WEIGHTS, m, "w1", 1);
        TrashItem item = trash.delete(W1, p, ALICE);
        Snapshot before = snapshot();
        TrashManager crashing = builder()
                .backend(Fault.inResources(backend.backend(), Fault.on("unmark", 2))).build();

        assertThatThrownBy(() -> crashing.restore(W1, item.id(), ALICE)).isInstanceOf(Fault.Crash.class);

        assertThat(snapshot()).isEqualTo(before);
        for (ResourceRef r : List.of(p, m, w)) {
            assertThat(trashedBy(r)).as("%s", r).contains(item.id());
        }
        assertThat(trash.restore(W1, item.id(), ALICE).restoredCount()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- R11

    @Test
    @DisplayName("R11 a project whose slug was taken meanwhile comes back as slug-2, the next one as slug-3, and says so")
    void slugTakenMeanwhile() {
        ResourceRef first = project(W1, "p1", "alpha", 1);
        TrashItem firstItem = trash.delete(W1, first, ALICE);
        ResourceRef second = project(W1, "p2", "alpha", 1);
        TrashItem secondItem = trash.delete(W1, second, ALICE);
        ResourceRef third = project(W1, "p3", "alpha", 1);

        Restored r1 = trash.restore(W1, firstItem.id(), ALICE);
        Restored r2 = trash.restore(W1, secondItem.id(), ALICE);

        assertThat(r1.renamed()).isTrue();
        assertThat(r1.originalSlug()).contains("alpha");
        assertThat(r1.slug()).contains("alpha-2");
        assertThat(r2.renamed()).isTrue();
        assertThat(r2.slug()).contains("alpha-3");
        assertThat(slugOf(first)).contains("alpha-2");
        assertThat(slugOf(second)).contains("alpha-3");
        assertThat(slugOf(third)).contains("alpha");
        assertThat(backend.active(W1, PROJECT)).containsExactly(first, second, third);
    }

    @Test
    @DisplayName("R11 a taken slug of the maximal length (255) still gets a free slug within that length")
    void longSlugTakenMeanwhile() {
        String longest = "s".repeat(255);
        ResourceRef first = project(W1, "p1", longest, 1);
        TrashItem item = trash.delete(W1, first, ALICE);
        project(W1, "p2", longest, 1);

        Restored r = trash.restore(W1, item.id(), ALICE);

        assertThat(r.renamed()).isTrue();
        assertThat(r.slug().orElseThrow()).hasSizeLessThanOrEqualTo(255).isNotEqualTo(longest).endsWith("-2");
        assertThat(slugOf(first)).isEqualTo(r.slug());
        assertThat(isActive(first)).isTrue();
    }

    @Test
    @DisplayName("R11 a restore whose slug is free keeps it and reports no rename")
    void slugFree() {
        ResourceRef p = project(W1, "p1", "alpha", 1);
        project(W2, "other", "alpha", 1); // same slug in another workspace does not count
        TrashItem item = trash.delete(W1, p, ALICE);

        Restored r = trash.restore(W1, item.id(), ALICE);

        assertThat(r.renamed()).isFalse();
        assertThat(r.slug()).contains("alpha");
        assertThat(r.originalSlug()).contains("alpha");
        assertThat(slugOf(p)).contains("alpha");
    }

    @Test
    @DisplayName("R11 a model's slug is unique per project: only a same-slug model in its own project forces a rename")
    void modelSlugScopeIsTheProject() {
        ResourceRef p1 = project(W1, "p1", 1);
        ResourceRef p2 = project(W1, "p2", 1);
        ResourceRef m1 = model(p1, "m1", "resnet", 1);
        TrashItem item = trash.delete(W1, m1, ALICE);
        model(p2, "m2", "resnet", 1);

        Restored notRenamed = trash.restore(W1, item.id(), ALICE);
        assertThat(notRenamed.renamed()).isFalse();
        assertThat(slugOf(m1)).contains("resnet");

        TrashItem again = trash.delete(W1, m1, ALICE);
        model(p1, "m3", "resnet", 1);
        Restored renamed = trash.restore(W1, again.id(), ALICE);
        assertThat(renamed.renamed()).isTrue();
        assertThat(renamed.slug()).contains("resnet-2");
        assertThat(slugOf(m1)).contains("resnet-2");
        assertThat(backend.find(m1).orElseThrow().resource().parent()).contains(p1);
    }

    @Test
    @DisplayName("R11 R10 a crash after the rename but before the restore completes leaves the old slug and the item")
    void renameRolledBackOnCrash() {
        ResourceRef p = project(W1, "p1", "alpha", 1);
        TrashItem item = trash.delete(W1, p, ALICE);
        project(W1, "p2", "alpha", 1);
        TrashManager crashing = builder()
                .backend(Fault.inResources(backend.backend(), Fault.on("changeSlug", 1))).build();

        assertThatThrownBy(() -> crashing.restore(W1, item.id(), ALICE)).isInstanceOf(Fault.Crash.class);

        assertThat(slugOf(p)).contains("alpha");
        assertThat(trashedBy(p)).contains(item.id());
        assertThat(listedIds(W1)).containsExactly(item.id());
        assertThat(trash.restore(W1, item.id(), ALICE).slug()).contains("alpha-2");
    }

    // ---------------------------------------------------------------- R12

    @Test
    @DisplayName("R12 restoring a model whose project is in the Trash fails with the exact message")
    void parentInTrash() {
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m1 = model(p, "m1", 10);
        TrashItem modelItem = trash.delete(W1, m1, ALICE);
        trash.delete(W1, p, ALICE);
        Snapshot before = snapshot();

        assertThatThrownBy(() -> trash.restore(W1, modelItem.id(), ALICE))
                .isInstanceOf(ParentInTrashException.class)
                .hasMessage("Cannot restore model while its parent project is in trash. Restore the project first.");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(trashedBy(m1)).contains(modelItem.id());
    }

    @Test
    @DisplayName("R12 the same rule, with the types' names, for an image whose dataset is in the Trash")
    void parentInTrashAnyType() {
        ResourceRef d = dataset(W1, "d1", 1);
        ResourceRef img = child(IMAGE, d, "i1", 1);
        TrashItem imageItem = trash.delete(W1, img, ALICE);
        trash.delete(W1, d, ALICE);

        assertThatThrownBy(() -> trash.restore(W1, imageItem.id(), ALICE))
                .isInstanceOfSatisfying(ParentInTrashException.class, e -> {
                    assertThat(e.type()).isEqualTo(IMAGE);
                    assertThat(e.parentType()).isEqualTo(ReferenceTypes.DATASET);
                })
                .hasMessage("Cannot restore image while its parent dataset is in trash. Restore the dataset first.");
        assertThat(trash.get(W1, imageItem.id())).isPresent();
    }

    @Test
    @DisplayName("R12 a model is restored into its original project when that project is active")
    void modelBackIntoItsProject() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef m = model(p, "m1", 1);
        ResourceRef w = child(WEIGHTS, m, "w1", 1);
        TrashItem item = trash.delete(W1, m, ALICE);

        Restored r = trash.restore(W1, item.id(), ALICE);

        assertThat(r.restoredCount()).isEqualTo(2);
        assertThat(backend.find(m).orElseThrow().resource().parent()).contains(p);
        assertThat(backend.active(W1, MODEL)).containsExactly(m);
        assertThat(isActive(w)).isTrue();
    }

    // ---------------------------------------------------------------- R13

    @Test
    @DisplayName("R13 R4 restoring a project brings back its cascaded models only; a model trashed before stays and is restorable alone")
    void restoreProjectLeavesOwnModel() {
        ResourceRef p = project(W1, "p1", 1);
        ResourceRef own = model(p, "m1", 10);
        ResourceRef ownWeights = child(WEIGHTS, own, "w1", 100);
        ResourceRef cascaded = model(p, "m2", 20);
        ResourceRef cascadedWeights = child(WEIGHTS, cascaded, "w2", 200);
        TrashItem modelItem = trash.delete(W1, own, ALICE);
        clock.advance(DAY);
        TrashItem projectItem = trash.delete(W1, p, ALICE);
        clock.advance(DAY);

        Restored r = trash.restore(W1, projectItem.id(), ALICE);

        assertThat(r.restoredCount()).isEqualTo(3);
        assertThat(isActive(p)).isTrue();
        assertThat(isActive(cascaded)).isTrue();
        assertThat(isActive(cascadedWeights)).isTrue();
        assertThat(trashedBy(own)).contains(modelItem.id());
        assertThat(trashedBy(ownWeights)).contains(modelItem.id());
        TrashItem stillThere = trash.get(W1, modelItem.id()).orElseThrow();
        assertThat(stillThere.expiresAt()).isEqualTo(modelItem.expiresAt());
        assertThat(listedIds(W1)).containsExactly(modelItem.id());

        Restored alone = trash.restore(W1, modelItem.id(), ALICE);
        assertThat(alone.restoredCount()).isEqualTo(2);
        assertThat(isActive(own)).isTrue();
        assertThat(isActive(ownWeights)).isTrue();
        assertThat(backend.active(W1, MODEL)).containsExactly(own, cascaded);
        assertThat(listedIds(W1)).isEmpty();
    }

    // ---------------------------------------------------------------- R14

    @Test
    @DisplayName("R14 restoring an expired item fails with ExpiredException and changes nothing")
    void restoreExpired() {
        ResourceRef p = project(W1, "p1", 1);
        TrashItem item = trash.delete(W1, p, ALICE);
        clock.advance(Duration.ofDays(31));
        Snapshot before = snapshot();

        assertThatThrownBy(() -> trash.restore(W1, item.id(), ALICE)).isInstanceOf(ExpiredException.class);

        assertThat(snapshot()).isEqualTo(before);
        assertThat(trashedBy(p)).contains(item.id());
    }

    @Test
    @DisplayName("R14 restoring a purged, an already restored or an unknown item fails with NotFoundException")
    void restoreGoneOrUnknown() {
        ResourceRef p1 = project(W1, "p1", 1);
        ResourceRef p2 = project(W1, "p2", 1);
        TrashItem purged = trash.delete(W1, p1, ALICE);
        TrashItem restored = trash.delete(W1, p2, ALICE);
        trash.purge(W1, purged.id(), ALICE);
        trash.restore(W1, restored.id(), ALICE);
        Snapshot before = snapshot();

        for (TrashItemId id : List.of(purged.id(), restored.id(), TrashItemId.random())) {
            assertThatThrownBy(() -> trash.restore(W1, id, ALICE)).as("%s", id)
                    .isInstanceOf(NotFoundException.class).hasMessageContaining(id.toString());
        }

        assertThat(snapshot()).isEqualTo(before);
        assertThat(backend.exists(p1)).isFalse();
        assertThat(isActive(p2)).isTrue();
    }

    @Test
    @DisplayName("R14 R21 restoring another workspace's item fails with NotFoundException and leaves it in its Trash")
    void restoreOtherWorkspace() {
        ResourceRef p = project(W1, "p1", 1);
        TrashItem item = trash.delete(W1, p, ALICE);
        Snapshot before = snapshot();

        assertThatThrownBy(() -> trash.restore(W2, item.id(), ALICE)).isInstanceOf(NotFoundException.class);

        assertThat(snapshot()).isEqualTo(before);
        assertThat(trashedBy(p)).contains(item.id());
        assertThat(trash.restore(W1, item.id(), ALICE).root()).isEqualTo(p);
    }

    // ---------------------------------------------------------------- host transactions

    @Test
    @DisplayName("R1 R10 delete and restore join the host's transaction: they commit with it and roll back with it")
    void deleteAndRestoreJoinTheHostTransaction() {
        ResourceRef p = project(W1, "p1", 100);
        ResourceRef m = model(p, "m1", 10);

        assertThatThrownBy(() -> transactions().inTransaction(() -> {
            trash.delete(W1, p, ALICE);
            assertThat(isTrashed(m)).as("visible inside the transaction").isTrue();
            throw new IllegalStateException("host's own step failed");
        })).hasMessage("host's own step failed");
        assertThat(isActive(p)).isTrue();
        assertThat(isActive(m)).isTrue();
        assertThat(trash.list(W1, TrashQuery.all()).items()).isEmpty();

        TrashItem item = transactions().inTransaction(() -> trash.delete(W1, p, ALICE));
        assertThatThrownBy(() -> transactions().inTransaction(() -> {
            trash.restore(W1, item.id(), ALICE);
            throw new IllegalStateException("host's own step failed");
        })).hasMessage("host's own step failed");
        assertThat(isTrashed(p)).isTrue();
        assertThat(trash.get(W1, item.id())).isPresent();

        Restored restored = transactions().inTransaction(() -> trash.restore(W1, item.id(), ALICE));
        assertThat(restored.restoredCount()).isEqualTo(2);
        assertThat(isActive(m)).isTrue();
    }
}

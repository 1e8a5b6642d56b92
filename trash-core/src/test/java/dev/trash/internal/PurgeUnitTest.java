package dev.trash.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.memory.InMemoryTrash;
import dev.trash.TrashItemId;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import java.util.Collection;
import dev.trash.testkit.ReferenceTypes;
import dev.trash.memory.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A project and a model trashed on its own inside it form one purge unit, even when both are
 * claimed in the same batch: a failing hook of the model holds back the project too.
 */
class PurgeUnitTest {
    private static final WorkspaceId W = WorkspaceId.of("w");
    private static final ActorId A = ActorId.of("a");

    @Test
    @DisplayName("R18 R19 a project is never purged while the model trashed inside it waits for a retry")
    void unitIsPurgedWhole() {
        InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);
        ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T00:00:00Z"));
        ResourceRef project = ResourceRef.of("project", "p");
        ResourceRef model = ResourceRef.of("model", "m");
        memory.resources().add(HostResource.root(project, W, "P", "p", 100))
                .add(new HostResource(model, W, Optional.of(project), "M", Optional.of("m"), 10));
        AtomicInteger modelFailures = new AtomicInteger(1);
        TrashManager trash = TrashManager.builder().backend(memory)
                .storageLedger(memory.ledger()).clock(clock)
                .purgeHook(target -> {
                    if (target.root().equals(model) && modelFailures.getAndDecrement() > 0) {
                        throw new IllegalStateException("file store down");
                    }
                })
                .build();
        TrashItem modelItem = trash.delete(W, model, A);
        TrashItem projectItem = trash.delete(W, project, A);

        Purged first = trash.emptyTrash(W, A);

        assertThat(first).isEqualTo(new Purged(0, 0, 2));
        assertThat(memory.resources().contains(project)).isTrue();
        assertThat(memory.resources().contains(model)).isTrue();
        assertThat(trash.get(W, projectItem.id())).isEmpty();
        assertThat(memory.ledger().freedBytes(W)).isZero();

        clock.advance(Duration.ofMinutes(1));
        Purged retried = trash.sweeper(SweeperOptions.defaults()).sweepOnce();

        assertThat(retried).isEqualTo(new Purged(2, 110, 0));
        assertThat(memory.resources().contains(project)).isFalse();
        assertThat(memory.resources().contains(model)).isFalse();
        assertThat(memory.ledger().timesFreed(projectItem.id())).isEqualTo(1);
        assertThat(memory.ledger().timesFreed(modelItem.id())).isEqualTo(1);
    }

    @Test
    @DisplayName("R19 when deleting a batch's rows fails, each unit is retried alone: one bad item holds back no other")
    void badUnitHoldsBackNoOther() {
        InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);
        ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T00:00:00Z"));
        ResourceRef bad = ResourceRef.of("dataset", "bad");
        ResourceRef good = ResourceRef.of("dataset", "good");
        memory.resources().add(HostResource.root(bad, W, "Bad", "bad", 7))
                .add(HostResource.root(good, W, "Good", "good", 5));
        TrashItemId[] poisoned = new TrashItemId[1];
        HostResources real = memory.resources();
        HostResources failing = Intercept.port(HostResources.class, real, (method, args, call) -> {
            if (method.equals("purge") && ((Collection<?>) args[2]).stream()
                    .anyMatch(t -> ((dev.trash.spi.ItemTree) t).item().equals(poisoned[0]))) {
                throw new IllegalStateException("constraint violated for " + poisoned[0]);
            }
            return call.run();
        });
        TrashManager trash = TrashManager.builder().backend(Intercept.backend(memory, memory.store(), failing))
                .storageLedger(memory.ledger()).clock(clock).build();
        poisoned[0] = trash.delete(W, bad, A).id();
        TrashItem goodItem = trash.delete(W, good, A);

        Purged purged = trash.emptyTrash(W, A);

        assertThat(purged).isEqualTo(new Purged(1, 5, 1));
        assertThat(memory.resources().contains(good)).isFalse();
        assertThat(memory.ledger().timesFreed(goodItem.id())).isEqualTo(1);
        assertThat(memory.resources().contains(bad)).isTrue();
        assertThat(memory.ledger().timesFreed(poisoned[0])).isZero();
        assertThat(trash.storageSummary(W).purgingItems()).isEqualTo(1);
    }
}

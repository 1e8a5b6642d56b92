package dev.trash.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.ConflictException;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.RetryableException;
import dev.trash.SlugScope;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.memory.InMemoryTrash;
import dev.trash.memory.ManualClock;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Restore's slug handling at its edges, and listeners that fail hard. */
class RestoreEdgeTest {
    private static final WorkspaceId W = WorkspaceId.of("w");
    private static final ActorId A = ActorId.of("a");
    private final InMemoryTrash memory = InMemoryTrash.create(
            ResourceType.of("project").slugUniqueIn(SlugScope.WORKSPACE),
            ResourceType.of("model").childOf("project").slugUniqueIn(SlugScope.WORKSPACE));
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T00:00:00Z"));

    private TrashManager.Builder builder(HostResources resources) {
        return TrashManager.builder().backend(Intercept.backend(memory, memory.store(), resources)).clock(clock);
    }

    /** The real resources, except that slugsInUse says every slug is free: restore then meets the constraint. */
    /** @return the backend's resources, blind to slugs in use, counting the unmarks of {@code type} */
    private HostResources blindToSlugs(AtomicInteger unmarks, String type) {
        HostResources real = memory.resources();
        return Intercept.port(HostResources.class, real, (method, args, call) -> {
            if (method.equals("slugsInUse")) {
                return Set.of();
            }
            if (method.equals("unmark") && args[1].equals(type)) {
                unmarks.incrementAndGet();
            }
            return call.run();
        });
    }

    private TrashItem trashedProjectWhoseSlugIsRetaken() {
        ResourceRef p = ResourceRef.of("project", "p");
        memory.resources().add(HostResource.root(p, W, "P", "cats", 1));
        TrashItem item = builder(memory.resources()).build().delete(W, p, A);
        memory.resources().add(HostResource.root(ResourceRef.of("project", "q"), W, "Q", "cats", 1));
        return item;
    }

    @Test
    @DisplayName("R11 R22 a restore that keeps losing its slug to the constraint gives up after 10 tries with a RetryableException")
    void retriesThenGivesUp() {
        TrashItem item = trashedProjectWhoseSlugIsRetaken();
        AtomicInteger unmarks = new AtomicInteger();
        TrashManager trash = builder(blindToSlugs(unmarks, "project")).build();

        assertThatThrownBy(() -> trash.restore(W, item.id(), A)).isInstanceOf(RetryableException.class)
                .hasMessageContaining("after 10 attempts");
        assertThat(unmarks.get()).isEqualTo(10);
        assertThat(trash.get(W, item.id())).isPresent();
    }

    @Test
    @DisplayName("R11 R22 inside the host's transaction a lost slug is not retried: the host must roll back and try again")
    void joinedRestoreDoesNotRetry() {
        TrashItem item = trashedProjectWhoseSlugIsRetaken();
        AtomicInteger unmarks = new AtomicInteger();
        TrashManager trash = builder(blindToSlugs(unmarks, "project")).build();

        assertThatThrownBy(() -> memory.inTransaction(() -> trash.restore(W, item.id(), A)))
                .isInstanceOf(RetryableException.class).hasMessageContaining("roll back your transaction");
        assertThat(unmarks.get()).isEqualTo(1);
        assertThat(trash.get(W, item.id())).isPresent();
    }

    @Test
    @DisplayName("R10 R11 a cascaded child whose workspace-unique slug was taken meanwhile stops the restore at once, naming it")
    void childSlugTaken() {
        AtomicInteger unmarks = new AtomicInteger();
        TrashManager trash = builder(blindToSlugs(unmarks, "model")).build();
        ResourceRef p = ResourceRef.of("project", "p");
        ResourceRef m = ResourceRef.of("model", "m");
        memory.resources().add(HostResource.root(p, W, "P", "vision", 1))
                .add(new HostResource(m, W, Optional.of(p), "M", Optional.of("detector"), 1));
        TrashItem item = trash.delete(W, p, A);
        ResourceRef other = ResourceRef.of("project", "o");
        memory.resources().add(HostResource.root(other, W, "O", "other", 1))
                .add(new HostResource(ResourceRef.of("model", "n"), W, Optional.of(other), "N", Optional.of("detector"), 1));

        assertThatThrownBy(() -> trash.restore(W, item.id(), A)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("a cascaded model has a slug that an active model took meanwhile")
                .hasMessageContaining("rename one of them");
        assertThat(unmarks.get()).as("no retry").isEqualTo(1);
        assertThat(memory.resources().find(W, p).orElseThrow().active()).isFalse();
        assertThat(memory.resources().find(W, m).orElseThrow().active()).isFalse();
        assertThat(trash.get(W, item.id())).isPresent();
    }

    @Test
    @DisplayName("R1 a listener that fails with an Error cannot undo or break a committed delete")
    void listenerError() {
        TrashManager trash = builder(memory.resources()).listener(event -> {
            throw new AssertionError("listener bug");
        }).build();
        ResourceRef p = ResourceRef.of("project", "p");
        memory.resources().add(HostResource.root(p, W, "P", "p", 1));

        TrashItem item = trash.delete(W, p, A);

        assertThat(trash.get(W, item.id())).isPresent();
    }
}

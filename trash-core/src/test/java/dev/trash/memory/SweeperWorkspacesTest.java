package dev.trash.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.SweeperOptions;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.testkit.ReferenceTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC R44 on the in-memory backend: the sweeper claims workspace by workspace, fairly. */
class SweeperWorkspacesTest {
    private static final WorkspaceId A = WorkspaceId.of("a");
    private static final WorkspaceId B = WorkspaceId.of("b");
    private static final WorkspaceId C = WorkspaceId.of("c");

    private final InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T00:00:00Z"));
    /** One purge hook call (a target is valid only during the call: what it said is copied). */
    private record Call(WorkspaceId workspace, TrashItemId item) {
    }

    /** Every purge hook call, in order. */
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final TrashManager trash = TrashManager.builder().backend(memory).storageLedger(memory.ledger())
            .clock(clock).purgeHook(t -> calls.add(new Call(t.workspace(), t.item()))).build();

    private List<TrashItemId> trashProjects(WorkspaceId ws, int count, long size) {
        List<TrashItemId> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ResourceRef p = ResourceRef.of(ReferenceTypes.PROJECT, ws + "-p" + i);
            memory.resources().add(HostResource.root(p, ws, "P", ws + "-p" + i, size));
            items.add(trash.delete(ws, p, ActorId.of("x")).id());
        }
        return items;
    }

    @Test
    @DisplayName("R44 R17 one sweep purges the due items of every workspace, each freed in its own workspace")
    void everyWorkspaceIsSwept() {
        List<TrashItemId> inA = trashProjects(A, 3, 10);
        List<TrashItemId> inB = trashProjects(B, 2, 100);
        clock.advance(Duration.ofDays(10));
        List<TrashItemId> notDue = trashProjects(C, 1, 1_000);
        clock.advance(Duration.ofDays(21));

        assertThat(trash.sweeper(SweeperOptions.defaults().batchSize(2)).sweepOnce()).isEqualTo(new Purged(5, 230, 0));

        assertThat(memory.ledger().freedBytes(A)).isEqualTo(30);
        assertThat(memory.ledger().freedBytes(B)).isEqualTo(200);
        assertThat(memory.ledger().freedBytes(C)).isZero();
        for (TrashItemId id : inA) {
            assertThat(memory.ledger().timesFreed(id)).isEqualTo(1);
        }
        for (TrashItemId id : inB) {
            assertThat(memory.ledger().timesFreed(id)).isEqualTo(1);
        }
        assertThat(trash.get(C, notDue.get(0))).isPresent();
        assertThat(calls).allSatisfy(t -> assertThat(t.workspace()).isIn(A, B));
    }

    @Test
    @DisplayName("R44 a backlog of 200 due items in one workspace does not keep another workspace's single item waiting: "
            + "it is purged in the first round, after at most one batch of the backlog")
    void backlogDoesNotStarveOthers() {
        trashProjects(A, 200, 1);
        clock.advance(Duration.ofMinutes(1)); // the backlog is due first
        TrashItemId single = trashProjects(B, 1, 1).get(0);
        clock.advance(Duration.ofDays(31));

        Purged purged = trash.sweeper(SweeperOptions.defaults().batchSize(10)).sweepOnce();

        assertThat(purged).isEqualTo(new Purged(201, 201, 0));
        List<TrashItemId> order = calls.stream().map(Call::item).toList();
        assertThat(order).hasSize(201).doesNotHaveDuplicates();
        assertThat(order.indexOf(single)).as("B's item among the first round's 10 + 1 hook calls, order " + order.subList(0, 12))
                .isBetween(0, 10);
        assertThat(memory.ledger().timesFreed(single)).isEqualTo(1);
    }
}

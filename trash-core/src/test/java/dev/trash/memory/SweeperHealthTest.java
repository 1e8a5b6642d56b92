package dev.trash.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.SweeperOptions;
import dev.trash.SweeperStatus;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TrashSweeper;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.PurgeState;
import dev.trash.spi.TrashBackend;
import dev.trash.spi.TrashEvent;
import dev.trash.testkit.Fault;
import dev.trash.testkit.ReferenceTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sweeper on a real {@code ScheduledExecutorService}: an {@link Error} from a hook never ends
 * its schedule, and {@link TrashSweeper#status()} tells a host's health check what it last did
 * (SPEC R17, R19, R30, R31). Every wait is bounded.
 */
class SweeperHealthTest {
    private static final WorkspaceId W = WorkspaceId.of("w");
    private static final ActorId A = ActorId.of("a");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T00:00:00Z"));
    private final List<TrashEvent> events = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void shutdown() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    private TrashManager.Builder builder(TrashBackend backend) {
        return TrashManager.builder().backend(backend).storageLedger(memory.ledger()).clock(clock).listener(events::add);
    }

    private ResourceRef project(String id, long size) {
        ResourceRef p = ResourceRef.of(ReferenceTypes.PROJECT, id);
        memory.resources().add(HostResource.root(p, W, "Project " + id, id, size));
        return p;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    private List<TrashEvent.PurgeFailed> failures() {
        return events.stream().filter(TrashEvent.PurgeFailed.class::isInstance).map(TrashEvent.PurgeFailed.class::cast).toList();
    }

    @Test
    @DisplayName("R17 R19 R31 a hook throwing StackOverflowError in a scheduled sweep: the schedule goes on, the item is "
            + "retried with backoff, and status().lastError names the error")
    void stackOverflowInScheduledSweep() throws Exception {
        ResourceRef a = project("a", 10);
        AtomicInteger aCalls = new AtomicInteger();
        AtomicInteger bCalls = new AtomicInteger();
        Fault sweeps = Fault.counting("workspaces");
        TrashManager trash = builder(Fault.inStore(memory, sweeps)).purgeHook(t -> {
            if (t.root().equals(a) && aCalls.incrementAndGet() == 1) {
                throw new StackOverflowError("hook recursed too deep");
            }
            if (t.root().id().equals("b")) {
                bCalls.incrementAndGet();
            }
        }).build();
        TrashItem aItem = trash.delete(W, a, A);
        clock.advance(Duration.ofDays(31));
        Instant failedAt = clock.instant();
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults().interval(Duration.ofMillis(5)));

        sweeper.start(executor);
        await("the failed purge", () -> !failures().isEmpty());

        TrashEvent.PurgeFailed failed = failures().get(0);
        assertThat(failed.item()).isEqualTo(aItem.id());
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.error()).contains("StackOverflowError").contains("hook recursed too deep");
        PurgeState state = memory.store().find(W, aItem.id()).orElseThrow().purge().orElseThrow();
        assertThat(state.attempts()).isEqualTo(1);
        assertThat(state.availableAt()).as("retried after the first backoff")
                .isEqualTo(failedAt.plus(SweeperOptions.defaults().initialBackoff()));
        await("the status to show the error", () -> sweeper.status().lastError().isPresent());
        SweeperStatus status = sweeper.status();
        assertThat(status.lastError().orElseThrow()).contains("StackOverflowError").contains("hook recursed too deep")
                .contains(aItem.id().toString());
        assertThat(status.lastErrorAt()).contains(failedAt);
        assertThat(status.running()).isTrue();
        assertThat(sweeper.isRunning()).isTrue();

        // the schedule goes on: more sweeps run, and none retries the item before its backoff
        int runs = sweeps.calls();
        await("three more scheduled sweeps", () -> sweeps.calls() >= runs + 3);
        assertThat(aCalls).hasValue(1);
        assertThat(memory.ledger().timesFreed(aItem.id())).isZero();

        // a later sweep purges a new item whose hook works, and retries the failed one once its backoff passed
        TrashItem bItem = trash.delete(W, project("b", 20), A);
        clock.advance(Duration.ofDays(31));
        await("both purged", () -> memory.ledger().timesFreed(aItem.id()) == 1 && memory.ledger().timesFreed(bItem.id()) == 1);

        assertThat(aCalls).hasValue(2);
        assertThat(bCalls).hasValue(1);
        assertThat(memory.ledger().freedBytes(W)).isEqualTo(30);
        assertThat(sweeper.isRunning()).isTrue();
        assertThat(sweeper.status().running()).isTrue();
        assertThat(sweeper.status().stoppedBecause()).isEmpty();
        assertThat(sweeper.stop(TIMEOUT)).isTrue();
        assertThat(sweeper.isRunning()).isFalse();
        assertThat(sweeper.status().running()).isFalse();
    }

    @Test
    @DisplayName("R1 R17 a listener throwing an Error breaks neither a delete nor a scheduled sweep")
    void listenerError() throws Exception {
        AtomicInteger heard = new AtomicInteger();
        TrashManager trash = builder(memory).listener(event -> {
            heard.incrementAndGet();
            throw new StackOverflowError("listener recursed too deep");
        }).build();
        ResourceRef p = project("p", 10);

        TrashItem item = trash.delete(W, p, A);

        assertThat(heard).hasValue(1);
        assertThat(trash.get(W, item.id())).isPresent();
        assertThat(trash.list(W, TrashQuery.all()).items()).extracting(TrashItem::id).containsExactly(item.id());
        assertThat(events).containsExactly(new TrashEvent.Deleted(item));

        TrashItem other = trash.delete(W, project("q", 5), A);
        clock.advance(Duration.ofDays(31));
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults().interval(Duration.ofMillis(5)));
        sweeper.start(executor);
        await("both purged", () -> memory.ledger().timesFreed(item.id()) == 1 && memory.ledger().timesFreed(other.id()) == 1);
        assertThat(sweeper.isRunning()).isTrue();
        assertThat(sweeper.stop(TIMEOUT)).isTrue();
        assertThat(heard).hasValue(4);
    }

    @Test
    @DisplayName("R31 status() after a sweep: when it ended and what it purged; nothing before the first sweep")
    void statusAfterSweep() {
        TrashManager trash = builder(memory).build();
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        assertThat(sweeper.status()).isEqualTo(new SweeperStatus(false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        trash.delete(W, project("p", 10), A);
        trash.delete(W, project("q", 5), A);
        clock.advance(Duration.ofDays(31));

        Purged purged = sweeper.sweepOnce();

        assertThat(purged).isEqualTo(new Purged(2, 15, 0));
        assertThat(sweeper.status()).isEqualTo(new SweeperStatus(false, Optional.of(clock.instant()), Optional.of(purged),
                Optional.empty(), Optional.empty(), Optional.empty()));
        clock.advance(Duration.ofHours(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        assertThat(sweeper.status().lastSweepAt()).contains(clock.instant());
        assertThat(sweeper.status().lastResult()).contains(Purged.NONE);
    }

    @Test
    @DisplayName("R31 status() after a failed claim: lastError names the workspace and the cause, and stays after the "
            + "next sweep succeeds")
    void statusAfterClaimFailure() {
        TrashManager trash = builder(Fault.inStore(memory, Fault.on("claimNext", 1))).build();
        TrashItem item = trash.delete(W, project("p", 10), A);
        clock.advance(Duration.ofDays(31));
        Instant failedAt = clock.instant();
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());

        assertThat(sweeper.sweepOnce()).as("a failing claim does not throw").isEqualTo(Purged.NONE);

        SweeperStatus failed = sweeper.status();
        assertThat(failed.lastError().orElseThrow()).contains("could not claim due items of workspace w")
                .contains("planned crash after call 1 of claimNext");
        assertThat(failed.lastErrorAt()).contains(failedAt);
        assertThat(failed.lastSweepAt()).contains(failedAt);
        assertThat(failed.lastResult()).contains(Purged.NONE);

        clock.advance(Duration.ofMinutes(1));
        assertThat(sweeper.sweepOnce()).isEqualTo(new Purged(1, 10, 0));
        SweeperStatus after = sweeper.status();
        assertThat(after.lastResult()).contains(new Purged(1, 10, 0));
        assertThat(after.lastSweepAt()).contains(clock.instant());
        assertThat(after.lastError()).as("the last failure is kept for the health check").isEqualTo(failed.lastError());
        assertThat(after.lastErrorAt()).contains(failedAt);
        assertThat(memory.ledger().timesFreed(item.id())).isEqualTo(1);
    }

    @Test
    @DisplayName("R31 status() after looking for due workspaces failed: lastError says so")
    void statusAfterWorkspacesFailure() {
        TrashManager trash = builder(Fault.inStore(memory, Fault.on("workspaces", 1))).build();
        trash.delete(W, project("p", 10), A);
        clock.advance(Duration.ofDays(31));
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());

        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);

        assertThat(sweeper.status().lastError().orElseThrow()).contains("could not look for due items")
                .contains("planned crash after call 1 of workspaces");
    }

    @Test
    @DisplayName("R30 R31 status() when the executor is shut down without stop(): not running, and stoppedBecause says why")
    void executorShutDown() throws Exception {
        TrashManager trash = builder(memory).build();
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults().interval(Duration.ofMillis(5)));
        sweeper.start(executor);
        await("a first sweep", () -> sweeper.status().lastSweepAt().isPresent());
        assertThat(sweeper.status().running()).isTrue();
        assertThat(sweeper.status().stoppedBecause()).isEmpty();

        executor.shutdown();
        assertThat(executor.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(sweeper.isRunning()).isFalse();
        SweeperStatus status = sweeper.status();
        assertThat(status.running()).isFalse();
        assertThat(status.stoppedBecause().orElseThrow()).contains("executor").contains("before stop() was called");
        assertThat(sweeper.stop(TIMEOUT)).isTrue();
        assertThat(sweeper.status().stoppedBecause()).as("stopped on purpose now").isEmpty();
    }

    @Test
    @DisplayName("R30 a sweeper stopped on purpose reports no stoppedBecause, and can be started again")
    void stopIsNotAFailure() throws Exception {
        TrashManager trash = builder(memory).build();
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults().interval(Duration.ofMillis(5)));
        sweeper.start(executor);
        await("a first sweep", () -> sweeper.status().lastSweepAt().isPresent());

        assertThat(sweeper.stop(TIMEOUT)).isTrue();

        assertThat(sweeper.status().running()).isFalse();
        assertThat(sweeper.status().stoppedBecause()).isEmpty();
        TrashItem item = trash.delete(W, project("p", 10), A);
        clock.advance(Duration.ofDays(31));
        sweeper.start(executor);
        assertThat(sweeper.status().running()).isTrue();
        await("purged after the restart", () -> memory.ledger().timesFreed(item.id()) == 1);
        assertThat(sweeper.stop(TIMEOUT)).isTrue();
    }
}

package dev.trash.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.SweeperOptions;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.PurgeState;
import dev.trash.spi.PurgeTarget;
import dev.trash.spi.TrashEvent;
import dev.trash.testkit.ReferenceTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SPEC R30 with real threads: a sweeper stopped, or interrupted, while the hooks of the first unit
 * of a batch run. The unit that runs finishes, no other unit starts, and the units of the batch that
 * had not started are handed back at once: a second sweeper takes them without the clock moving
 * (their lease, 10 minutes, has not passed). Every wait is bounded.
 */
class SweeperStopTest {
    private static final WorkspaceId W = WorkspaceId.of("w");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int ITEMS = 5;

    private final InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T00:00:00Z"));
    private final List<TrashEvent> events = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void endThreads() throws InterruptedException {
        for (Thread t : threads) {
            t.interrupt();
            t.join(TIMEOUT.toMillis());
        }
    }

    /** A hook whose first call blocks until released; it records every call. */
    private static final class Gate implements PurgeHook {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<TrashItemId> calls = new CopyOnWriteArrayList<>();
        /** Whether the first call gives up with an InterruptedException when interrupted (else it keeps waiting). */
        final boolean interruptible;

        Gate(boolean interruptible) {
            this.interruptible = interruptible;
        }

        @Override
        public void purge(PurgeTarget target) throws InterruptedException {
            calls.add(target.item());
            if (calls.size() > 1) {
                return;
            }
            entered.countDown();
            if (interruptible) {
                release.await(); // throws InterruptedException, which clears the thread's interrupt status
                return;
            }
            boolean interrupted = false;
            while (true) {
                try {
                    if (release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    throw new AssertionError("the test never released the hook");
                } catch (InterruptedException e) {
                    interrupted = true; // a well-behaved hook finishes its unit and keeps the interrupt
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private TrashManager manager(PurgeHook hook) {
        return TrashManager.builder().backend(memory).storageLedger(memory.ledger()).clock(clock)
                .purgeHook(hook).listener(events::add).build();
    }

    /** Deletes {@link #ITEMS} projects of 10 bytes and moves the clock past their expiry. */
    private List<TrashItemId> expiredItems(TrashManager trash) {
        List<TrashItemId> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            ResourceRef p = ResourceRef.of(ReferenceTypes.PROJECT, "p" + i);
            memory.resources().add(HostResource.root(p, W, "P" + i, "p" + i, 10));
            items.add(trash.delete(W, p, ActorId.of("a")).id());
        }
        clock.advance(Duration.ofDays(31));
        return items;
    }

    private Thread start(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    /** Waits until {@code t} waits with a timeout: a caller of stop(timeout) waiting for the running unit. */
    private static void awaitTimedWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (t.getState() != Thread.State.TIMED_WAITING) {
            assertThat(t.isAlive()).as(t.getName() + " is alive").isTrue();
            assertThat(System.nanoTime()).as(t.getName() + " waits").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static <T> T join(Thread t, AtomicReference<T> result) throws InterruptedException {
        t.join(TIMEOUT.toMillis());
        assertThat(t.isAlive()).as(t.getName() + " ended").isFalse();
        return result.get();
    }

    /**
     * Asserts what a stop in the middle of the batch leaves: the first unit purged (or, with
     * {@code firstFailed}, released for a retry), no other hook called, the other units handed back
     * claimable at once — a second sweeper purges them at the same clock reading.
     */
    private void assertHandedBackAtOnce(TrashManager trash, Gate gate, List<TrashItemId> items, boolean firstFailed) {
        assertThat(gate.calls).as("no unit started after the stop").hasSize(1);
        TrashItemId first = gate.calls.get(0);
        assertThat(memory.ledger().timesFreed(first)).isEqualTo(firstFailed ? 0 : 1);
        Instant now = clock.instant();
        for (TrashItemId id : items) {
            if (id.equals(first)) {
                continue;
            }
            PurgeState state = memory.store().find(W, id).orElseThrow().purge().orElseThrow();
            assertThat(state.availableAt()).as("%s handed back for anyone, now", id).isEqualTo(now);
            assertThat(state.attempts()).as("not started is not a failure").isZero();
            assertThat(state.lastError()).isEmpty();
            assertThat(memory.ledger().timesFreed(id)).isZero();
        }
        assertThat(events).filteredOn(TrashEvent.PurgeFailed.class::isInstance)
                .extracting(e -> ((TrashEvent.PurgeFailed) e).item()).containsExactlyElementsOf(firstFailed ? List.of(first) : List.of());

        TrashSweeper second = trash.sweeper(SweeperOptions.defaults());
        assertThat(second.sweepOnce()).as("another sweeper takes them without waiting for the lease")
                .isEqualTo(new Purged(ITEMS - 1, 10L * (ITEMS - 1), 0));
        assertThat(clock.instant()).isEqualTo(now);
        for (TrashItemId id : items) {
            assertThat(memory.ledger().timesFreed(id)).as("%s freed", id).isEqualTo(id.equals(first) && firstFailed ? 0 : 1);
        }
        assertThat(gate.calls).hasSize(ITEMS);
    }

    @Test
    @DisplayName("R30 stop during a unit: the unit finishes, no further hook runs, the unstarted units are handed back "
            + "at once, and stop returns true")
    void stopMidBatch() throws Exception {
        Gate gate = new Gate(false);
        TrashManager trash = manager(gate);
        List<TrashItemId> items = expiredItems(trash);
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults().batchSize(10));
        AtomicReference<Purged> swept = new AtomicReference<>();
        Thread sweeping = start("sweeping", () -> swept.set(sweeper.sweepOnce()));
        assertThat(gate.entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        AtomicReference<Boolean> stopped = new AtomicReference<>();
        Thread stopper = start("stopper", () -> stopped.set(sweeper.stop(TIMEOUT)));
        awaitTimedWaiting(stopper);
        gate.release.countDown();

        assertThat(join(stopper, stopped)).as("the running unit ended within the timeout").isTrue();
        assertThat(join(sweeping, swept)).isEqualTo(new Purged(1, 10, ITEMS - 1));
        assertHandedBackAtOnce(trash, gate, items, false);
    }

    @Test
    @DisplayName("R30 stop with a timeout shorter than the running unit returns false; the unit still finishes and "
            + "the unstarted units are still handed back at once")
    void stopTimesOut() throws Exception {
        Gate gate = new Gate(false);
        TrashManager trash = manager(gate);
        List<TrashItemId> items = expiredItems(trash);
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults().batchSize(10));
        AtomicReference<Purged> swept = new AtomicReference<>();
        Thread sweeping = start("sweeping", () -> swept.set(sweeper.sweepOnce()));
        assertThat(gate.entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        AtomicReference<Boolean> stopped = new AtomicReference<>();
        Thread stopper = start("stopper", () -> stopped.set(sweeper.stop(Duration.ofMillis(100))));
        assertThat(join(stopper, stopped)).as("the unit is still running when the timeout ends").isFalse();
        assertThat(sweeping.isAlive()).isTrue();
        gate.release.countDown();

        assertThat(join(sweeping, swept)).isEqualTo(new Purged(1, 10, ITEMS - 1));
        assertHandedBackAtOnce(trash, gate, items, false);
    }

    @Test
    @DisplayName("R30 interrupting the sweeping thread stops it the same way: the unit finishes, the rest is handed "
            + "back at once, and the thread stays interrupted")
    void interruptMidBatch() throws Exception {
        Gate gate = new Gate(false);
        TrashManager trash = manager(gate);
        List<TrashItemId> items = expiredItems(trash);
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults().batchSize(10));
        AtomicReference<Purged> swept = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread sweeping = start("sweeping", () -> {
            swept.set(sweeper.sweepOnce());
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        assertThat(gate.entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        sweeping.interrupt();
        gate.release.countDown();

        assertThat(join(sweeping, swept)).isEqualTo(new Purged(1, 10, ITEMS - 1));
        assertThat(stillInterrupted).as("the sweep does not swallow the interrupt").isTrue();
        assertHandedBackAtOnce(trash, gate, items, false);
    }

    @Test
    @DisplayName("R30 R19 interrupting the sweeping thread while a hook waits interruptibly: that unit fails and is "
            + "retried later, the interrupt is kept, and no further unit starts")
    void interruptedHook() throws Exception {
        Gate gate = new Gate(true);
        TrashManager trash = manager(gate);
        List<TrashItemId> items = expiredItems(trash);
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults().batchSize(10));
        AtomicReference<Purged> swept = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread sweeping = start("sweeping", () -> {
            swept.set(sweeper.sweepOnce());
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        assertThat(gate.entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        sweeping.interrupt();

        assertThat(join(sweeping, swept)).isEqualTo(new Purged(0, 0, ITEMS));
        assertThat(stillInterrupted).as("the hook's InterruptedException cleared it; the sweep restores it").isTrue();
        TrashItemId first = gate.calls.get(0);
        PurgeState failed = memory.store().find(W, first).orElseThrow().purge().orElseThrow();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError().orElseThrow()).contains("InterruptedException");
        assertThat(failed.availableAt()).isEqualTo(clock.instant().plus(SweeperOptions.defaults().initialBackoff()));
        assertHandedBackAtOnce(trash, gate, items, true);
    }
}

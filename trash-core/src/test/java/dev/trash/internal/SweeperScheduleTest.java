package dev.trash.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.SweeperOptions;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.WorkspaceId;
import dev.trash.memory.InMemoryTrash;
import dev.trash.spi.HostResource;
import dev.trash.spi.TrashStore;
import dev.trash.testkit.ReferenceTypes;
import dev.trash.memory.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sweeper's life cycle on a host executor: started, stopped, never killed by an exception. */
class SweeperScheduleTest {
    private static final WorkspaceId W = WorkspaceId.of("w");
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T00:00:00Z"));
    private final InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    private TrashManager manager(TrashStore store) {
        return TrashManager.builder().backend(Intercept.backend(memory, store, memory.resources()))
                .storageLedger(memory.ledger()).clock(clock).build();
    }

    /** A store whose claimNext fails the first {@code failures} times, then works; counts the calls. */
    private TrashStore failingClaims(int failures, AtomicInteger calls, LinkedBlockingQueue<Integer> claimed) {
        TrashStore real = memory.store();
        return Intercept.port(TrashStore.class, real, (method, args, call) -> {
            if (!method.equals("claimNext")) {
                return call.run();
            }
            int n = calls.incrementAndGet();
            if (n <= failures) {
                throw new IllegalStateException("database is down (call " + n + ")");
            }
            List<?> got = (List<?>) call.run();
            claimed.add(got.size());
            return got;
        });
    }

    @Test
    @DisplayName("R17 a started sweeper purges on the host's executor and survives failing sweeps")
    void scheduledSweepsSurviveFailures() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LinkedBlockingQueue<Integer> claimed = new LinkedBlockingQueue<>();
        TrashManager trash = manager(failingClaims(2, calls, claimed));
        ResourceRef p = ResourceRef.of("project", "p");
        memory.resources().add(HostResource.root(p, W, "P", "p", 10));
        trash.delete(W, p, ActorId.of("a"));
        clock.advance(Duration.ofDays(31));

        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults().interval(Duration.ofMillis(5)));
        sweeper.start(executor);
        assertThat(sweeper.isRunning()).isTrue();
        assertThatThrownBy(() -> sweeper.start(executor)).isInstanceOf(IllegalStateException.class);

        // Two sweeps fail inside the store; the third claims the item.
        assertThat(claimed.poll(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(calls.get()).isGreaterThanOrEqualTo(3);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (memory.ledger().freedBytes(W) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5); // the scheduled sweep purges the item it claimed
        }
        assertThat(sweeper.isRunning()).as("still scheduled after the failed sweeps").isTrue();
        assertThat(sweeper.stop(Duration.ofSeconds(30))).isTrue();
        assertThat(sweeper.isRunning()).isFalse();
        assertThat(memory.resources().contains(p)).isFalse();
        assertThat(memory.ledger().freedBytes(W)).isEqualTo(10);
    }

    @Test
    @DisplayName("R17 the sweeper starts no thread by itself and does nothing until it is run")
    void startsNothingByItself() {
        int before = Thread.activeCount();
        TrashManager trash = manager(memory.store());
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        assertThat(sweeper.isRunning()).isFalse();
        assertThat(sweeper.stop(Duration.ZERO.plusMillis(1))).isTrue();
        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(before);
    }

    @Test
    @DisplayName("R17 stop cancels the schedule: nothing runs after it")
    void stopCancels() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TrashManager trash = manager(failingClaims(0, calls, new LinkedBlockingQueue<>()));
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults().interval(Duration.ofDays(1)));
        executor.setRemoveOnCancelPolicy(true);
        sweeper.start(executor);
        assertThat(sweeper.stop(Duration.ofSeconds(30))).isTrue();
        assertThat(executor.getQueue()).as("the schedule is cancelled, not just idle").isEmpty();
        int after = calls.get();
        ScheduledFuture<?> probe = executor.schedule(() -> { }, 0, TimeUnit.MILLISECONDS);
        probe.get(30, TimeUnit.SECONDS);
        assertThat(calls.get()).isEqualTo(after);
        assertThat(after).isLessThanOrEqualTo(1);
        sweeper.start(executor);
        assertThat(sweeper.stop(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    @DisplayName("R19 the retry backoff doubles from the initial delay up to the maximum")
    void backoff() {
        SweeperOptions options = SweeperOptions.defaults().backoff(Duration.ofMinutes(1), Duration.ofMinutes(10));
        assertThat(Purger.backoff(1, options)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Purger.backoff(2, options)).isEqualTo(Duration.ofMinutes(2));
        assertThat(Purger.backoff(4, options)).isEqualTo(Duration.ofMinutes(8));
        assertThat(Purger.backoff(5, options)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Purger.backoff(1000, options)).isEqualTo(Duration.ofMinutes(10));
    }

}

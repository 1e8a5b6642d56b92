package dev.trash.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.TrashException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The race harness of the concurrency tests: tasks run on as many threads, released together by a
 * start gate; every wait is bounded; each task's value or exception is kept as an {@link Outcome}.
 * Stateless; safe to use from any thread.
 */
public final class Races {
    private Races() {
    }

    /**
     * What one racing task did: its value, or what it threw.
     *
     * @param value the task's result, if it returned
     * @param error what it threw, if it failed
     */
    public record Outcome(Object value, Throwable error) {
        /** @return whether the task returned */
        public boolean ok() {
            return error == null;
        }

        /** @return the task's value as {@code type}; fails the test if the task threw */
        public <T> T value(Class<T> type) {
            assertThat(error).as("task failed").isNull();
            return type.cast(value);
        }
    }

    /**
     * Runs {@code tasks} on {@code threads} (which must have a thread for each), released together by
     * a start gate, and waits for all of them, each wait at most {@code timeout}.
     *
     * @return each task's outcome, in the order of {@code tasks}
     */
    public static List<Outcome> race(ExecutorService threads, Duration timeout, List<Callable<?>> tasks) {
        CyclicBarrier gate = new CyclicBarrier(tasks.size());
        List<Future<?>> futures = new ArrayList<>();
        for (Callable<?> task : tasks) {
            futures.add(threads.submit(() -> {
                try {
                    gate.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (BrokenBarrierException | TimeoutException e) {
                    throw new AssertionError("start gate did not open within " + timeout, e);
                }
                return task.call();
            }));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<?> future : futures) {
            try {
                outcomes.add(new Outcome(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS), null));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AssertionError harness) {
                    throw harness;
                }
                outcomes.add(new Outcome(null, e.getCause()));
            } catch (TimeoutException e) {
                throw new AssertionError("a racing task did not finish within " + timeout + " (deadlock?)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return outcomes;
    }

    /** Asserts that a losing task failed with one of the library's exceptions, of one of {@code allowed}. */
    @SafeVarargs
    public static void assertLost(Outcome outcome, String who, Class<? extends TrashException>... allowed) {
        assertThat(outcome.error()).as(who + " lost, so it must have failed").isNotNull();
        assertThat(outcome.error()).as(who + " failed with a clear library error").isInstanceOf(TrashException.class);
        assertThat(outcome.error()).as(who + "'s error").isInstanceOfAny(allowed);
    }
}

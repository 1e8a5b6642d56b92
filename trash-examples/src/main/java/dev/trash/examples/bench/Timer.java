package dev.trash.examples.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs an operation after warm-up, several times, timing only the operation: each repetition first
 * runs its untimed {@code setup} (restore the state, vacuum), then the timed {@code operation}. Not
 * thread-safe; one measurement at a time.
 */
final class Timer {
    /** An action that may throw. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private Timer() {
    }

    /** @return the timings of {@code reps} repetitions after {@code warmups} untimed ones */
    static Stats measure(int warmups, int reps, Action setup, Action operation) throws Exception {
        for (int i = 0; i < warmups; i++) {
            setup.run();
            operation.run();
        }
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            setup.run();
            long start = System.nanoTime();
            operation.run();
            samples.add((System.nanoTime() - start) / 1e6);
        }
        return new Stats(samples);
    }

    /** @return the time of one run of {@code operation}, in milliseconds */
    static double once(Action operation) throws Exception {
        long start = System.nanoTime();
        operation.run();
        return (System.nanoTime() - start) / 1e6;
    }
}

package dev.trash.examples.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The timings of one measured operation over its repetitions, in milliseconds: median and spread
 * (fastest and slowest). Immutable.
 *
 * @param samples the time of each repetition, in milliseconds, in the order measured
 */
record Stats(List<Double> samples) {
    Stats {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("samples must not be empty");
        }
        samples = List.copyOf(samples);
    }

    /** @return the median time */
    double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** @return the fastest time */
    double min() {
        return sorted().get(0);
    }

    /** @return the slowest time */
    double max() {
        return sorted().get(samples.size() - 1);
    }

    /** @return e.g. {@code 12.3 ms (11.9–13.0, n=5)} */
    String describe() {
        return format(median()) + " (" + format(min()).replace(" ms", "") + "–" + format(max()) + ", n=" + samples.size()
                + ")";
    }

    /** @return milliseconds with three significant digits, e.g. {@code 0.213 ms}, {@code 12.3 ms}, {@code 1530 ms} */
    static String format(double ms) {
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        if (ms >= 1) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        return String.format(Locale.ROOT, "%.3f ms", ms);
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted;
    }
}

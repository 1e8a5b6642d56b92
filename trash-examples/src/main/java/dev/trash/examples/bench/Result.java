package dev.trash.examples.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * One row of the benchmark table: an operation on so many rows, the library's timing against a
 * baseline's, the goal and whether it was met. Rows without a baseline (statement counts,
 * in-memory throughput) carry a measured value in {@code library} and a text in {@code value}.
 * Immutable.
 *
 * @param operation what was measured, e.g. "cascade delete: library vs hand-written bulk SQL"
 * @param rows the size of the work, e.g. "200,000 rows in 2.2M"
 * @param library the library's timings, if timed
 * @param baseline the baseline's timings, if there is a baseline
 * @param value what to show instead of a timing (e.g. "5 statements"), if not timed
 * @param goal the goal, e.g. "≤ 1.5×", or "report" when there is none
 * @param met whether the goal was met; empty when there is no goal
 */
record Result(String operation, String rows, Optional<Stats> library, Optional<Stats> baseline, Optional<String> value,
              String goal, Optional<Boolean> met) {
    /** A timed comparison: ratio = library median / baseline median, met when it is at most {@code maxRatio}. */
    static Result ratio(String operation, String rows, Stats library, Stats baseline, double maxRatio) {
        double ratio = library.median() / baseline.median();
        return new Result(operation, rows, Optional.of(library), Optional.of(baseline), Optional.empty(),
                "≤ " + trim(maxRatio) + "×", Optional.of(ratio <= maxRatio));
    }

    /**
     * A timed comparison where the library must be faster: met when baseline median / library median
     * is at least {@code minSpeedup}.
     */
    static Result speedup(String operation, String rows, Stats library, Stats baseline, double minSpeedup) {
        double speedup = baseline.median() / library.median();
        return new Result(operation, rows, Optional.of(library), Optional.of(baseline), Optional.empty(),
                "≥ " + trim(minSpeedup) + "× faster", Optional.of(speedup >= minSpeedup));
    }

    /**
     * A timed comparison of rates (the same work on both sides): met when the library's rate is at
     * least {@code minRate} times the baseline's, i.e. baseline median / library median ≥ {@code minRate}.
     */
    static Result rate(String operation, String rows, Stats library, Stats baseline, double minRate) {
        double rate = baseline.median() / library.median();
        return new Result(operation, rows, Optional.of(library), Optional.of(baseline), Optional.empty(),
                "rate ≥ " + trim(minRate) + "× baseline's", Optional.of(rate >= minRate));
    }

    /** A row with a goal checked by the caller and a value to show. */
    static Result checked(String operation, String rows, String value, String goal, boolean met) {
        return new Result(operation, rows, Optional.empty(), Optional.empty(), Optional.of(value), goal, Optional.of(met));
    }

    /** A row that only reports. */
    static Result reported(String operation, String rows, String value) {
        return new Result(operation, rows, Optional.empty(), Optional.empty(), Optional.of(value), "report",
                Optional.empty());
    }

    /** @return library median / baseline median, if both were timed */
    Optional<Double> ratio() {
        return library.isPresent() && baseline.isPresent()
                ? Optional.of(library.get().median() / baseline.get().median()) : Optional.empty();
    }

    /**
     * @return library median / baseline median as shown, e.g. {@code 1.07×}, or {@code 0.11× (9.4× faster)}
     *     when the library is more than twice as fast
     */
    String ratioText() {
        return ratio().map(r -> String.format(Locale.ROOT, "%.2f×", r)
                + (r < 0.5 ? String.format(Locale.ROOT, " (%.1f× faster)", 1 / r) : "")).orElse("");
    }

    /** @return {@code yes}, {@code NO} or empty */
    String metText() {
        return met.map(m -> m ? "yes" : "NO").orElse("");
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}

package dev.trash.examples.bench;

/**
 * How big the benchmarks run: {@link #FULL} for the published table, {@link #QUICK} (about a
 * hundredth) for the runner's own test. Immutable.
 *
 * @param name {@code full} or {@code quick}
 * @param quick whether this is the small scale
 */
record Scale(String name, boolean quick) {
    static final Scale FULL = new Scale("full", false);
    static final Scale QUICK = new Scale("quick", true);

    /** @return {@code full} at the full scale, {@code quick} at the quick one */
    int pick(int full, int quick) {
        return this.quick ? quick : full;
    }
}

package dev.trash.examples.bench;

import java.util.List;

/** One benchmark of the runner: it seeds what it needs and returns rows of the table. */
interface Benchmark {
    /** @return a short name, used by {@code --only} and in progress output, e.g. {@code cascade} */
    String name();

    /** Runs the benchmark. Its database work goes to schemas of its own ({@link BenchDatabase#newPool}). */
    List<Result> run(BenchContext context) throws Exception;
}

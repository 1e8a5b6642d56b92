package dev.trash.examples.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmark runner (the README's benchmark command): measures the library against hand-written
 * SQL in one run, on an embedded PostgreSQL 17 by default or on a JDBC URL, and prints the table
 * (operation, rows, library median, baseline median, ratio, goal, met?) and writes it as Markdown.
 * Each timing is taken after warm-up over several repetitions; the table shows the median and the
 * spread (fastest–slowest).
 *
 * <pre>
 * usage: [--jdbc-url URL | --durable] [--out FILE] [--quick] [--only NAME,...]
 * </pre>
 *
 * {@code --durable} starts the embedded PostgreSQL as a production server runs, with {@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on (zonky turns the first two off, for tests).
 *
 * Not thread-safe: one run at a time.
 */
public final class Benchmarks {
    static final String COMMAND = "mvn -B -q -pl trash-examples -am package exec:java -DskipTests "
            + "-Dexec.mainClass=dev.trash.examples.bench.Benchmarks";

    private Benchmarks() {
    }

    /** @return every benchmark, in the order of the table */
    static List<Benchmark> all() {
        return List.of(new CascadeBenchmark(), new HiddenBenchmark(), new StatementsBenchmark(), new NestedBenchmark(), new SweepBenchmark(), new ListingBenchmark(),
                new MemoryBenchmark());
    }

    /** Runs the benchmarks; exits with status 1 if one of them failed to run, 2 on a bad command line. */
    public static void main(String[] args) throws Exception {
        try {
            System.exit(run(args, System.out) ? 0 : 1);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: [--jdbc-url URL | --durable] [--out FILE] [--quick] [--only NAME,...]");
            System.exit(2);
        }
    }

    /**
     * Runs the benchmarks the arguments choose, printing progress and the table to {@code out}.
     *
     * @return whether every benchmark ran (goals missed are in the table, not a failure of the run)
     */
    static boolean run(String[] args, PrintStream out) throws Exception {
        Optional<String> jdbcUrl = Optional.empty();
        Path file = Path.of(System.getProperty("trash.examples.dir", "target"), "benchmarks.md");
        Scale scale = Scale.FULL;
        Optional<Set<String>> only = Optional.empty();
        boolean durable = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jdbc-url" -> jdbcUrl = Optional.of(value(args, ++i, "--jdbc-url"));
                case "--out" -> file = Path.of(value(args, ++i, "--out"));
                case "--quick" -> scale = Scale.QUICK;
                case "--durable" -> durable = true;
                case "--only" -> only = Optional.of(Set.of(value(args, ++i, "--only").split(",")));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (durable && jdbcUrl.isPresent()) {
            throw new IllegalArgumentException("--durable starts the embedded PostgreSQL; a server given by --jdbc-url"
                    + " runs as it is configured");
        }
        List<Benchmark> chosen = new ArrayList<>();
        for (Benchmark b : all()) {
            if (only.isEmpty() || only.get().contains(b.name())) {
                chosen.add(b);
            }
        }
        if (only.isPresent() && chosen.size() != only.get().size()) {
            throw new IllegalArgumentException("--only names unknown benchmarks; known: "
                    + all().stream().map(Benchmark::name).toList());
        }

        long start = System.nanoTime();
        Report report = new Report();
        boolean ran = true;
        String database;
        try (BenchDatabase db = BenchDatabase.start(jdbcUrl, durable)) {
            database = db.describe();
            out.println("Benchmarks on " + database + ", " + Report.machine() + ", scale " + scale.name());
            BenchContext context = new BenchContext(db, scale, out);
            for (Benchmark benchmark : chosen) {
                out.println("== " + benchmark.name());
                long t = System.nanoTime();
                try {
                    report.addAll(benchmark.run(context));
                } catch (Exception | AssertionError e) {
                    ran = false;
                    out.println("  FAILED: " + e);
                    e.printStackTrace(out);
                    report.addAll(List.of(Result.checked(benchmark.name(), "", "failed: " + e.getMessage(), "runs", false)));
                }
                out.printf("  (%.0f s)%n", (System.nanoTime() - t) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println();
        report.print(out);
        String mavenOpts = Optional.ofNullable(System.getenv("MAVEN_OPTS")).filter(o -> !o.isBlank())
                .map(o -> "MAVEN_OPTS=\"" + o.trim() + "\" ").orElse("");
        String command = mavenOpts + COMMAND
                + (args.length == 0 ? "" : " -Dexec.args=\"" + String.join(" ", Arrays.asList(args)) + "\"");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, report.markdown(database, command, scale, seconds));
        out.printf("%nAll goals met: %s. Took %.0f s. Table written to %s%n", report.allMet() ? "yes" : "NO", seconds,
                file.toAbsolutePath().normalize());
        return ran;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].isBlank()) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }
}

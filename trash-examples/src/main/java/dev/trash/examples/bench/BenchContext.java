package dev.trash.examples.bench;

import java.io.PrintStream;

/**
 * What a benchmark runs with: the database, the scale, and where progress lines go. Immutable.
 *
 * @param database the PostgreSQL (embedded or given) the benchmark creates its schemas in
 * @param scale full or quick
 * @param log progress output (not the table)
 */
record BenchContext(BenchDatabase database, Scale scale, PrintStream log) {
    /** Prints a progress line, indented under the benchmark's name. */
    void progress(String line) {
        log.println("  " + line);
    }
}

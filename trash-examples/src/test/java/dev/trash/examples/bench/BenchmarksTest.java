package dev.trash.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.trash.examples.platform.EmbeddedMariaDb;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark runner runs end to end at the quick scale and writes its table, on its embedded
 * PostgreSQL and on a MariaDB given by JDBC URL (the embedded MariaDB 11.4 of the tests). It checks
 * that every benchmark runs and reports the same rows, never how fast: speed is the runner's
 * business, not a unit test's.
 */
@Tag("heavy")
class BenchmarksTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("every benchmark runs at the quick scale and the table is printed and written as Markdown; R37 a nested "
            + "cascade issues the same statements at depth 1, 10 and 100")
    void quickRun() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path md = dir.resolve("bench.md");
        boolean ran = Benchmarks.run(new String[] {"--quick", "--out", md.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(ran).as(out).isTrue();
        assertThat(out).doesNotContain("FAILED");
        for (Benchmark benchmark : Benchmarks.all()) {
            assertThat(out).contains("== " + benchmark.name());
        }
        List<String> lines = Files.readAllLines(md);
        assertThat(lines.get(0)).startsWith("Machine: ");
        assertThat(lines.get(1)).startsWith("Database: PostgreSQL 17");
        assertThat(lines.get(2)).startsWith("Command: `").contains(Benchmarks.COMMAND + " -Dexec.args=\"--quick --out ");
        assertThat(lines).contains("| operation | rows | library (median, min–max) | baseline (median, min–max) | ratio | goal | met? |");
        long rows = lines.stream().filter(l -> l.startsWith("| ") && !l.startsWith("| operation")).count();
        assertThat(rows).isGreaterThanOrEqualTo(Benchmarks.all().size());
        assertThat(lines).noneMatch(l -> l.contains("failed:"));
        // The statements of a nested cascade do not grow with the depth (R37).
        assertThat(lines.stream().filter(l -> l.startsWith("| statements per nested cascade"))).hasSize(3)
                .allMatch(l -> l.endsWith("| same for all depths | yes |"));
    }

    @Test
    @DisplayName("the runner takes a MariaDB JDBC URL and prints the same table: every benchmark runs at the quick scale, "
            + "each row of the PostgreSQL table is there, the plans checked with EXPLAIN")
    void quickRunOnMariadb() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path md = dir.resolve("bench.md");
        String url = EmbeddedMariaDb.serverUrl() + "?user=root";
        boolean ran = Benchmarks.run(new String[] {"--quick", "--jdbc-url", url, "--out", md.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(ran).as(out).isTrue();
        assertThat(out).doesNotContain("FAILED").contains("Benchmarks on MariaDB 11.4");
        List<String> lines = Files.readAllLines(md);
        assertThat(lines.get(1)).startsWith("Database: MariaDB 11.4");
        List<String> operations = lines.stream().filter(l -> l.startsWith("| ") && !l.startsWith("| operation")
                && !l.startsWith("|---")).map(l -> l.split(" \\| ")[0].substring(2)).toList();
        assertThat(operations).contains("cascade delete (no trash-column index): library vs hand-written bulk SQL",
                "cascade restore (no trash-column index): library vs per-row loop (ORM cascade)",
                "cascade delete: library, no trash-column index vs the same tables plus an index on trash_item",
                "R42 delete, children hidden with the dataset: many vs few",
                "R42 restore: children hidden vs marked (the same children)",
                "statements per cascade delete / restore of a dataset",
                "nested cascade delete: library vs hand-written recursive SQL",
                "nested cascade restore: library vs hand-written recursive SQL",
                "statements per nested cascade delete / restore of a folder tree",
                "sweep: items purged twice / missed (every library run)",
                "list: page of 50 after a cursor 90 % down (per call)",
                "list: the library's 3 queries walk an index (EXPLAIN)",
                "list (R38): name A to Z (per call)",
                "list (R39): expiring within 7 days, soonest first (per call)",
                "list (R38, R39): the library's 11 queries walk an index (EXPLAIN)");
        assertThat(lines).noneMatch(l -> l.contains("failed:"));
        assertThat(lines).anyMatch(l -> l.startsWith("| sweep: items purged twice / missed") && l.contains("0 duplicates, 0 misses"));
        assertThat(lines).anyMatch(l -> l.startsWith("| list: the library's 3 queries walk an index")
                && l.contains("3 of 3 index scans, no sort") && l.endsWith("| yes |"));
    }

    @Test
    @DisplayName("R23 a bad command line is refused by name before anything runs")
    void badArguments() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Benchmarks.run(new String[] {"--fast"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option '--fast'");
        assertThatThrownBy(() -> Benchmarks.run(new String[] {"--out"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("option --out needs a value");
        assertThatThrownBy(() -> Benchmarks.run(new String[] {"--only", "nope"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--only names unknown benchmarks; known: ");
        assertThatThrownBy(() -> Benchmarks.run(new String[] {"--durable", "--jdbc-url", "jdbc:mariadb://localhost/"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--durable starts the embedded PostgreSQL");
        assertThat(dir).isEmptyDirectory();
    }
}

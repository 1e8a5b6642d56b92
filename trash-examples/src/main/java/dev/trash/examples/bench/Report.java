package dev.trash.examples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The benchmark table: printed as aligned text and written as Markdown, with the machine, the
 * database and the command that made it. Not thread-safe; the runner builds it on one thread.
 */
final class Report {
    private static final List<String> HEADER = List.of("operation", "rows", "library (median, min–max)",
            "baseline (median, min–max)", "ratio", "goal", "met?");

    private final List<Result> results = new ArrayList<>();

    void addAll(List<Result> rows) {
        results.addAll(rows);
    }

    List<Result> results() {
        return List.copyOf(results);
    }

    /** @return whether every row with a goal met it */
    boolean allMet() {
        return results.stream().allMatch(r -> r.met().orElse(true));
    }

    private static List<String> cells(Result r) {
        return List.of(r.operation(), r.rows(),
                r.library().map(Stats::describe).or(r::value).orElse(""),
                r.baseline().map(Stats::describe).orElse(""),
                r.ratioText(), r.goal(), r.metText());
    }

    /** Prints the table as aligned text. */
    void print(PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        results.forEach(r -> rows.add(cells(r)));
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row.get(i))).append(i + 1 < row.size() ? " | " : "");
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** @return the table in Markdown, under a header naming the machine, database, command and run time */
    String markdown(String database, String command, Scale scale, double seconds) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(machine()).append("  \n");
        md.append("Database: ").append(database).append("  \n");
        md.append("Command: `").append(command).append("` (scale ").append(scale.name()).append(", ")
                .append(String.format(Locale.ROOT, "%.0f", seconds)).append(" s)\n\n");
        md.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
        md.append("|").append("---|".repeat(HEADER.size())).append("\n");
        for (Result r : results) {
            md.append("| ").append(String.join(" | ", cells(r).stream().map(c -> c.replace("|", "\\|")).toList()))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** @return e.g. {@code 2 cores (AMD EPYC 7B13), 23.5 GiB RAM, Linux 6.1, Java 17.0.12} */
    static String machine() {
        long ram = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return Runtime.getRuntime().availableProcessors() + " cores" + cpu() + ", "
                + String.format(Locale.ROOT, "%.1f GiB RAM", ram / (1024.0 * 1024 * 1024)) + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version");
    }

    private static String cpu() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return "";
        }
        try (Stream<String> lines = Files.lines(info)) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> " (" + l.substring(l.indexOf(':') + 1).trim() + ")").orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}

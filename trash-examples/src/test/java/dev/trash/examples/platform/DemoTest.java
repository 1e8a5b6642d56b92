package dev.trash.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's walkthrough (through {@link Main}, as the run command does) on embedded H2, on
 * PostgreSQL 17 and on MariaDB 11.4, and checks what it prints, the treemap it writes and the files
 * it leaves.
 */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("R1 R3 R4 R6 R7 R8 R11 R12 R13 R17 R20 the demo on embedded H2 prints the whole walkthrough")
    void demoOnH2() throws Exception {
        String out = runMain("demo", "--data", dir.resolve("data").toString(), "--svg", dir.resolve("t.svg").toString());
        assertWalkthrough(out);
        assertThat(out).contains("Platform on H2 (embedded, " + dir.resolve("data").resolve("db"));
    }

    @Test
    @DisplayName("R1 R3 R4 R6 R7 R8 R11 R12 R13 R17 R20 the demo on PostgreSQL by JDBC URL prints the same walkthrough")
    void demoOnPostgres() throws Exception {
        String url = EmbeddedPostgres17.newDatabaseUrl();
        String out = runMain("--data", dir.resolve("data").toString(), "--svg", dir.resolve("t.svg").toString(),
                "--jdbc-url", url);
        assertWalkthrough(out);
        assertThat(out).contains("Platform on POSTGRESQL (" + url + ")");
    }

    @Test
    @DisplayName("R1 R3 R4 R6 R7 R8 R11 R12 R13 R17 R20 the demo on MariaDB by JDBC URL prints the same walkthrough")
    void demoOnMariadb() throws Exception {
        String url = EmbeddedMariaDb.newDatabaseUrl();
        String out = runMain("--data", dir.resolve("data").toString(), "--svg", dir.resolve("t.svg").toString(),
                "--jdbc-url", url);
        assertWalkthrough(out);
        assertThat(out).contains("Platform on MARIADB (" + url + ")");
    }

    @Test
    @DisplayName("the demo runs again on its own folder (emptied first) but refuses a database that already holds its workspace")
    void demoRerunsAndRefusesUsedDatabase() throws Exception {
        Path data = dir.resolve("data");
        runMain("demo", "--data", data.toString(), "--svg", dir.resolve("t.svg").toString());
        assertWalkthrough(runMain("demo", "--data", data.toString(), "--svg", dir.resolve("t.svg").toString()));

        String url = EmbeddedPostgres17.newDatabaseUrl();
        runMain("demo", "--data", dir.resolve("a").toString(), "--svg", dir.resolve("t.svg").toString(), "--jdbc-url", url);
        assertThatThrownBy(() -> runMain("demo", "--data", dir.resolve("b").toString(), "--jdbc-url", url))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the database already holds the demo's workspace 'acme'; run the demo on an empty database"
                        + " or data folder");
    }

    @Test
    @DisplayName("trash-examples/README.md's excerpt of the demo's output and its treemap are what the demo makes today")
    void readmeShowsTheDemo() throws Exception {
        String out = runMain("demo", "--data", dir.resolve("data").toString(), "--svg", dir.resolve("t.svg").toString());
        String readme = Files.readString(Path.of("README.md")); // trash-examples/README.md
        String start = "An excerpt of its output:\n\n```\n";
        String excerpt = readme.substring(readme.indexOf(start) + start.length());
        excerpt = excerpt.substring(0, excerpt.indexOf("```"));
        assertThat(excerpt.lines().filter(l -> !l.isBlank()).count()).isGreaterThan(15);
        excerpt.lines().filter(l -> !l.isBlank()).forEach(line -> assertThat(out).contains(line + "\n"));
        assertThat(readme).contains("![The Trash as a treemap](docs/trash-treemap.svg)");
        assertThat(Path.of("docs/trash-treemap.svg")).hasContent(Files.readString(dir.resolve("t.svg")));
    }

    private void assertWalkthrough(String out) throws Exception {
        // the Trash table as the reference shows it: Name with the +N badge, Type, Deleted, Expires, Size
        assertThat(out).contains("""
                  Trash: All items
                  Name                     Type     Deleted           Expires       Size
                  Speech +5                project  2026-11-01 11:55  30d         5.8 MB
                  Street scenes +120       dataset  2026-11-01 11:40  30d         8.6 MB
                  Vision +10               project  2026-11-01 11:00  30d        13.7 MB
                  Segmenter +4             model    2026-11-01 09:00  30d        11.5 MB
                """);
        assertThat(out).contains("""
                  Trash: only models
                  Name                     Type     Deleted           Expires       Size
                  Segmenter +4             model    2026-11-01 09:00  30d        11.5 MB
                """);
        assertThat(out).contains("""
                  Trash: only datasets
                  Name                     Type     Deleted           Expires       Size
                  Street scenes +120       dataset  2026-11-01 11:40  30d         8.6 MB
                """);
        assertThat(out).contains("""
                  the Trash holds 39.6 MB in 4 items:
                    dataset   1 items      8.6 MB
                    model     1 items     11.5 MB
                    project   2 items     19.5 MB
                  workspace storage: 41.2 MB (176 stored files, 41.2 MB on disk); deployments 4, export jobs 4
                """);
        assertThat(out).contains(
                "  refused: Cannot restore model while its parent project is in trash. Restore the project first.\n");
        assertThat(out).contains("  restored 11 rows: Vision and the models deleted with it, [Detector, Classifier]");
        assertThat(out).contains("  slug 'speech' was taken, so the old project came back as 'speech-2' (renamed: true)");
        assertThat(out).contains("  projects now: [Vision (vision), Speech (speech-2), Speech (new) (speech)]");
        assertThat(out).contains("""
                  before: 176 stored files, 41.2 MB on disk; an image of Street scenes exists: true
                  the sweeper purged 2 items, 20.1 MB (0 waiting for a retry)
                  after:  52 stored files, 21.0 MB on disk; an image of Street scenes exists: false
                  files deleted: 124 (20.1 MB); workspace storage 41.2 MB -> 21.0 MB (freed 20.1 MB)
                  datasets now: [Faces]; deployments 3, export jobs 3 (Segmenter's were deleted by the purge hook)
                """);
        assertThat(out).contains("""
                  Trash: All items, after the sweep
                  Name                     Type     Deleted           Expires       Size
                  Classifier +4            model    2026-11-21 11:55  20d         5.1 MB
                """);

        Path svg = dir.resolve("t.svg");
        assertThat(out).contains("written to " + svg.toAbsolutePath().normalize());
        String text = Files.readString(svg);
        assertThat(text).startsWith("<svg").contains("<title>Trash: 39.6 MB</title>");
        assertThat(count(text, "<g class=\"tile project\">")).isEqualTo(2);
        assertThat(count(text, "<g class=\"tile dataset\">")).isEqualTo(1);
        assertThat(count(text, "<g class=\"tile model\">")).isEqualTo(1);
        assertThat(text).contains("fill=\"#2563eb\"", "fill=\"#16a34a\"", "fill=\"#9333ea\"");
    }

    private static long count(String text, String what) {
        return Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }

    private static String runMain(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Main.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

}

package dev.trash.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: bad arguments get an error naming the problem and change nothing. */
class MainTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("R23 an unknown command, unknown option, missing or repeated value or bad port is refused by name")
    void badCommandLines() {
        assertUsage("unknown command 'destroy'", "destroy");
        assertUsage("unknown option '--colour'", "demo", "--colour", "red");
        assertUsage("unknown option '--port'", "demo", "--port", "80");
        assertUsage("option --data needs a value", "demo", "--data");
        assertUsage("option --data needs a value", "serve", "--data", " ");
        assertUsage("option --port given twice", "serve", "--port", "1", "--port", "2");
        assertUsage("--port must be 0 to 65535, got 'http'", "serve", "--port", "http");
        assertUsage("--port must be 0 to 65535, got '65536'", "serve", "--port", "65536");
        assertUsage("--bind must be an IP address or localhost, got 'example.com'", "serve", "--bind", "example.com");
        assertUsage("--bind must be an IP address or localhost, got '999.1.1.1'", "serve", "--bind", "999.1.1.1");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    @DisplayName("R23 the demo refuses a data folder it did not make, and deletes nothing in it")
    void demoRefusesForeignFolder() throws Exception {
        Path data = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(data.resolve("notes.txt"), "keep me");
        assertUsage("the demo's data folder " + data.toAbsolutePath()
                + " holds files the demo did not make; give an empty or new folder with --data", "demo", "--data",
                data.toString());
        assertThat(data.resolve("notes.txt")).hasContent("keep me");
        assertThat(data.resolve(Main.DEMO_MARKER)).doesNotExist();
    }

    @Test
    @DisplayName("the demo prints a JDBC URL with its password masked")
    void passwordsAreMasked() {
        assertThat(Demo.masked("jdbc:postgresql://db/p?user=me&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/p?user=me&password=***&ssl=true");
        assertThat(Demo.masked("jdbc:h2:tcp://db/p;PASSWORD=s3cret")).isEqualTo("jdbc:h2:tcp://db/p;PASSWORD=***");
        assertThat(Demo.masked("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
    }

    @Test
    @DisplayName("help prints the usage")
    void help() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Main.run(new String[] {"help"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(Main.USAGE + System.lineSeparator());
    }

    private void assertUsage(String message, String... args) {
        assertThatThrownBy(() -> Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(Main.UsageException.class)
                .hasMessage(message);
    }
}

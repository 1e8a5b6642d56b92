package dev.trash.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the quick-start walk-through and checks what it prints. */
class QuickStartTest {
    @Test
    @DisplayName("R1 R7 R8 R11 R12 R17 the quick start prints the Trash, the R12 error, a renamed restore and a sweep")
    void quickStartRuns(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path svg = dir.resolve("treemap.svg");
        QuickStart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), svg);
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("Vision +2", "Street scenes +80", "30d", "Segmenter");
        assertThat(out).contains("refused: Cannot restore model while its parent project is in trash. Restore the project first.");
        assertThat(out).contains("it is now 'vision-2'");
        assertThat(out).contains("purged 2 items");
        assertThat(out).contains("dataset still exists: false, images left: 0");
        assertThat(Files.readString(svg)).startsWith("<svg").contains("#2563eb", "#16a34a", "#9333ea", "Street scenes");
    }
}

package dev.trash.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs the Jdbi example on a fresh H2 database and checks what it prints. */
class JdbiQuickStartTest {
    @Test
    @DisplayName("R1 R3 R11 R17 the Jdbi example deletes with the host's SQL in one transaction, restores onto a taken slug, sweeps")
    void jdbiQuickStartRuns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JdbiQuickStart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                "jdbc:h2:mem:jdbi-quickstart-test;DB_CLOSE_DELAY=-1");
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("deleted Vision +2, 731000 bytes, expires in 30d");
        assertThat(out).contains("active models now: 0");
        assertThat(out).contains("audit rows: 1");
        assertThat(out).contains("listed: [Vision]");
        assertThat(out).contains("restored 3 rows; slug 'vision' was taken, it is now 'vision-2'");
        assertThat(out).contains("31 days later the sweeper purged 1 item (Vision (new))");
        assertThat(out).contains("projects left: 1");
    }
}

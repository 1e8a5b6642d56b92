package dev.trash.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs the Spring Boot example on a fresh H2 database and checks what it prints. */
class SpringExampleTest {
    @Test
    @DisplayName("R27 the Spring Boot example: auto-configured, delete and rollback with @Transactional, purge refused inside, sweeper stopped at close")
    void springExampleRuns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SpringExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                "jdbc:h2:mem:spring-example-test;DB_CLOSE_DELAY=-1");
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("types [folder, document]; sweeper running: true; folders [Drafts, Reports]; stored files 3");
        assertThat(out).contains("deleted Reports +2; heard after the commit: [deleted Reports +2]; audit rows 1; folders [Drafts]");
        assertThat(out).contains("failed: the mail server is down; folders [Drafts]; audit rows 1; in the Trash [Reports];"
                + " heard [deleted Reports +2]");
        assertThat(out).contains("refused: purge cannot run inside a transaction; in the Trash [Reports]");
        assertThat(out).contains("restored 3 rows; folders [Drafts, Reports]");
        assertThat(out).contains("purged 1 item, 2100 bytes; stored files left 1; heard [deleted Reports +2, "
                + "restored folder reports, deleted Reports +2, purged folder reports]");
        assertThat(out).endsWith("context closed: the sweeper stopped before the connection pool closed" + System.lineSeparator());
    }
}

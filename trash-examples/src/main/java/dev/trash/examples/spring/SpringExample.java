package dev.trash.examples.spring;

import dev.trash.jdbi.ResourceTable;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashListener;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The Trash in a Spring Boot application, wired by trash-jdbi's auto-configuration on an embedded
 * H2 database: the host describes its two tables as {@link ResourceTable} beans and adds a purge
 * hook and a listener as beans; the auto-configuration makes the {@code TrashManager}, creates the
 * library's schema, and runs the sweeper with the context. {@link FolderService} mixes the host's
 * SQL with Trash calls in {@code @Transactional} methods; {@link Walkthrough} shows what that
 * gives. Run: {@code mvn -B -q -pl trash-examples -am package exec:java -DskipTests
 * -Dexec.mainClass=dev.trash.examples.spring.SpringExample}.
 */
@SpringBootApplication
public class SpringExample {
    /** The example's files, by document id: what the purge hook deletes. */
    private final Map<String, String> storedFiles = new ConcurrentHashMap<>();

    /** Made by Spring. */
    public SpringExample() {
    }

    /** Runs the walkthrough on an in-memory H2 database, printing to standard output. */
    public static void main(String[] args) {
        run(System.out, "jdbc:h2:mem:spring-example;DB_CLOSE_DELAY=-1");
    }

    /** Starts the application on {@code jdbcUrl}, runs the walkthrough, closes the application. */
    public static void run(PrintStream out, String jdbcUrl) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SpringExample.class)
                .properties("spring.datasource.url=" + jdbcUrl,
                        "spring.sql.init.mode=always",
                        "spring.sql.init.schema-locations=classpath:dev/trash/examples/spring/schema.sql",
                        "spring.main.banner-mode=off", "spring.main.log-startup-info=false",
                        "trash.retention=30d", "trash.sweeper.interval=1h")
                .run()) {
            context.getBean(Walkthrough.class).run(out);
        }
        out.println("context closed: the sweeper stopped before the connection pool closed");
    }

    /** @return the folders table: a top-level type */
    @Bean
    ResourceTable folders() {
        return ResourceTable.of("folder", "folders").size("size_bytes");
    }

    /** @return the documents table: children of folders, trashed and restored with them */
    @Bean
    ResourceTable documents() {
        return ResourceTable.of("document", "documents").childOf("folder", "folder_id").size("size_bytes");
    }

    /** @return the hook that deletes a purged item's stored files */
    @Bean
    PurgeHook deleteFiles() {
        return target -> target.resources("document").forEach(doc -> storedFiles.remove(doc.id()));
    }

    /** @return the example's file store */
    @Bean
    Map<String, String> storedFiles() {
        return storedFiles;
    }

    /** @return a listener that keeps what it hears, to show that events come after the commit */
    @Bean
    Heard heard() {
        return new Heard();
    }

    /** The events the application heard, in order. */
    static final class Heard implements TrashListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(TrashEvent event) {
            if (event instanceof TrashEvent.Deleted d) {
                events.add("deleted " + d.item().name() + " +" + d.item().cascadedCount());
            } else if (event instanceof TrashEvent.RestoredItem r) {
                events.add("restored " + r.restored().root());
            } else if (event instanceof TrashEvent.Purged p) {
                events.add("purged " + p.root());
            }
        }
    }
}

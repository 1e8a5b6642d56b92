package dev.trash.jdbi.spring.jpa;

import static dev.trash.jdbi.spring.jpa.JpaApp.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ResourceRef;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.jdbi.TestPostgres;
import dev.trash.jdbi.spring.TrashAutoConfiguration;
import dev.trash.spi.TrashEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.JpaTransactionManager;

/**
 * SPEC R28 (and R27 under JPA) with Spring Data JPA and Hibernate 6 on H2 and PostgreSQL 17, the
 * entities mapped as the README says: an entity loaded before a delete and flushed after it leaves
 * the library's mark (the naive mapping writes NULL back), trashed rows are absent from repository
 * queries and come back after a restore; inside one JPA transaction the delete joins it, and the
 * persistence context needs a flush before and a clear after a trash call, as the README's recipe says.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"H2", "POSTGRESQL"})
class HibernateTest {
    private static final AtomicInteger COUNT = new AtomicInteger();

    @Parameter
    String database;

    private void run(Consumer<AssertableApplicationContext> test) {
        String url;
        String user;
        String schema = null;
        if (database.equals("H2")) {
            url = "jdbc:h2:mem:jpa" + COUNT.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=3000";
            user = "sa";
        } else {
            schema = TestPostgres.newSchema();
            url = TestPostgres.url(schema);
            user = "postgres";
        }
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                            HibernateJpaAutoConfiguration.class, JpaRepositoriesAutoConfiguration.class,
                            TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                            SqlInitializationAutoConfiguration.class, TrashAutoConfiguration.class))
                    .withUserConfiguration(JpaApp.class)
                    .withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=" + user,
                            "spring.sql.init.mode=always",
                            "spring.sql.init.schema-locations=classpath:dev/trash/jdbi/spring/folders.sql",
                            "spring.jpa.hibernate.ddl-auto=none", "spring.jpa.open-in-view=false")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(org.springframework.transaction.PlatformTransactionManager.class))
                                .as("Spring Data JPA's transactions").isInstanceOf(JpaTransactionManager.class);
                        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                        for (String f : List.of("f1", "f2")) {
                            jdbc.update("INSERT INTO folders (id, workspace_id, name, size_bytes) VALUES (?, 'acme', ?, 100)",
                                    f, "Folder " + f);
                            jdbc.update("INSERT INTO documents (id, workspace_id, folder_id, name, size_bytes)"
                                    + " VALUES (?, 'acme', ?, 'Document', 10)", f + "-d0", f);
                        }
                        test.accept(context);
                    });
        } finally {
            if (schema != null) {
                TestPostgres.dropSchema(schema);
            } else {
                try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException e) {
                    // already gone
                }
            }
        }
    }

    private static JpaApp.FolderService service(AssertableApplicationContext context) {
        return context.getBean(JpaApp.FolderService.class);
    }

    /** @return the row's name and trash column, read with plain JDBC outside Hibernate */
    private static Optional<String[]> row(AssertableApplicationContext context, String table, String id) {
        return context.getBean(JdbcTemplate.class).query("SELECT name, trash_item FROM " + table + " WHERE id = ?",
                rs -> rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)}) : Optional.<String[]>empty(), id);
    }

    @Test
    @DisplayName("R28 an entity loaded before a delete and flushed after it keeps the library's mark; its edit is saved")
    void dirtyFlushKeepsTheMark() {
        run(context -> {
            TrashItem item = service(context).loadDeleteThenEdit("f1");

            String[] folder = row(context, "folders", "f1").orElseThrow();
            assertThat(folder[0]).as("the host's edit was flushed").isEqualTo("Renamed after the delete");
            assertThat(folder[1]).as("and the mark kept").isEqualTo(item.id().toString());
            String[] document = row(context, "documents", "f1-d0").orElseThrow();
            assertThat(document[0]).isEqualTo("Edited after the delete");
            assertThat(document[1]).isEqualTo(item.id().toString());
            assertThat(context.getBean(TrashManager.class).restore(ACME, item.id(), JpaApp.ALICE).restoredCount())
                    .as("the item and its rows agree").isEqualTo(2);
        });
    }

    @Test
    @DisplayName("R28 without the documented mapping the same flush writes NULL back: the folder active, its document still trashed")
    void naiveMappingUndoesTheDelete() {
        run(context -> {
            TrashItem item = service(context).naiveLoadDeleteThenEdit("f1");

            assertThat(row(context, "folders", "f1").orElseThrow()[1]).as("the split state the mapping prevents").isNull();
            assertThat(row(context, "documents", "f1-d0").orElseThrow()[1]).isEqualTo(item.id().toString());
        });
    }

    @Test
    @DisplayName("R28 trashed rows are absent from repository queries (findAll, findById, derived, JPQL) and back after a restore")
    void repositoryQueries() {
        run(context -> {
            FolderRepository folders = context.getBean(FolderRepository.class);
            DocumentRepository documents = context.getBean(DocumentRepository.class);
            TrashManager trash = context.getBean(TrashManager.class);
            assertThat(folders.findAll()).extracting(Folder::getId).containsExactlyInAnyOrder("f1", "f2");

            TrashItem item = trash.delete(ACME, ResourceRef.of("folder", "f1"), JpaApp.ALICE);

            assertThat(folders.findAll()).extracting(Folder::getId).containsExactly("f2");
            assertThat(folders.findById("f1")).isEmpty();
            assertThat(folders.findByNameStartingWith("Folder")).extracting(Folder::getId).containsExactly("f2");
            assertThat(folders.count()).isEqualTo(1);
            assertThat(documents.inFolder("f1")).as("its cascaded document too").isEmpty();
            assertThat(documents.findAll()).extracting(Document::getId).containsExactly("f2-d0");

            assertThat(service(context).restoreThenFind(item.id(), "f1")).as("back inside the restoring transaction").isTrue();
            assertThat(folders.findAll()).extracting(Folder::getId).containsExactlyInAnyOrder("f1", "f2");
            assertThat(documents.inFolder("f1")).extracting(Document::getId).containsExactly("f1-d0");
            assertThat(folders.findById("f1")).hasValueSatisfying(f -> assertThat(f.getTrashItem()).isNull());
        });
    }

    @Test
    @DisplayName("R27 R28 under JpaTransactionManager a delete joins the JPA transaction: a rollback undoes it with the flushed edit; events after commit")
    void joinsTheJpaTransaction() {
        run(context -> {
            JpaApp.Events events = context.getBean(JpaApp.Events.class);
            assertThatThrownBy(() -> service(context).loadEditDeleteAndFail("f1")).isInstanceOf(IllegalStateException.class);

            assertThat(row(context, "folders", "f1").orElseThrow()).containsExactly("Folder f1", null);
            assertThat(row(context, "documents", "f1-d0").orElseThrow()[1]).isNull();
            assertThat(context.getBean(TrashManager.class).list(ACME, TrashQuery.all()).items()).isEmpty();
            assertThat(events.seen).isEmpty();

            TrashItem item = service(context).loadDeleteThenEdit("f1");
            assertThat(events.seen).containsExactly(new TrashEvent.Deleted(item));
        });
    }

    @Test
    @DisplayName("R28 the recipe: inside one transaction the persistence context still holds a deleted entity until cleared")
    void clearAfterTheTrashCall() {
        run(context -> {
            assertThat(service(context).deleteThenFind("f1")).as("{found before clear, found after clear}")
                    .containsExactly(true, false);
        });
    }

    @Test
    @DisplayName("R28 the recipe: flush before a delete, or a child saved in the same transaction is not cascaded")
    void flushBeforeTheTrashCall() {
        run(context -> {
            TrashItem unflushed = service(context).addDocumentThenDelete("f1", "f1-new", false);
            assertThat(unflushed.cascadedCount()).as("Hibernate inserted the document only at commit").isEqualTo(1);
            assertThat(row(context, "documents", "f1-new").orElseThrow()[1]).as("left active under a trashed folder").isNull();

            TrashItem flushed = service(context).addDocumentThenDelete("f2", "f2-new", true);
            assertThat(flushed.cascadedCount()).isEqualTo(2);
            assertThat(row(context, "documents", "f2-new").orElseThrow()[1]).isEqualTo(flushed.id().toString());
        });
    }
}

package dev.trash.jdbi.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.jdbi.Database;
import dev.trash.jdbi.ResourceTable;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SPEC R29 in a Spring Boot application that manages its schema with Flyway, wired as the README's
 * Flyway section shows: Boot's Flyway runs the host's {@code V1}/{@code V2}, a
 * {@link FlywayMigrationStrategy} runs the library's scripts after them in their own history
 * table, and the auto-configured backend ({@code trash.create-schema=false}) is built after both,
 * on H2 and PostgreSQL 17.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(SpringDatabase.class)
class FlywayBootTest {
    @Parameter
    SpringDatabase database;

    private SpringDatabase.Fresh db;

    @AfterEach
    void drop() {
        if (db != null) {
            db.close();
        }
    }

    /** The README's wiring: the host's migrations, then the library's, in its own history. */
    @Configuration(proxyBeanMethods = false)
    static class FlywayApp {
        @Bean
        FlywayMigrationStrategy migrations(DataSource dataSource) {
            return hostFlyway -> {
                hostFlyway.migrate();
                Flyway.configure().dataSource(dataSource)
                        .locations("classpath:" + Database.of(dataSource).schemaLocation())
                        .table(Database.FLYWAY_HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0")
                        .load().migrate();
            };
        }

        @Bean
        ResourceTable folders() {
            return ResourceTable.of("folder", "folders").size("size_bytes");
        }

        @Bean
        ResourceTable documents() {
            return ResourceTable.of("document", "documents").childOf("folder", "folder_id").size("size_bytes");
        }
    }

    @Test
    @DisplayName("R29 Boot's Flyway runs the host's V1, the library's scripts follow in flyway_trash_history, the manager is built after both")
    void hostAndLibraryMigrations() {
        db = database.fresh();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, TrashAutoConfiguration.class))
                .withUserConfiguration(FlywayApp.class)
                .withPropertyValues(db.datasource().toArray(String[]::new))
                .withPropertyValues("spring.flyway.locations=classpath:dev/trash/jdbi/host-migrations",
                        "trash.create-schema=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(TrashManager.class);
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    assertThat(jdbc.queryForList("SELECT \"version\" FROM \"flyway_schema_history\""
                            + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"", String.class))
                            .containsExactly("1", "2");
                    assertThat(jdbc.queryForList("SELECT \"version\" FROM \"" + Database.FLYWAY_HISTORY_TABLE
                            + "\" WHERE \"version\" IS NOT NULL AND \"type\" <> 'BASELINE' ORDER BY \"installed_rank\"", String.class))
                            .as("the library's V1 to V5").containsExactly("1", "2", "3", "4", "5");
                    jdbc.update("INSERT INTO folders (id, workspace_id, name) VALUES ('f1', 'acme', 'F1')");
                    TrashManager trash = context.getBean(TrashManager.class);
                    TrashItem item = trash.delete(WorkspaceId.of("acme"), ResourceRef.of("folder", "f1"), ActorId.of("a"));
                    assertThat(trash.get(WorkspaceId.of("acme"), item.id())).isPresent();
                    assertThat(trash.validate()).isEmpty();
                    assertThat(List.of(context.getBeanNamesForType(Flyway.class))).as("Boot's own Flyway is untouched")
                            .containsExactly("flyway");
                });
    }
}

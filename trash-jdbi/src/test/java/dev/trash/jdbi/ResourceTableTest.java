package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.InvalidArgumentException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ResourceTable}'s validation: every name is used as written in SQL, so anything but a plain
 * identifier is refused up front, naming the field. Pure (no database): the tables on both
 * databases are {@link JdbiTableConventionTest}.
 */
class ResourceTableTest {
    private static final ResourceTable PROJECTS = ResourceTable.of("project", "projects");

    static Stream<Arguments> badTables() {
        return Stream.of(
                bad("table", () -> ResourceTable.of("x", "x; DROP TABLE y")),
                bad("table", () -> ResourceTable.of("x", "projects -- ")),
                bad("table", () -> ResourceTable.of("x", "a.b.c")),
                bad("table", () -> ResourceTable.of("x", "\"Projects\"")),
                bad("table", () -> ResourceTable.of("x", "t" + "x".repeat(63))),
                bad("table", () -> ResourceTable.of("x", null)),
                bad("idColumn", () -> PROJECTS.id("id; DROP TABLE y")),
                bad("idColumn", () -> PROJECTS.id("1id")),
                bad("idType", () -> PROJECTS.id("id", null)),
                bad("workspaceColumn", () -> PROJECTS.workspace("ws id")),
                bad("workspaceType", () -> PROJECTS.workspace("ws", null)),
                bad("nameColumn", () -> PROJECTS.name("name,secret")),
                bad("nameColumn", () -> PROJECTS.name(null)),
                bad("slugColumn", () -> PROJECTS.slug("slug)")),
                bad("sizeColumn", () -> PROJECTS.size("")),
                bad("trashColumn", () -> PROJECTS.trashColumn("trash-item")),
                bad("parentColumn", () -> PROJECTS.childOf("org", "org id")),
                bad("type", () -> ResourceTable.of(" ", "projects")),
                bad("type", () -> ResourceTable.of(null, "projects")),
                bad("parentColumn", () -> PROJECTS.childOf("org", null)),
                bad("parentType", () -> PROJECTS.childOf(null, "org_id")),
                bad("parentType and parentColumn", () -> new ResourceTable("x", "x", "id", KeyType.TEXT, "ws",
                        KeyType.TEXT, Optional.of("org"), Optional.empty(), "name", Optional.empty(), Optional.empty(),
                        "trash_item")),
                bad("slugColumn", () -> PROJECTS.slug(null)),
                bad("sizeColumn", () -> PROJECTS.size(null)),
                bad("parentType of project must be another type, was 'project'", () -> PROJECTS.childOf("project", "project_id")),
                bad("parentType of project must be another type", () -> PROJECTS.childOf(" ", "org_id")));
    }

    private static Arguments bad(String field, Supplier<ResourceTable> make) {
        return Arguments.of(field, make);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTables")
    @DisplayName("R23 a bad table, column, type or parent is refused with InvalidArgumentException naming the field")
    void refusesBadNames(String field, Supplier<ResourceTable> make) {
        assertThatThrownBy(make::get).isInstanceOf(InvalidArgumentException.class).hasMessageContaining(field);
    }

    @Test
    @DisplayName("R23 the bad value is quoted in the message")
    void messageQuotesTheValue() {
        assertThatThrownBy(() -> ResourceTable.of("x", "x; DROP TABLE y"))
                .hasMessageContaining("'x; DROP TABLE y'");
    }

    @Test
    @DisplayName("defaults and withers: each wither changes one thing and returns a new table")
    void defaultsAndWithers() {
        assertThat(PROJECTS).isEqualTo(new ResourceTable("project", "projects", "id", KeyType.TEXT, "workspace_id",
                KeyType.TEXT, Optional.empty(), Optional.empty(), "name", Optional.empty(), Optional.empty(),
                "trash_item"));
        ResourceTable t = ResourceTable.of("task", "acme.tasks").id("tid", KeyType.BIGINT).workspace("owner_ws", KeyType.UUID)
                .childOf("project", "project_ref").name("title").slug("handle").size("bytes").trashColumn("deleted_by_item");
        assertThat(t).isEqualTo(new ResourceTable("task", "acme.tasks", "tid", KeyType.BIGINT, "owner_ws", KeyType.UUID,
                Optional.of("project"), Optional.of("project_ref"), "title", Optional.of("handle"), Optional.of("bytes"),
                "deleted_by_item"));
        assertThat(PROJECTS.id("pid")).isNotSameAs(PROJECTS).extracting(ResourceTable::idType).isEqualTo(KeyType.TEXT);
        assertThat(ResourceTable.of("x", "_x1").table()).isEqualTo("_x1");
    }
}

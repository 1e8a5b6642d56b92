package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.InvalidArgumentException;
import dev.trash.ResourceType;
import dev.trash.SlugScope;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ResourceTable}: the one description of a type (SPEC R25) and its validation. Every name is
 * used as written in SQL, so anything but a plain identifier is refused up front, naming the field.
 * Pure (no database): the tables on both databases are {@link JdbiTableConventionTest}, their
 * check at start {@link JdbiValidationTest}.
 */
class ResourceTableTest {
    private static final ResourceTable PROJECTS = ResourceTable.of("project", "projects");

    static Stream<Arguments> badTables() {
        return Stream.of(
                bad("table of x", () -> ResourceTable.of("x", "x; DROP TABLE y")),
                bad("table of x", () -> ResourceTable.of("x", "projects -- ")),
                bad("table of x", () -> ResourceTable.of("x", "a.b.c")),
                bad("table of x", () -> ResourceTable.of("x", "\"Projects\"")),
                bad("table of x", () -> ResourceTable.of("x", "t" + "x".repeat(63))),
                bad("table of x", () -> ResourceTable.of("x", null)),
                bad("idColumn of project", () -> PROJECTS.id("id; DROP TABLE y")),
                bad("idColumn of project", () -> PROJECTS.id("1id")),
                bad("idType of project", () -> PROJECTS.id("id", null)),
                bad("workspaceColumn of project", () -> PROJECTS.workspace("ws id")),
                bad("workspaceType of project", () -> PROJECTS.workspace("ws", null)),
                bad("nameColumn of project", () -> PROJECTS.name("name,secret")),
                bad("nameColumn of project", () -> PROJECTS.name(null)),
                bad("slugColumn of project", () -> PROJECTS.slug("slug)")),
                bad("slugColumn of project", () -> PROJECTS.slug("slug)", SlugScope.WORKSPACE)),
                bad("slug scope of project", () -> PROJECTS.slug("slug", null)),
                bad("sizeColumn of project", () -> PROJECTS.size("")),
                bad("trashColumn of project", () -> PROJECTS.trashColumn("trash-item")),
                bad("parentColumn of project", () -> PROJECTS.childOf("org", "org id")),
                bad("type", () -> ResourceTable.of(" ", "projects")),
                bad("type", () -> ResourceTable.of(null, "projects")),
                bad("parentColumn of project", () -> PROJECTS.childOf("org", null)),
                bad("parentType of project", () -> PROJECTS.childOf(null, "org_id")),
                bad("slugColumn of project", () -> PROJECTS.slug(null)),
                bad("sizeColumn of project", () -> PROJECTS.size(null)),
                bad("parentType of project must be a type, was ' '", () -> PROJECTS.childOf(" ", "org_id")),
                bad("retention of project", () -> PROJECTS.retention(null)),
                bad("retention", () -> PROJECTS.retention(Duration.ZERO)),
                bad("retention", () -> PROJECTS.retention(Duration.ofDays(-1))),
                bad("retention", () -> PROJECTS.retention(ResourceType.MAX_RETENTION.plusDays(1))));
    }

    private static Arguments bad(String field, Supplier<ResourceTable> make) {
        return Arguments.of(field, make);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTables")
    @DisplayName("R23 a bad table, column, type, parent or retention is refused with InvalidArgumentException naming the field")
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
    @DisplayName("defaults: id, workspace_id (TEXT), name, trash_item; no parent, slug, size or own retention")
    void defaults() {
        assertThat(PROJECTS.resourceType()).isEqualTo(ResourceType.of("project"));
        assertThat(PROJECTS.table()).isEqualTo("projects");
        assertThat(PROJECTS.idColumn()).isEqualTo("id");
        assertThat(PROJECTS.idType()).isEqualTo(KeyType.TEXT);
        assertThat(PROJECTS.workspaceColumn()).isEqualTo("workspace_id");
        assertThat(PROJECTS.workspaceType()).isEqualTo(KeyType.TEXT);
        assertThat(PROJECTS.parentColumn()).isEmpty();
        assertThat(PROJECTS.nameColumn()).isEqualTo("name");
        assertThat(PROJECTS.slugColumn()).isEmpty();
        assertThat(PROJECTS.sizeColumn()).isEmpty();
        assertThat(PROJECTS.trashColumn()).isEqualTo("trash_item");
        assertThat(ResourceTable.of("x", "_x1").table()).isEqualTo("_x1");
    }

    @Test
    @DisplayName("withers: each changes one thing and returns a new description; equal descriptions are equal")
    void withers() {
        ResourceTable t = ResourceTable.of("task", "acme.tasks").id("tid", KeyType.BIGINT).workspace("owner_ws", KeyType.UUID)
                .childOf("project", "project_ref").name("title").slug("handle").size("bytes").trashColumn("deleted_by_item")
                .retention(Duration.ofDays(7));
        assertThat(t.table()).isEqualTo("acme.tasks");
        assertThat(t.idColumn()).isEqualTo("tid");
        assertThat(t.idType()).isEqualTo(KeyType.BIGINT);
        assertThat(t.workspaceColumn()).isEqualTo("owner_ws");
        assertThat(t.workspaceType()).isEqualTo(KeyType.UUID);
        assertThat(t.parentColumn()).contains("project_ref");
        assertThat(t.nameColumn()).isEqualTo("title");
        assertThat(t.slugColumn()).contains("handle");
        assertThat(t.sizeColumn()).contains("bytes");
        assertThat(t.trashColumn()).isEqualTo("deleted_by_item");
        assertThat(t.resourceType()).isEqualTo(ResourceType.of("task").childOf("project")
                .slugUniqueIn(SlugScope.PARENT).retention(Duration.ofDays(7)));
        assertThat(PROJECTS.id("pid")).isNotSameAs(PROJECTS).extracting(ResourceTable::idType).isEqualTo(KeyType.TEXT);
        assertThat(PROJECTS.id("pid")).isNotEqualTo(PROJECTS);
        assertThat(ResourceTable.of("project", "projects").slug("slug"))
                .isEqualTo(PROJECTS.slug("slug"))
                .hasSameHashCodeAs(PROJECTS.slug("slug"))
                .hasToString("ResourceTable.of(\"project\", \"projects\").slug(\"slug\")");
        assertThat(t).hasToString("ResourceTable.of(\"task\", \"acme.tasks\").childOf(\"project\", \"project_ref\")"
                + ".id(\"tid\", KeyType.BIGINT).workspace(\"owner_ws\", KeyType.UUID).name(\"title\").slug(\"handle\")"
                + ".size(\"bytes\").trashColumn(\"deleted_by_item\").retention(PT168H)");
    }

    @Test
    @DisplayName("R25 one description per type: the table carries the type's parent once, with the column that links to it")
    void parentDeclaredOnce() {
        ResourceTable models = ResourceTable.of("model", "models").childOf("project", "project_id");
        assertThat(models.resourceType().parent()).contains("project");
        assertThat(models.parentColumn()).contains("project_id");
        // Declaring another parent replaces the link as a whole: type and column can never disagree.
        ResourceTable moved = models.childOf("workspace_group", "group_id");
        assertThat(moved.resourceType().parent()).contains("workspace_group");
        assertThat(moved.parentColumn()).contains("group_id");
        // No description has a parent without its column, or a column without its parent.
        for (ResourceTable t : new ResourceTable[] {PROJECTS, models, moved, PROJECTS.slug("s").size("b")}) {
            assertThat(t.parentColumn().isPresent()).as(t.toString()).isEqualTo(t.resourceType().parent().isPresent());
        }
    }

    @Test
    @DisplayName("R37 a type may be its own parent: childOf(itself, column) describes a table nested in itself, slugs unique per parent row")
    void nestedType() {
        ResourceTable folders = ResourceTable.of("folder", "folders").childOf("folder", "parent_id").slug("slug");
        assertThat(folders.resourceType()).isEqualTo(ResourceType.of("folder").childOf("folder").slugUniqueIn(SlugScope.PARENT));
        assertThat(folders.resourceType().nested()).isTrue();
        assertThat(folders.parentColumn()).contains("parent_id");
        assertThat(folders).hasToString("ResourceTable.of(\"folder\", \"folders\").childOf(\"folder\", \"parent_id\")"
                + ".slug(\"slug\")");
    }

    @Test
    @DisplayName("R11 slug(column): unique in the workspace for a top-level type, in the parent for a child, whatever the call order; slug(column, scope) as given")
    void slugScopes() {
        assertThat(PROJECTS.slug("slug").resourceType().slugScope()).contains(SlugScope.WORKSPACE);
        assertThat(ResourceTable.of("model", "models").childOf("project", "project_id").slug("slug")
                .resourceType().slugScope()).contains(SlugScope.PARENT);
        assertThat(ResourceTable.of("model", "models").slug("slug").childOf("project", "project_id")
                .resourceType().slugScope()).as("slug before childOf").contains(SlugScope.PARENT);
        assertThat(ResourceTable.of("model", "models").childOf("project", "project_id").slug("slug", SlugScope.WORKSPACE)
                .resourceType().slugScope()).contains(SlugScope.WORKSPACE);
        assertThat(ResourceTable.of("model", "models").slug("slug", SlugScope.WORKSPACE).childOf("project", "project_id")
                .resourceType().slugScope()).as("an explicit scope survives childOf").contains(SlugScope.WORKSPACE);
        assertThat(PROJECTS.resourceType().slugScope()).isEmpty();
        assertThat(PROJECTS.slug("slug").retention(Duration.ofDays(3)).resourceType())
                .isEqualTo(ResourceType.of("project").slugUniqueIn(SlugScope.WORKSPACE).retention(Duration.ofDays(3)));
        assertThat(PROJECTS.retention(Duration.ofDays(3)).resourceType().retention()).isEqualTo(Optional.of(Duration.ofDays(3)));
    }
}

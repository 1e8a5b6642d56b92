package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ConfigurationException;
import dev.trash.TrashManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fail fast at start (SPEC R26): building a manager on a {@link JdbiTrash} checks the database
 * against the descriptions, and every mistake a host can make in it is refused with a
 * {@link ConfigurationException} naming the table and column and saying how to fix it, before any
 * delete could fail on it; a missing recommended index is a warning naming its {@code CREATE INDEX}.
 * Each test starts from an empty database and makes one mistake.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JdbiValidationTest {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    /** A project, with a slug unique in the workspace and a size. */
    private static final ResourceTable PROJ = ResourceTable.of("project", "proj").slug("slug").size("size_bytes");
    /** A task of a project, with a slug unique in the project and a size. */
    private static final ResourceTable TASK = ResourceTable.of("task", "task").childOf("project", "proj_id")
            .slug("slug").size("size_bytes");

    @Parameter
    TestDatabase database;

    private TestDatabase.Fresh db;
    private Jdbi jdbi;
    private final List<String> dropAfter = new ArrayList<>();

    @BeforeEach
    void freshDatabase() {
        db = database.fresh(2);
        jdbi = db.jdbi();
    }

    @AfterEach
    void dropDatabase() {
        try {
            dropAfter.forEach(database == TestDatabase.MARIADB ? MariadbBackend::execute : PostgresBackend::execute);
        } finally {
            db.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void sql(String... statements) {
        jdbi.useHandle(h -> {
            for (String s : statements) {
                h.execute(s);
            }
        });
    }

    /** The host's tables as they should be, with the recommended indexes. */
    private void goodTables(String prefix) {
        sql("CREATE TABLE " + prefix + "proj (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                        + " name VARCHAR(255) NOT NULL, slug VARCHAR(255), size_bytes BIGINT NOT NULL DEFAULT 0, trash_item UUID)",
                "CREATE TABLE " + prefix + "task (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                        + " proj_id VARCHAR(64) NOT NULL REFERENCES " + prefix + "proj (id), name VARCHAR(255) NOT NULL,"
                        + " slug VARCHAR(255), size_bytes BIGINT NOT NULL DEFAULT 0, trash_item UUID)",
                "CREATE INDEX proj_trash ON " + prefix + "proj (trash_item)",
                // led by (workspace, trash column): accepted as well
                "CREATE INDEX task_trash ON " + prefix + "task (workspace_id, trash_item)",
                "CREATE INDEX task_parent ON " + prefix + "task (proj_id)");
    }

    private JdbiTrash backend(ResourceTable... tables) {
        return JdbiTrash.create(jdbi, tables);
    }

    private JdbiTrash schemaAnd(ResourceTable... tables) {
        return backend(tables).createSchemaIfMissing();
    }

    private String currentSchema() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + database.currentSchema()).mapTo(String.class).one());
    }

    /** @return how the metadata names a VARCHAR column's type */
    private String varchar() {
        return switch (database) {
            case POSTGRESQL -> "varchar";
            case MARIADB -> "VARCHAR";
            case H2 -> "CHARACTER VARYING";
        };
    }

    /** @return how the metadata names a BIGINT column's type */
    private String bigint() {
        return database == TestDatabase.POSTGRESQL ? "int8" : "BIGINT";
    }

    /** @return how the metadata names an INTEGER column's type */
    private String integer() {
        return switch (database) {
            case POSTGRESQL -> "int4";
            case MARIADB -> "INT";
            case H2 -> "INTEGER";
        };
    }

    /** @return the statement that drops index {@code index} of {@code table} */
    private String dropIndex(String index, String table) {
        return "DROP INDEX " + index + (database == TestDatabase.MARIADB ? " ON " + table : "");
    }

    private static ConfigurationException refused(JdbiTrash backend) {
        try {
            TrashManager.builder().backend(backend).build();
        } catch (ConfigurationException e) {
            return e;
        }
        throw new AssertionError("build() accepted the backend");
    }

    // ---------------------------------------------------------------- the good case

    @Test
    @DisplayName("R26 a schema as the README describes it builds without a problem or a warning, and validates again")
    void goodSchema() {
        goodTables("");
        JdbiTrash backend = schemaAnd(PROJ, TASK);
        assertThat(backend.validate()).isEmpty();
        TrashManager trash = TrashManager.builder().backend(backend).build();
        assertThat(trash.validate()).isEmpty();
    }

    @Test
    @DisplayName("R25 the manager's type graph is the tables' own: a parent is declared once, with its column, so it cannot differ")
    void typeGraphFromTheTables() {
        goodTables("");
        TrashManager trash = TrashManager.builder().backend(schemaAnd(PROJ, TASK)).build();
        assertThat(trash.types()).containsOnlyKeys("project", "task");
        assertThat(trash.types().get("task")).isEqualTo(TASK.resourceType());
        assertThat(trash.types().get("task").parent()).contains("project").isEqualTo(TASK.resourceType().parent());
        assertThat(TASK.parentColumn()).contains("proj_id");
        // The only way to say "task is a child of X" is childOf(X, column), which replaces type and column together.
        ResourceTable moved = TASK.childOf("proj", "proj_id");
        assertThat(moved.resourceType().parent()).contains("proj");
        assertThatThrownBy(() -> TrashManager.builder().backend(schemaAnd(PROJ, moved)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("type task is a child of type proj");
    }

    @Test
    @DisplayName("R26 R37 a type nested in itself: its table with a nullable parent column (a foreign key to itself) builds; "
            + "a NOT NULL parent column is refused, naming the column and why")
    void nestedTypeNeedsANullableParentColumn() {
        ResourceTable folders = ResourceTable.of("folder", "fold").childOf("folder", "parent_id").slug("slug");
        ResourceTable sealed = ResourceTable.of("folder", "sealed").childOf("folder", "parent_id");
        for (String table : List.of("fold", "sealed")) {
            sql("CREATE TABLE " + table + " (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL, parent_id "
                            + "VARCHAR(64)" + (table.equals("sealed") ? " NOT NULL" : "") + ", name VARCHAR(255) NOT NULL, "
                            + "slug VARCHAR(255), trash_item UUID, FOREIGN KEY (parent_id) REFERENCES " + table + " (id))",
                    "CREATE INDEX " + table + "_trash ON " + table + " (trash_item)",
                    "CREATE INDEX " + table + "_parent ON " + table + " (parent_id)");
        }

        TrashManager trash = TrashManager.builder().backend(schemaAnd(folders)).build();
        assertThat(trash.validate()).isEmpty();
        assertThat(trash.types().get("folder").nested()).isTrue();
        assertThat(refused(backend(sealed))).hasMessageContaining("column sealed.parent_id (the parent column of type "
                + "folder, which is nested in itself) is NOT NULL, but a top-level folder has no parent, and a purge of a "
                + "tree of them sets the parent column of the rows it deletes to NULL first (MariaDB, MySQL and H2 check "
                + "the foreign key row by row): make it nullable");
    }

    // ---------------------------------------------------------------- the trash table

    @Test
    @DisplayName("R26 no trash_item table: build() says how to create it (createSchemaIfMissing, or a Flyway of its own with the location)")
    void missingTrashTable() {
        goodTables("");
        JdbiTrash backend = backend(PROJ, TASK);

        assertThat(refused(backend)).hasMessage("table trash_item does not exist in schema " + currentSchema()
                + ": create it when the application starts with JdbiTrash.createSchemaIfMissing(), or apply the "
                + "library's scripts with a Flyway of their own next to yours (location \"classpath:"
                + backend.database().schemaLocation() + "\", i.e. \"classpath:\" + jdbiTrash.database().schemaLocation(); "
                + "table flyway_trash_history, baselineOnMigrate with baselineVersion 0)");
        assertThat(backend.database().schemaLocation()).isEqualTo("dev/trash/jdbi/schema/"
                + database.name().toLowerCase(java.util.Locale.ROOT));

        backend.createSchemaIfMissing();
        assertThat(TrashManager.builder().backend(backend).build().validate()).isEmpty();
    }

    @Test
    @DisplayName("R26 a trash_item table of another shape (made by hand, or by another version) is refused, naming the missing columns")
    void trashTableOfAnotherShape() {
        goodTables("");
        String text = database == TestDatabase.MARIADB ? "TEXT" : "VARCHAR";
        String time = database == TestDatabase.MARIADB ? "DATETIME(6)" : "TIMESTAMP WITH TIME ZONE";
        sql("CREATE TABLE trash_item (id UUID NOT NULL, workspace VARCHAR(255) NOT NULL, root_type VARCHAR(255),"
                + " root_id VARCHAR(255), name " + text + ", slug " + text + ", parent_type VARCHAR(255), parent_id VARCHAR(255),"
                + " parent_name " + text + ", deleted_at " + time + ", deleted_by VARCHAR(255),"
                + " expires_at " + time + ", size_bytes BIGINT, cascaded_count BIGINT,"
                + " purge_owner VARCHAR(255), available_at " + time + ", last_error VARCHAR(2000))");

        assertThat(refused(backend(PROJ, TASK)).getMessage()).startsWith("table trash_item in schema " + currentSchema()
                + " has no columns attempts, due_at, held_at, held_by, hold_reason, warned_at, name_key: it was not made by"
                + " this version's"
                + " schema scripts; migrate it with the scripts at \"classpath:dev/trash/jdbi/schema/");
    }

    @Test
    @DisplayName("R26 R29 a trash_item table of schema version 2 (no hold columns) is refused, naming the columns and how "
            + "to upgrade it (createSchemaIfMissing, the library's Flyway, the V3 script); createSchemaIfMissing upgrades it")
    void trashTableOfVersion2() {
        goodTables("");
        JdbiTrash backend = backend(PROJ, TASK);
        List<String> scripts = backend.database().schemaSql();
        jdbi.useHandle(h -> scripts.subList(0, 2).forEach(sql -> h.createScript(sql).execute()));
        String location = backend.database().schemaLocation();

        assertThat(refused(backend)).hasMessage("table trash_item in schema " + currentSchema() + " has no columns "
                + "held_at, held_by, hold_reason: it was made by the schema scripts of an earlier version of trash-jdbi "
                + "(schema version 1 or 2), and holds (SPEC R32) need version 3; upgrade it in place, keeping every item, "
                + "with JdbiTrash.createSchemaIfMissing() when the application starts, or with the library's Flyway "
                + "(location \"classpath:" + location + "\", table flyway_trash_history), which applies "
                + "V3__trash_item_holds.sql (and V4__trash_item_find_and_warn.sql after it); or run " + location
                + "/V3__trash_item_holds.sql by hand (then " + location + "/V4__trash_item_find_and_warn.sql)");

        backend.createSchemaIfMissing();
        assertThat(TrashManager.builder().backend(backend).build().validate()).isEmpty();
    }

    @Test
    @DisplayName("R26 R29 a trash_item table of schema version 3 (no warned_at, no name_key) is refused, naming the "
            + "columns and how to upgrade it (createSchemaIfMissing, the library's Flyway, the V4 script); "
            + "createSchemaIfMissing upgrades it")
    void trashTableOfVersion3() {
        goodTables("");
        JdbiTrash backend = backend(PROJ, TASK);
        List<String> scripts = backend.database().schemaSql();
        jdbi.useHandle(h -> scripts.subList(0, 3).forEach(sql -> h.createScript(sql).execute()));
        String location = backend.database().schemaLocation();

        assertThat(refused(backend)).hasMessage("table trash_item in schema " + currentSchema() + " has no columns "
                + "warned_at, name_key: it was made by the schema scripts of an earlier version of trash-jdbi "
                + "(schema version 3), and expiry warnings (SPEC R39) and the name filter and order (SPEC R38) need "
                + "version 4; upgrade it in place, keeping every item, with JdbiTrash.createSchemaIfMissing() when the "
                + "application starts, or with the library's Flyway (location \"classpath:" + location + "\", table "
                + "flyway_trash_history), which applies V4__trash_item_find_and_warn.sql; or run " + location
                + "/V4__trash_item_find_and_warn.sql by hand");

        backend.createSchemaIfMissing();
        assertThat(TrashManager.builder().backend(backend).build().validate()).isEmpty();
    }

    @Test
    @DisplayName("R26 R38 R39 a missing index of trash_item is a warning naming it, what it is for and the script that "
            + "creates it; an index of another name with the same leading columns counts; running the scripts again "
            + "leaves none")
    void missingTrashIndexes() {
        goodTables("");
        JdbiTrash backend = schemaAnd(PROJ, TASK);
        assertThat(backend.validate()).isEmpty();
        sql(dropIndex("trash_item_by_workspace_size", "trash_item"), dropIndex("trash_item_by_workspace_name", "trash_item"),
                dropIndex("trash_item_to_warn", "trash_item"),
                "CREATE INDEX my_name_order ON trash_item (workspace, name_key, id, deleted_at)");
        String location = backend.database().schemaLocation();
        String toWarn = database == TestDatabase.POSTGRESQL
                ? "has no index trash_item_to_warn: the sweeper's look for, and claim of, the items to warn of their expiry"
                : "has no index trash_item_to_warn (workspace, warned_at, expires_at): the sweeper's claim of the items to "
                        + "warn of their expiry";

        assertThat(backend.validate()).containsExactlyInAnyOrder(
                "table trash_item in schema " + currentSchema() + " has no index trash_item_by_workspace_size (workspace, "
                        + "size_bytes, id): listing by size reads more of the table without it; the schema script "
                        + location + "/V4__trash_item_find_and_warn.sql creates it (re-runnable: run it again, or "
                        + "JdbiTrash.createSchemaIfMissing())",
                "table trash_item in schema " + currentSchema() + " " + toWarn + " reads more of the table without it; "
                        + "the schema script " + location + "/V4__trash_item_find_and_warn.sql creates it (re-runnable: "
                        + "run it again, or JdbiTrash.createSchemaIfMissing())");
        TrashManager trash = TrashManager.builder().backend(backend).build(); // warnings do not stop the build
        backend.createSchemaIfMissing();
        assertThat(trash.validate()).isEmpty();
    }

    @Test
    @DisplayName("R26 a trash_item table with only some of the hold columns is of another shape: the missing ones are "
            + "named; the V3 script adds them")
    void trashTableWithSomeHoldColumns() {
        goodTables("");
        JdbiTrash backend = backend(PROJ, TASK);
        List<String> scripts = backend.database().schemaSql();
        jdbi.useHandle(h -> scripts.subList(0, 2).forEach(sql -> h.createScript(sql).execute()));
        sql("ALTER TABLE trash_item ADD COLUMN held_at " + (database == TestDatabase.MARIADB ? "DATETIME(6)"
                : "TIMESTAMP WITH TIME ZONE"));

        assertThat(refused(backend).getMessage()).startsWith("table trash_item in schema " + currentSchema()
                + " has no columns held_by, hold_reason, warned_at, name_key: it was not made by this version's schema scripts");

        jdbi.useHandle(h -> scripts.subList(2, scripts.size()).forEach(sql -> h.createScript(sql).execute()));
        assertThat(TrashManager.builder().backend(backend).build().validate()).isEmpty();
    }

    // ---------------------------------------------------------------- host tables and columns

    @Test
    @DisplayName("R26 a host table that does not exist is refused, naming the table, its type and the schema looked in")
    void missingHostTable() {
        goodTables("");
        JdbiTrash backend = schemaAnd(ResourceTable.of("project", "projects").slug("slug").size("size_bytes"), TASK);

        assertThat(refused(backend)).hasMessage("table projects of type project does not exist in schema "
                + currentSchema() + ": create it, or describe the table the type lives in with "
                + "ResourceTable.of(\"project\", \"<table>\")");
    }

    static Stream<Arguments> missingColumns() {
        return Stream.of(
                Arguments.of("id", PROJ.id("pid"), TASK,
                        "table proj of type project has no column pid (its id column): add the column, or name the right "
                                + "one with ResourceTable.id(\"<column>\")"),
                Arguments.of("workspace", PROJ.workspace("owner_ws"), TASK,
                        "table proj of type project has no column owner_ws (its workspace column): add the column, or "
                                + "name the right one with ResourceTable.workspace(\"<column>\")"),
                Arguments.of("parent", PROJ, TASK.childOf("project", "project_ref"),
                        "table task of type task has no column project_ref (its parent column): add the column, or "
                                + "name the right one with ResourceTable.childOf(\"project\", \"<column>\")"),
                Arguments.of("name", PROJ.name("title"), TASK,
                        "table proj of type project has no column title (its name column): add the column, or name the "
                                + "right one with ResourceTable.name(\"<column>\")"),
                Arguments.of("slug", PROJ.slug("handle"), TASK,
                        "table proj of type project has no column handle (its slug column): add the column, or name the "
                                + "right one with ResourceTable.slug(\"<column>\")"),
                Arguments.of("size", PROJ, TASK.size("bytes"),
                        "table task of type task has no column bytes (its size column): add the column, or name the "
                                + "right one with ResourceTable.size(\"<column>\")"),
                Arguments.of("trash", PROJ.trashColumn("deleted_by_item"), TASK,
                        "table proj of type project has no column deleted_by_item (its trash column): add the column, or "
                                + "name the right one with ResourceTable.trashColumn(\"<column>\")"));
    }

    @ParameterizedTest(name = "{0} column")
    @MethodSource("missingColumns")
    @DisplayName("R26 a configured column that the table lacks is refused, naming table, column, its role and the wither")
    void missingColumn(String kind, ResourceTable project, ResourceTable task, String message) {
        goodTables("");
        assertThat(refused(schemaAnd(project, task))).hasMessage(message);
    }

    @Test
    @DisplayName("R26 a trash column that cannot hold a UUID is refused")
    void trashColumnNotUuid() {
        // VARCHAR(36) holds one on MariaDB and MySQL (their trash columns are UUID or text of 36): make it 64 there.
        String length = database == TestDatabase.MARIADB ? "64" : "36";
        sql("CREATE TABLE vproj (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                + " name VARCHAR(255) NOT NULL, trash_item VARCHAR(" + length + "))", "CREATE INDEX vproj_trash ON vproj (trash_item)");

        assertThat(refused(schemaAnd(ResourceTable.of("project", "vproj")))).hasMessage("column vproj.trash_item (the trash"
                + " column of type project) is " + varchar() + ", but it must hold trash item ids: make it a nullable "
                + (database == TestDatabase.MARIADB ? "UUID (MariaDB 10.7 or later) or VARCHAR(36)" : "UUID") + " column");
    }

    @Test
    @DisplayName("R26 key columns whose type does not fit their KeyType are refused, naming the KeyType that does fit")
    void wrongKeyTypes() {
        sql("CREATE TABLE nproj (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                        + " name VARCHAR(255) NOT NULL, trash_item UUID)",
                "CREATE TABLE uproj (id UUID PRIMARY KEY, workspace_id UUID NOT NULL, name VARCHAR(255) NOT NULL, trash_item UUID)",
                "CREATE INDEX nproj_trash ON nproj (trash_item)", "CREATE INDEX uproj_trash ON uproj (trash_item)");
        goodTables("");

        assertThat(refused(schemaAnd(PROJ.id("id", KeyType.BIGINT)))).hasMessage("column proj.id (the id column of "
                + "type project) is " + varchar() + ", which a KeyType.BIGINT id cannot be compared with: describe the key "
                + "as it is with ResourceTable.id(\"id\", KeyType.TEXT)");
        assertThat(refused(schemaAnd(ResourceTable.of("project", "nproj").id("id", KeyType.UUID)))).hasMessage("column "
                + "nproj.id (the id column of type project) is " + bigint() + ", which a KeyType.UUID id cannot be compared "
                + "with: describe the key as it is with ResourceTable.id(\"id\", KeyType.BIGINT)");
        assertThat(refused(schemaAnd(ResourceTable.of("project", "nproj")))).as("TEXT on a BIGINT column")
                .hasMessageContaining("column nproj.id (the id column of type project) is " + bigint()
                        + ", which a KeyType.TEXT id cannot be compared with");
        assertThat(refused(schemaAnd(PROJ.workspace("workspace_id", KeyType.BIGINT), TASK))).hasMessage("column "
                + "proj.workspace_id (the workspace column of type project) is " + varchar() + ", which a KeyType.BIGINT "
                + "workspace id cannot be compared with: describe the key as it is with "
                + "ResourceTable.workspace(\"workspace_id\", KeyType.TEXT)");
        assertThat(refused(schemaAnd(ResourceTable.of("project", "uproj").id("id", KeyType.UUID)))).as("TEXT workspace on UUID")
                .hasMessage("column uproj.workspace_id (the workspace column of type project) is "
                        + (database == TestDatabase.POSTGRESQL ? "uuid" : "UUID") + ", which a KeyType.TEXT workspace id cannot be "
                        + "compared with: describe the key as it is with ResourceTable.workspace(\"workspace_id\", KeyType.UUID)");
    }

    @Test
    @DisplayName("R26 a parent column of another type than the parent's id, a size that is no integer and a slug that is no text are refused")
    void wrongColumnTypes() {
        goodTables("");
        sql("CREATE TABLE task2 (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL, proj_id BIGINT NOT NULL,"
                        + " name VARCHAR(255) NOT NULL, slug INTEGER, size_bytes VARCHAR(20), trash_item UUID)",
                "CREATE INDEX task2_trash ON task2 (trash_item)", "CREATE INDEX task2_parent ON task2 (proj_id)");
        ResourceTable task2 = ResourceTable.of("task", "task2").childOf("project", "proj_id");

        assertThat(refused(schemaAnd(PROJ, task2))).hasMessage("column task2.proj_id (the parent column of type task) is "
                + bigint() + ", but the id of its parent project is KeyType.TEXT: give the column the type of proj.id");
        assertThat(refused(schemaAnd(PROJ, task2.id("id").size("size_bytes")))).hasMessageContaining("column "
                + "task2.size_bytes (the size column of type task) is " + varchar()
                + ", not an integer: make it an integer column of bytes (BIGINT)");
        assertThat(refused(schemaAnd(PROJ, TASK.slug("slug").size("size_bytes"), ResourceTable.of("note", "task2")
                .slug("slug")))).hasMessageContaining("column task2.slug (the slug column of type note) is " + integer()
                + ", not text: make it a character column (VARCHAR)");
    }

    @Test
    @DisplayName("R26 several mistakes are reported together, each naming its table and column")
    void severalProblems() {
        goodTables("");
        String message = refused(schemaAnd(PROJ.name("title"), TASK.trashColumn("gone"))).getMessage();
        assertThat(message).startsWith("2 problems with the schema: ")
                .contains("table proj of type project has no column title (its name column)")
                .contains("table task of type task has no column gone (its trash column)");
    }

    @Test
    @DisplayName("R26 a schema-qualified table is looked up in its schema, folded as the database folds names")
    void schemaQualifiedTables() {
        String schema = "vs" + SCHEMAS.incrementAndGet() + "_" + database.name().toLowerCase();
        sql("CREATE SCHEMA " + schema);
        if (database == TestDatabase.POSTGRESQL) {
            dropAfter.add("DROP SCHEMA " + schema + " CASCADE");
        } else if (database == TestDatabase.MARIADB) { // a schema is a database there
            dropAfter.add("DROP DATABASE " + schema);
        }
        goodTables(schema + ".");
        ResourceTable project = ResourceTable.of("project", schema + ".proj").slug("slug").size("size_bytes");
        ResourceTable task = ResourceTable.of("task", schema + ".task").childOf("project", "proj_id").slug("slug")
                .size("size_bytes");
        assertThat(schemaAnd(project, task).validate()).isEmpty();

        String folded = database == TestDatabase.H2 ? schema.toUpperCase() : schema;
        assertThat(refused(schemaAnd(project, ResourceTable.of("task", schema + ".tasks").childOf("project", "proj_id"))))
                .hasMessageStartingWith("table " + schema + ".tasks of type task does not exist in schema " + folded + ":");
        assertThat(refused(schemaAnd(project, ResourceTable.of("task", "task").childOf("project", "proj_id"))))
                .as("unqualified: the current schema, not the other one")
                .hasMessageStartingWith("table task of type task does not exist in schema " + currentSchema() + ":");
    }

    // ---------------------------------------------------------------- recommended indexes

    /** Captures what the library logs to System.Logger "dev.trash" (java.util.logging here). */
    private static final class Captured extends Handler implements AutoCloseable {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Logger logger = Logger.getLogger("dev.trash");
        private final Level before = logger.getLevel();
        private final boolean parents = logger.getUseParentHandlers();

        Captured() {
            logger.setLevel(Level.WARNING);
            logger.setUseParentHandlers(false);
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setUseParentHandlers(parents);
            logger.setLevel(before);
        }
    }

    @Test
    @DisplayName("R26 missing recommended indexes are warnings naming each CREATE INDEX, logged at WARNING; once created, none is left; no trash column index is asked for")
    void missingIndexes() {
        sql("CREATE TABLE proj (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                        + " name VARCHAR(255) NOT NULL, slug VARCHAR(255), size_bytes BIGINT NOT NULL DEFAULT 0, trash_item UUID)",
                // no foreign key: H2 would create an index on the parent column for it
                "CREATE TABLE task (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL, proj_id VARCHAR(64) NOT NULL,"
                        + " name VARCHAR(255) NOT NULL, slug VARCHAR(255), size_bytes BIGINT NOT NULL DEFAULT 0, trash_item UUID)",
                // an index that contains the trash column but is not led by it does not count
                "CREATE INDEX task_name_trash ON task (name, trash_item)");
        JdbiTrash backend = schemaAnd(PROJ, TASK);
        // No table but a nested type's needs its trash column indexed: every level is found from the root down.
        List<String> expected = List.of(
                "table task of type task has no index led by its parent column proj_id (or by workspace_id, proj_id): "
                        + "every cascade level, restore and purge find the children of an item's rows through it; "
                        + "create it with: CREATE INDEX task_proj_id_idx ON task (proj_id)");

        assertThat(backend.validate()).containsExactlyElementsOf(expected);
        TrashManager trash;
        try (Captured log = new Captured()) {
            trash = TrashManager.builder().backend(backend).build(); // warnings do not stop the build
            assertThat(log.records).extracting(LogRecord::getLevel).containsOnly(Level.WARNING);
            assertThat(log.records).extracting(LogRecord::getMessage).containsExactlyElementsOf(expected);
        }

        sql("CREATE INDEX task_proj_id_idx ON task (proj_id)");
        assertThat(trash.validate()).isEmpty();
        assertThat(backend.validate()).isEmpty();
    }

    @Test
    @DisplayName("R26 an index led by (workspace column, parent column) counts for the parent too; TrashManager.validate() checks again")
    void compositeIndexesAndRevalidation() {
        goodTables("");
        if (database == TestDatabase.MARIADB) { // InnoDB's foreign key needs an index led by proj_id: task_parent stays
            sql("CREATE INDEX task_ws_parent ON task (workspace_id, proj_id)");
        } else {
            sql(dropIndex("task_parent", "task"), "CREATE INDEX task_ws_parent ON task (workspace_id, proj_id)");
        }
        JdbiTrash backend = schemaAnd(PROJ, TASK);
        if (database == TestDatabase.POSTGRESQL) {
            assertThat(backend.validate()).isEmpty();
            TrashManager trash = TrashManager.builder().backend(backend).build();
            sql(dropIndex("task_ws_parent", "task"));
            assertThat(trash.validate()).singleElement().asString()
                    .endsWith("create it with: CREATE INDEX task_proj_id_idx ON task (proj_id)");
        } else { // H2 keeps its own index for the foreign key, MariaDB task_parent
            assertThat(backend.validate()).isEmpty();
            TrashManager trash = TrashManager.builder().backend(backend).build();
            sql(dropIndex("proj_trash", "proj"));
            assertThat(trash.validate()).as("a table of a type not nested in itself needs no index on its trash column")
                    .isEmpty();
        }
    }
}

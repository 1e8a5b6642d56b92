package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Database}: where each database's schema scripts are on the classpath, their text, and
 * which product names are supported. No database is needed: these read the classpath only (the
 * scripts running on every database are {@link JdbiSchemaTest}).
 */
class DatabaseTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("schemaScripts() are resources on the classpath, in the Flyway layout, and schemaSql() returns their text")
    void scriptsAreResources(Database database) throws IOException {
        List<String> paths = database.schemaScripts();
        assertThat(paths).isNotEmpty().allSatisfy(p -> assertThat(p)
                .startsWith(database.schemaLocation() + "/")
                .matches(".*/V[0-9]+__[a-z_]+\\.sql"));
        assertThat(database.schemaLocation()).isEqualTo("dev/trash/jdbi/schema/" + database.name().toLowerCase());
        List<String> sql = database.schemaSql();
        assertThat(sql).hasSameSizeAs(paths);
        for (int i = 0; i < paths.size(); i++) {
            URL url = Database.class.getClassLoader().getResource(paths.get(i));
            assertThat(url).as(paths.get(i)).isNotNull();
            try (InputStream in = url.openStream()) {
                assertThat(sql.get(i)).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(paths).extracting(p -> p.substring(p.lastIndexOf('/') + 1))
                .containsExactly("V1__trash_item.sql", "V2__trash_item_retrying.sql", "V3__trash_item_holds.sql",
                        "V4__trash_item_find_and_warn.sql", "V5__trash_item_claims.sql");
        assertThat(sql.get(0)).contains("CREATE TABLE IF NOT EXISTS trash_item");
    }

    @Test
    @DisplayName("R29 every statement of every script is re-runnable: on PostgreSQL and H2 a CREATE … IF NOT EXISTS or an "
            + "ALTER TABLE … ADD … IF NOT EXISTS (PostgreSQL's constraint, which has no IF NOT EXISTS, in a block that "
            + "ignores duplicate_object; its optional trigram index in a block that skips it), or V4's UPDATE of the rows "
            + "without a name_key; on MariaDB a CREATE TABLE IF NOT EXISTS or DDL run only if information_schema "
            + "lacks what it adds, or V4's UPDATE run only if a row lacks its name_key; PostgreSQL's V5 sets a storage "
            + "parameter and makes an index again only while it has the old predicate; V5 changes nothing elsewhere")
    void everyScriptIsReRunnable() {
        for (Database database : Database.values()) {
            if (database == Database.MARIADB) { // MySQL has no CREATE INDEX / ADD COLUMN IF NOT EXISTS: the script checks first
                List<String> scripts = database.schemaSql();
                assertThat(scripts.get(0)).contains("CREATE TABLE IF NOT EXISTS trash_item");
                for (String sql : scripts.subList(1, scripts.size())) {
                    List<String> statements = sql.lines().filter(l -> !l.isBlank() && !l.startsWith("--")
                            && !l.startsWith(" ")).toList();
                    if (statements.equals(List.of("DO 0;"))) {
                        continue; // a version that changes nothing on MariaDB (V5)
                    }
                    assertThat(statements).isNotEmpty().allSatisfy(l -> assertThat(l)
                            .matches("(SET @trash_ddl = IF\\(|PREPARE trash_ddl FROM @trash_ddl;|EXECUTE trash_ddl;"
                                    + "|DEALLOCATE PREPARE trash_ddl;).*"));
                    assertThat(sql).containsPattern("FROM information_schema\\.(STATISTICS|COLUMNS|TABLE_CONSTRAINTS) WHERE")
                            .contains("'DO 0'");
                    assertThat(count(sql, "SET @trash_ddl = IF((SELECT COUNT(*) FROM information_schema.")
                            + count(sql, "SET @trash_ddl = IF(EXISTS (SELECT 1 FROM trash_item WHERE name_key IS NULL),"
                            + "\n    'UPDATE trash_item SET name_key = "))
                            .as("each guarded statement asks information_schema, or (V4's) whether a row lacks its name_key")
                            .isEqualTo(count(sql, "EXECUTE trash_ddl;"));
                }
                continue;
            }
            for (String sql : database.schemaSql()) {
                List<String> statements = sql.lines().filter(l -> !l.isBlank() && !l.startsWith("--") && !l.startsWith(" ")
                        && !l.startsWith(")")).toList();
                if (database == Database.H2 && statements.equals(List.of("SET @trash_schema_version = 5;"))) {
                    continue; // a version that changes nothing on H2 (V5)
                }
                assertThat(statements).isNotEmpty().allSatisfy(l -> assertThat(l).matches(
                        "CREATE .*IF NOT EXISTS.*|ALTER TABLE trash_item( ADD (COLUMN|CONSTRAINT) IF NOT EXISTS .*)?"
                                + "|UPDATE trash_item SET name_key = .* WHERE name_key IS NULL;"
                                + (database == Database.POSTGRESQL
                                ? "|DO \\$\\$|BEGIN|EXCEPTION WHEN (duplicate_object|OTHERS) THEN( NULL;)?|END \\$\\$;"
                                // V5: a storage parameter, the same however often it is set
                                + "|ALTER TABLE trash_item SET \\(fillfactor = \\d+\\);" : "")));
                assertThat(sql.lines().filter(l -> l.contains("ADD COLUMN")))
                        .allSatisfy(l -> assertThat(l).contains("ADD COLUMN IF NOT EXISTS"));
                assertThat(sql.lines().filter(l -> l.contains("ADD CONSTRAINT"))).allSatisfy(l -> {
                    if (database == Database.H2) {
                        assertThat(l).contains("ADD CONSTRAINT IF NOT EXISTS");
                    } else {
                        assertThat(sql).contains("EXCEPTION WHEN duplicate_object THEN NULL;");
                    }
                });
            }
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R32 version 3 adds held_at (the type of the other times), held_by and hold_reason (VARCHAR(255), like "
            + "deleted_by), all nullable, and a constraint that they are set and cleared together")
    void holdScriptShape(Database database) {
        List<String> paths = database.schemaScripts();
        assertThat(paths.get(2)).endsWith("/" + Database.HOLDS_SCRIPT);
        String sql = database.schemaSql().get(2).lines().filter(l -> !l.startsWith("--"))
                .reduce("", (a, b) -> a + "\n" + b).replaceAll("\\s+", " ");
        String time = database == Database.MARIADB ? "DATETIME(6)" : "TIMESTAMP WITH TIME ZONE";
        String ifMissing = database == Database.MARIADB ? "" : "IF NOT EXISTS ";
        assertThat(sql).contains("ADD COLUMN " + ifMissing + "held_at " + time)
                .contains("ADD COLUMN " + ifMissing + "held_by VARCHAR(255)")
                .contains("ADD COLUMN " + ifMissing + "hold_reason VARCHAR(255)")
                .contains("trash_item_hold CHECK ((held_at IS NULL) = (held_by IS NULL) AND (held_at IS NULL) = "
                        + "(hold_reason IS NULL))")
                .doesNotContain("NOT NULL");
        if (database == Database.MARIADB) {
            assertThat(sql).as("MySQL has no ADD … IF NOT EXISTS").doesNotContain("IF NOT EXISTS").doesNotContain("TIMESTAMP");
        }
        assertThat(database.schemaSql().get(0)).contains("deleted_by     VARCHAR(255)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R38 R39 version 4 adds warned_at (the type of the other times) and name_key (255 characters compared "
            + "code point by code point), both nullable, fills name_key for the items made before, and an index per "
            + "order and for the warnings, each led as its statements read it")
    void findAndWarnScriptShape(Database database) {
        List<String> paths = database.schemaScripts();
        assertThat(paths.get(3)).endsWith("/" + Database.FIND_AND_WARN_SCRIPT);
        String sql = database.schemaSql().get(3).lines().filter(l -> !l.startsWith("--"))
                .reduce("", (a, b) -> a + "\n" + b).replaceAll("\\s+", " ");
        String time = database == Database.MARIADB ? "DATETIME(6)" : "TIMESTAMP WITH TIME ZONE";
        String key = switch (database) {
            case POSTGRESQL -> "VARCHAR(255) COLLATE \"C\"";
            case MARIADB -> "VARBINARY(1020)";
            case H2 -> "VARCHAR(255)";
        };
        String ifMissing = database == Database.MARIADB ? "" : "IF NOT EXISTS ";
        assertThat(sql).contains("ADD COLUMN " + ifMissing + "warned_at " + time)
                .contains("ADD COLUMN " + ifMissing + "name_key " + key)
                .contains("LEFT(LOWER(name), 255)" + (database == Database.MARIADB ? " AS BINARY)" : "")
                        + " WHERE name_key IS NULL")
                .doesNotContain("NOT NULL");
        for (String index : List.of("trash_item_by_workspace_expiry ON trash_item (workspace, expires_at, id)",
                "trash_item_by_workspace_size ON trash_item (workspace, size_bytes, id)",
                "trash_item_by_workspace_name ON trash_item (workspace, name_key, id)")) {
            assertThat(sql).contains(index);
        }
        if (database == Database.POSTGRESQL) {
            assertThat(sql).contains("trash_item_to_warn ON trash_item (expires_at, workspace) WHERE warned_at IS NULL AND "
                            + "purge_owner IS NULL AND held_at IS NULL")
                    .contains("CREATE EXTENSION IF NOT EXISTS pg_trgm;")
                    .contains("trash_item_name_search ON trash_item USING gin (name_key %I.gin_trgm_ops)")
                    .contains("EXCEPTION WHEN OTHERS THEN RAISE NOTICE");
        } else {
            assertThat(sql).contains("trash_item_to_warn ON trash_item (workspace, warned_at, expires_at)")
                    .contains("trash_item_to_warn_any ON trash_item (warned_at, expires_at)")
                    .doesNotContain("gin").doesNotContain("EXTENSION");
        }
        if (database == Database.MARIADB) {
            assertThat(sql).as("MySQL has no ADD … IF NOT EXISTS").doesNotContain("IF NOT EXISTS").doesNotContain("TIMESTAMP");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R44 the trash table is keyed by (workspace, id), its slugs unbounded, and the sweeper has a due index per workspace and one across")
    void scriptShape(Database database) {
        String sql = database.schemaSql().get(0).replaceAll("\\s+", " ");
        assertThat(sql).contains("PRIMARY KEY (workspace, id)")
                .contains(database == Database.MARIADB ? " slug LONGTEXT," : " slug VARCHAR,")
                .contains(index(database, "trash_item_by_workspace_due", "(workspace, due_at)"))
                .contains(index(database, "trash_item_by_due", "(due_at)"))
                .contains(index(database, "trash_item_by_workspace", "(workspace, deleted_at, id)"))
                .contains(index(database, "trash_item_by_workspace_type", "(workspace, root_type, deleted_at, id)"))
                .doesNotContain("UUID PRIMARY KEY");
    }

    /** @return how {@code database}'s script declares index {@code name} on {@code columns} (MariaDB: inside the CREATE TABLE) */
    private static String index(Database database, String name, String columns) {
        return database == Database.MARIADB ? "INDEX " + name + " " + columns : name + " ON trash_item " + columns;
    }

    @Test
    @DisplayName("the MariaDB script runs on MySQL too: no CREATE INDEX (MySQL has no IF NOT EXISTS for it), no UUID "
            + "type, no MariaDB-only collation; ids in CHAR(36), workspace and type compared byte for byte, times DATETIME(6)")
    void mariadbScriptIsCommonSql() {
        String sql = Database.MARIADB.schemaSql().get(0);
        String statements = sql.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
        assertThat(statements).doesNotContain("CREATE INDEX").doesNotContain(" UUID").doesNotContain("nopad")
                .doesNotContain("TIMESTAMP").contains("ENGINE = InnoDB");
        assertThat(statements.replaceAll("\\s+", " ")).contains("id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL")
                .contains("workspace VARBINARY(1020) NOT NULL").contains("root_type VARBINARY(1020) NOT NULL")
                .contains("deleted_at DATETIME(6) NOT NULL").contains("due_at DATETIME(6) NOT NULL");
        assertThat(statements.chars().filter(c -> c == ';').count()).as("one statement").isEqualTo(1);
    }

    @Test
    @DisplayName("each database has its own dialect, whose script folder is the schema location's")
    void oneDialectPerDatabase() {
        assertThat(Database.POSTGRESQL.dialect()).isInstanceOf(PostgresDialect.class);
        assertThat(Database.MARIADB.dialect()).isInstanceOf(MariaDbDialect.class);
        assertThat(Database.H2.dialect()).isInstanceOf(H2Dialect.class);
        for (Database database : Database.values()) {
            assertThat(database.schemaLocation()).endsWith("/" + database.dialect().folder());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PostgreSQL", "postgresql", "H2", "MariaDB", "mariadb", "MySQL"})
    @DisplayName("fromProductName recognises what the JDBC drivers report (MariaDB Connector/J says MariaDB, or MySQL "
            + "on a MySQL server, as MySQL Connector/J does)")
    void knownProducts(String name) {
        Database expected = name.equalsIgnoreCase("h2") ? Database.H2
                : name.toLowerCase().startsWith("postgres") ? Database.POSTGRESQL : Database.MARIADB;
        assertThat(Database.fromProductName(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Microsoft SQL Server", "Oracle", "HSQL Database Engine", "SQLite", ""})
    @DisplayName("R23 fromProductName refuses another database with InvalidArgumentException naming it")
    void unknownProducts(String name) {
        assertThatThrownBy(() -> Database.fromProductName(name))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("PostgreSQL, MariaDB (and MySQL) and H2");
    }

    @Test
    @DisplayName("R23 fromProductName(null) is refused with InvalidArgumentException, not a NullPointerException")
    void nullProduct() {
        assertThatThrownBy(() -> Database.fromProductName(null)).isInstanceOf(InvalidArgumentException.class);
    }
}

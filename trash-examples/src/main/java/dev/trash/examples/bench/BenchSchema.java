package dev.trash.examples.bench;

import dev.trash.TrashManager;
import dev.trash.jdbi.Database;
import dev.trash.jdbi.JdbiTrash;
import dev.trash.jdbi.KeyType;
import dev.trash.jdbi.ResourceTable;
import dev.trash.spi.PurgeHook;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The host tables the benchmarks run on, the reference platform's shape in its simplest form:
 * projects › models, datasets › images and annotations; {@code BIGINT} ids, the library's
 * {@code trash_item} column, indexes on it and on the parent column, slugs unique among active
 * rows (PostgreSQL partial indexes; on MariaDB the README's recipe, a generated column that is NULL
 * for trashed rows leading a unique index); their descriptions for the library; a
 * {@link TrashManager} over them. Stateless.
 */
final class BenchSchema {
    /** The host tables' DDL on MariaDB, parents first: the same tables, by the README's MariaDB recipe. */
    static final List<String> MARIADB_DDL = List.of(
            """
            CREATE TABLE projects (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) COLLATE utf8mb4_bin NOT NULL,
              name VARCHAR(255) NOT NULL, slug VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, trash_item UUID,
              active_slug VARCHAR(255) AS (CASE WHEN trash_item IS NULL THEN slug END) STORED,
              UNIQUE INDEX projects_slug (active_slug, workspace_id), INDEX projects_trash (trash_item)
            ) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4""",
            """
            CREATE TABLE models (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) COLLATE utf8mb4_bin NOT NULL,
              project_id BIGINT NOT NULL, name VARCHAR(255) NOT NULL, slug VARCHAR(255) NOT NULL,
              size_bytes BIGINT NOT NULL, trash_item UUID,
              active_slug VARCHAR(255) AS (CASE WHEN trash_item IS NULL THEN slug END) STORED,
              UNIQUE INDEX models_slug (active_slug, project_id), INDEX models_trash (trash_item),
              INDEX models_parent (project_id), FOREIGN KEY (project_id) REFERENCES projects (id)
            ) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4""",
            """
            CREATE TABLE datasets (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) COLLATE utf8mb4_bin NOT NULL,
              name VARCHAR(255) NOT NULL, slug VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, trash_item UUID,
              active_slug VARCHAR(255) AS (CASE WHEN trash_item IS NULL THEN slug END) STORED,
              UNIQUE INDEX datasets_slug (active_slug, workspace_id), INDEX datasets_trash (trash_item)
            ) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4""",
            """
            CREATE TABLE images (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) COLLATE utf8mb4_bin NOT NULL,
              dataset_id BIGINT NOT NULL, name VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, trash_item UUID,
              INDEX images_trash (trash_item), INDEX images_parent (dataset_id),
              FOREIGN KEY (dataset_id) REFERENCES datasets (id)
            ) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4""",
            """
            CREATE TABLE annotations (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) COLLATE utf8mb4_bin NOT NULL,
              dataset_id BIGINT NOT NULL, name VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, trash_item UUID,
              INDEX annotations_trash (trash_item), INDEX annotations_parent (dataset_id),
              FOREIGN KEY (dataset_id) REFERENCES datasets (id)
            ) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4""");

    /** The columns of each host table a row copy lists (MariaDB refuses values for a generated column). */
    static final java.util.Map<String, String> COLUMNS = java.util.Map.of(
            "projects", "id, workspace_id, name, slug, size_bytes, trash_item",
            "models", "id, workspace_id, project_id, name, slug, size_bytes, trash_item",
            "datasets", "id, workspace_id, name, slug, size_bytes, trash_item",
            "images", "id, workspace_id, dataset_id, name, size_bytes, trash_item",
            "annotations", "id, workspace_id, dataset_id, name, size_bytes, trash_item");

    /** The host tables' DDL, parents first. */
    static final List<String> DDL = List.of(
            """
            CREATE TABLE projects (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,
              name VARCHAR(255) NOT NULL, slug VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, trash_item UUID)""",
            "CREATE UNIQUE INDEX projects_slug ON projects (workspace_id, slug) WHERE trash_item IS NULL",
            "CREATE INDEX projects_trash ON projects (trash_item)",
            """
            CREATE TABLE models (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,
              project_id BIGINT NOT NULL REFERENCES projects (id), name VARCHAR(255) NOT NULL,
              slug VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, trash_item UUID)""",
            "CREATE UNIQUE INDEX models_slug ON models (project_id, slug) WHERE trash_item IS NULL",
            "CREATE INDEX models_trash ON models (trash_item)",
            "CREATE INDEX models_parent ON models (project_id)",
            """
            CREATE TABLE datasets (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,
              name VARCHAR(255) NOT NULL, slug VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, trash_item UUID)""",
            "CREATE UNIQUE INDEX datasets_slug ON datasets (workspace_id, slug) WHERE trash_item IS NULL",
            "CREATE INDEX datasets_trash ON datasets (trash_item)",
            """
            CREATE TABLE images (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,
              dataset_id BIGINT NOT NULL REFERENCES datasets (id), name VARCHAR(255) NOT NULL,
              size_bytes BIGINT NOT NULL, trash_item UUID)""",
            "CREATE INDEX images_trash ON images (trash_item)",
            "CREATE INDEX images_parent ON images (dataset_id)",
            """
            CREATE TABLE annotations (id BIGINT PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,
              dataset_id BIGINT NOT NULL REFERENCES datasets (id), name VARCHAR(255) NOT NULL,
              size_bytes BIGINT NOT NULL, trash_item UUID)""",
            "CREATE INDEX annotations_trash ON annotations (trash_item)",
            "CREATE INDEX annotations_parent ON annotations (dataset_id)");

    private BenchSchema() {
    }

    /** Each host table described once, parents first: the library derives the type graph from these (SPEC R25). */
    static final List<ResourceTable> TABLES = List.of(
            table("project", "projects").slug("slug"),
            table("model", "models").childOf("project", "project_id").slug("slug"),
            table("dataset", "datasets").slug("slug"),
            table("image", "images").childOf("dataset", "dataset_id"),
            table("annotation", "annotations").childOf("dataset", "dataset_id"));

    /** @return a backend over the host tables in the pool's schema (which {@link #create} makes) */
    static JdbiTrash backend(DataSource pool) {
        return JdbiTrash.create(pool, TABLES);
    }

    /** @return a backend over the host tables, on the host's {@code Jdbi} */
    static JdbiTrash backend(Jdbi jdbi) {
        return JdbiTrash.create(jdbi, TABLES);
    }

    /** Creates the library's table and the host tables in the backend's schema (MariaDB: database). */
    static JdbiTrash create(JdbiTrash db) {
        db.createSchemaIfMissing();
        Jdbi jdbi = db.jdbi();
        List<String> ddl = db.database() == Database.MARIADB ? MARIADB_DDL : DDL;
        jdbi.useTransaction(h -> ddl.forEach(h::execute));
        return db;
    }

    /** @return a manager over the host tables, with this clock and purge hook */
    static TrashManager manager(JdbiTrash db, Clock clock, PurgeHook hook) {
        return TrashManager.builder()
                .backend(db)
                .purgeHook(hook)
                .clock(clock)
                .build();
    }

    private static ResourceTable table(String type, String table) {
        return ResourceTable.of(type, table).id("id", KeyType.BIGINT).size("size_bytes");
    }
}

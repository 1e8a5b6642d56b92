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
 * {@code trash_item} column, indexes on it and on the parent column (or, in the HOT-friendly
 * variant {@link #hotDdl}, none on a child table's trash column), slugs unique among active rows (PostgreSQL partial indexes; on MariaDB the README's recipe, a generated column that is NULL
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

    /**
     * The fillfactor of the child tables of the HOT-friendly schema ({@link #hotDdl}) on PostgreSQL:
     * 50 unless the system property {@code trash.bench.fillfactor} says otherwise. Why 50: a cascade
     * marks every row of a dataset, and the benchmarks seed a dataset's rows side by side (as a bulk
     * upload writes them), so a delete updates every row of each of its pages at once. A HOT update
     * needs room for the new version on the same page, and the old versions cannot be pruned while the
     * delete's own transaction runs: a page of active rows (about 76 bytes each with its line pointer)
     * needs room for as many marked ones (92 bytes: the trash column's 16 more), which only a
     * fillfactor of about 45 leaves. Measured (the cascade benchmark's HOT row, quick scale): the first
     * delete of freshly seeded rows is 86 % HOT at 50, 23 % at 80; once a few deletes and restores
     * have moved rows into the free space of other pages (a dataset's rows no longer side by side),
     * both are 100 % HOT, and so at 50 at the full scale. So 80 or 90 suffices where rows of many
     * parents share a page (rows written over time); 50 costs a table twice the size but holds for the
     * worst case.
     */
    static final int FILLFACTOR = Integer.getInteger("trash.bench.fillfactor", 50);

    /**
     * @return the host tables' DDL made HOT-friendly (SPEC R42's and issue 16's schema): the same
     *     tables with no index on the trash column of a child table (models, images, annotations; the
     *     library finds their rows through the parent column's index) and, on PostgreSQL, a
     *     {@linkplain #FILLFACTOR fillfactor} that leaves room on each page for the marked rows' new
     *     versions, so that marking a row is a HOT update (no index contains the trash column). The
     *     roots keep theirs (one row per delete; their unique slug index names the trash column in its
     *     predicate anyway). InnoDB has no per-table fillfactor: on MariaDB only the indexes go.
     */
    static List<String> hotDdl(Database database) {
        List<String> ddl = new java.util.ArrayList<>();
        for (String statement : database == Database.MARIADB ? MARIADB_DDL : DDL) {
            if (statement.startsWith("CREATE INDEX models_trash") || statement.startsWith("CREATE INDEX images_trash")
                    || statement.startsWith("CREATE INDEX annotations_trash")) {
                continue;
            }
            String s = statement.replaceAll(",\\s*INDEX (models|images|annotations)_trash \\(trash_item\\)", "");
            if (database != Database.MARIADB && s.matches("(?s)CREATE TABLE (models|images|annotations) .*")) {
                s = s + " WITH (fillfactor = " + FILLFACTOR + ")";
            }
            ddl.add(s);
        }
        return List.copyOf(ddl);
    }

    private BenchSchema() {
    }

    /** Each host table described once, parents first: the library derives the type graph from these (SPEC R25). */
    static final List<ResourceTable> TABLES = List.of(
            table("project", "projects").slug("slug"),
            table("model", "models").childOf("project", "project_id").slug("slug"),
            table("dataset", "datasets").slug("slug"),
            table("image", "images").childOf("dataset", "dataset_id"),
            table("annotation", "annotations").childOf("dataset", "dataset_id"));

    /**
     * The same tables with images and annotations {@linkplain ResourceTable#hiddenWithParent() hidden
     * with their dataset} (SPEC R42): a dataset's delete and restore leave them as they are.
     */
    static final List<ResourceTable> HIDDEN_TABLES = List.of(
            TABLES.get(0), TABLES.get(1), TABLES.get(2),
            table("image", "images").childOf("dataset", "dataset_id").hiddenWithParent(),
            table("annotation", "annotations").childOf("dataset", "dataset_id").hiddenWithParent());

    /** @return a backend over the host tables in the pool's schema (which {@link #create} makes) */
    static JdbiTrash backend(DataSource pool) {
        return JdbiTrash.create(pool, TABLES);
    }

    /** @return a backend over the host tables in the pool's schema, described by {@code tables} */
    static JdbiTrash backend(DataSource pool, List<ResourceTable> tables) {
        return JdbiTrash.create(pool, tables);
    }

    /** @return a backend over the host tables, on the host's {@code Jdbi} */
    static JdbiTrash backend(Jdbi jdbi) {
        return JdbiTrash.create(jdbi, TABLES);
    }

    /** Creates the library's table and the host tables in the backend's schema (MariaDB: database). */
    static JdbiTrash create(JdbiTrash db) {
        return create(db, db.database() == Database.MARIADB ? MARIADB_DDL : DDL);
    }

    /** Creates the library's table and the host tables by {@code ddl} (e.g. {@link #hotDdl}) in the backend's schema. */
    static JdbiTrash create(JdbiTrash db, List<String> ddl) {
        db.createSchemaIfMissing();
        db.jdbi().useTransaction(h -> ddl.forEach(h::execute));
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

package dev.trash.examples.platform;

import dev.trash.SlugScope;
import dev.trash.jdbi.Database;
import dev.trash.jdbi.KeyType;
import dev.trash.jdbi.ResourceTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The platform's tables. Each kind of resource is described once, as the library's own
 * {@link ResourceTable} (type, table, parent link, slug, size); the library derives its type graph
 * from these descriptions (SPEC R25), and the platform derives its DDL from the same ones, so the
 * two cannot disagree. The only fact the library does not hold, which kinds own a stored file, is
 * kept next to them in {@link #STORED_FILES}. Stateless; every field is immutable.
 */
final class PlatformSchema {
    /** Projects: slugs unique in the workspace. */
    static final ResourceTable PROJECT = kind("project", "projects").slug("slug");
    /** Models of a project: slugs unique in the project. */
    static final ResourceTable MODEL = child("model", "models", PROJECT).slug("slug");
    static final ResourceTable WEIGHTS = child("weights", "model_weights", MODEL);
    static final ResourceTable TRAINING_RUN = child("training_run", "training_runs", MODEL);
    static final ResourceTable EXPORT = child("export", "model_exports", MODEL);
    /** Datasets: slugs unique in the workspace. */
    static final ResourceTable DATASET = kind("dataset", "datasets").slug("slug");
    static final ResourceTable IMAGE = child("image", "images", DATASET);
    static final ResourceTable ANNOTATION = child("annotation", "annotations", DATASET);

    /** Every kind, parents before children: what the library is given, and the order of the DDL. */
    static final List<ResourceTable> ALL = List.of(PROJECT, MODEL, WEIGHTS, TRAINING_RUN, EXPORT, DATASET, IMAGE,
            ANNOTATION);

    /** The kinds a user deletes through the platform (and the Trash's type filters), with their API paths. */
    static final List<ResourceTable> DELETABLE = List.of(PROJECT, MODEL, DATASET);

    /** The kinds whose every row owns one stored file: its path in column {@value #PATH}, its size in the size column. */
    static final List<ResourceTable> STORED_FILES = List.of(WEIGHTS, TRAINING_RUN, EXPORT, IMAGE, ANNOTATION);

    /** The column of a stored file's path. */
    static final String PATH = "path";

    private PlatformSchema() {
    }

    /** @return a top-level kind with the platform's conventions: BIGINT ids, sizes in {@code size_bytes} */
    private static ResourceTable kind(String type, String table) {
        return ResourceTable.of(type, table).id("id", KeyType.BIGINT).size("size_bytes");
    }

    /** @return a kind inside {@code parent}, linked to it by the column {@code <parent's type>_id} */
    private static ResourceTable child(String type, String table, ResourceTable parent) {
        return kind(type, table).childOf(type(parent), type(parent) + "_id");
    }

    /** @return the library's name of the kind, e.g. {@code model} */
    static String type(ResourceTable kind) {
        return kind.resourceType().name();
    }

    /** @return the kind named {@code type} among {@link #DELETABLE}, if any */
    static Optional<ResourceTable> deletable(String type) {
        return DELETABLE.stream().filter(k -> type(k).equals(type)).findFirst();
    }

    /** @return the description of the kind's parent, if it has one */
    static Optional<ResourceTable> parent(ResourceTable kind) {
        return kind.resourceType().parent().map(p -> ALL.stream().filter(k -> type(k).equals(p)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the parent " + p + " of " + type(kind) + " is not described")));
    }

    /**
     * Columns added after the first release of the platform, so that a data folder (or database) made
     * before them is upgraded in place: each workspace's plan (SPEC R36; every existing workspace gets
     * the free plan) and whether an API key is an admin's (existing keys are members'). The same
     * statement on H2, PostgreSQL and MariaDB.
     */
    private static final List<String> LATER_COLUMNS = List.of(
            "ALTER TABLE workspaces ADD COLUMN IF NOT EXISTS plan VARCHAR(32) DEFAULT 'free' NOT NULL",
            "ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS is_admin BOOLEAN DEFAULT FALSE NOT NULL");

    /**
     * @return the statements that create the platform's tables and indexes if missing, parents first,
     *     and add the columns of later versions to tables made before them
     */
    static List<String> ddl(Database database) {
        if (database == Database.MARIADB) {
            return mariadb();
        }
        List<String> ddl = new ArrayList<>();
        ddl.add("""
                CREATE TABLE IF NOT EXISTS workspaces (
                  id VARCHAR(64) PRIMARY KEY, name VARCHAR(255) NOT NULL,
                  storage_bytes BIGINT NOT NULL DEFAULT 0, quota_bytes BIGINT NOT NULL)""");
        ddl.add("""
                CREATE TABLE IF NOT EXISTS api_keys (
                  key_hash VARCHAR(64) PRIMARY KEY,
                  workspace_id VARCHAR(64) NOT NULL REFERENCES workspaces (id),
                  actor VARCHAR(255) NOT NULL)""");
        ddl.addAll(LATER_COLUMNS);
        ALL.forEach(k -> ddl.addAll(ddl(k, database)));
        ddl.add("""
                CREATE TABLE IF NOT EXISTS deployments (
                  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                  workspace_id VARCHAR(64) NOT NULL REFERENCES workspaces (id),
                  project_id BIGINT NOT NULL REFERENCES projects (id),
                  model_id BIGINT NOT NULL REFERENCES models (id),
                  endpoint VARCHAR(255) NOT NULL)""");
        ddl.add("CREATE INDEX IF NOT EXISTS deployments_model ON deployments (model_id)");
        ddl.add("CREATE INDEX IF NOT EXISTS deployments_project ON deployments (project_id)");
        ddl.add("""
                CREATE TABLE IF NOT EXISTS export_jobs (
                  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                  workspace_id VARCHAR(64) NOT NULL REFERENCES workspaces (id),
                  model_id BIGINT NOT NULL REFERENCES models (id),
                  format VARCHAR(32) NOT NULL, status VARCHAR(32) NOT NULL)""");
        ddl.add("CREATE INDEX IF NOT EXISTS export_jobs_model ON export_jobs (model_id)");
        return ddl;
    }

    /**
     * @return the statements that create one kind's table and indexes if missing, from its
     *     description: the id, workspace, parent, name, slug, size and trash columns it names (plus
     *     {@value #PATH} for a kind with stored files), an index on the trash column and one on the
     *     parent column (what the library recommends), and slugs unique among active rows in their
     *     scope (the README's recipe: a partial index on PostgreSQL, a generated column on H2 and
     *     MariaDB, where one statement creates the table with its indexes and foreign keys)
     */
    static List<String> ddl(ResourceTable kind, Database database) {
        if (database == Database.MARIADB) {
            return List.of(mariadbTable(kind));
        }
        String table = kind.table();
        StringBuilder create = new StringBuilder("CREATE TABLE IF NOT EXISTS " + table + " (\n");
        create.append("  ").append(kind.idColumn()).append(' ').append(sqlType(kind.idType()))
                .append(kind.idType() == KeyType.BIGINT ? " GENERATED BY DEFAULT AS IDENTITY" : "")
                .append(" PRIMARY KEY,\n");
        create.append("  ").append(kind.workspaceColumn()).append(' ').append(sqlType(kind.workspaceType()))
                .append(" NOT NULL REFERENCES workspaces (id),\n");
        Optional<ResourceTable> parent = parent(kind);
        parent.ifPresent(p -> create.append("  ").append(kind.parentColumn().orElseThrow()).append(' ')
                .append(sqlType(p.idType())).append(" NOT NULL REFERENCES ").append(p.table()).append(" (")
                .append(p.idColumn()).append("),\n"));
        create.append("  ").append(kind.nameColumn()).append(" VARCHAR(255) NOT NULL,\n");
        kind.slugColumn().ifPresent(slug -> create.append("  ").append(slug).append(" VARCHAR(255) NOT NULL,\n"));
        kind.sizeColumn().ifPresent(size -> create.append("  ").append(size).append(" BIGINT NOT NULL DEFAULT 0,\n"));
        if (STORED_FILES.contains(kind)) {
            create.append("  ").append(PATH).append(" VARCHAR(1000) NOT NULL,\n");
        }
        String trash = kind.trashColumn();
        create.append("  ").append(trash).append(" UUID");
        if (database == Database.H2) {
            kind.slugColumn().ifPresent(slug -> create.append(",\n  ").append(activeSlug(slug))
                    .append(" VARCHAR(255) GENERATED ALWAYS AS (CASE WHEN ").append(trash).append(" IS NULL THEN ")
                    .append(slug).append(" END)"));
        }
        create.append(")");
        List<String> ddl = new ArrayList<>();
        ddl.add(create.toString());
        ddl.add("CREATE INDEX IF NOT EXISTS " + table + "_trash ON " + table + " (" + trash + ")");
        kind.parentColumn().ifPresent(column -> ddl.add("CREATE INDEX IF NOT EXISTS " + table + "_parent ON " + table
                + " (" + column + ")"));
        kind.slugColumn().ifPresent(slug -> {
            SlugScope scope = kind.resourceType().slugScope().orElseThrow();
            String scopeColumn = scope == SlugScope.WORKSPACE ? kind.workspaceColumn() : kind.parentColumn().orElseThrow();
            ddl.add(database == Database.H2
                    ? "CREATE UNIQUE INDEX IF NOT EXISTS " + table + "_slug ON " + table + " (" + scopeColumn + ", "
                            + activeSlug(slug) + ")"
                    : "CREATE UNIQUE INDEX IF NOT EXISTS " + table + "_slug ON " + table + " (" + scopeColumn + ", "
                            + slug + ") WHERE " + trash + " IS NULL");
        });
        return ddl;
    }

    /** The tail of every MariaDB table: InnoDB (transactions), every text compared byte for byte. */
    private static final String MARIADB_TABLE = ") ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin";

    /**
     * @return the MariaDB form of {@link #ddl(Database)}: identity columns are {@code AUTO_INCREMENT},
     *     indexes and foreign keys are declared inside each {@code CREATE TABLE IF NOT EXISTS}, texts
     *     compare byte for byte (utf8mb4_bin), and slugs are unique among active rows by the README's
     *     MariaDB recipe (a generated column that is NULL for trashed rows, leading a unique index)
     */
    private static List<String> mariadb() {
        List<String> ddl = new ArrayList<>();
        ddl.add("CREATE TABLE IF NOT EXISTS workspaces (id VARCHAR(64) PRIMARY KEY, name VARCHAR(255) NOT NULL,"
                + " storage_bytes BIGINT NOT NULL DEFAULT 0, quota_bytes BIGINT NOT NULL" + MARIADB_TABLE);
        ddl.add("CREATE TABLE IF NOT EXISTS api_keys (key_hash VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                + " actor VARCHAR(255) NOT NULL, FOREIGN KEY (workspace_id) REFERENCES workspaces (id)" + MARIADB_TABLE);
        ddl.addAll(LATER_COLUMNS);
        ALL.forEach(k -> ddl.addAll(ddl(k, Database.MARIADB)));
        ddl.add("CREATE TABLE IF NOT EXISTS deployments (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " workspace_id VARCHAR(64) NOT NULL, project_id BIGINT NOT NULL, model_id BIGINT NOT NULL,"
                + " endpoint VARCHAR(255) NOT NULL, INDEX deployments_model (model_id), INDEX deployments_project (project_id),"
                + " FOREIGN KEY (workspace_id) REFERENCES workspaces (id), FOREIGN KEY (project_id) REFERENCES projects (id),"
                + " FOREIGN KEY (model_id) REFERENCES models (id)" + MARIADB_TABLE);
        ddl.add("CREATE TABLE IF NOT EXISTS export_jobs (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " workspace_id VARCHAR(64) NOT NULL, model_id BIGINT NOT NULL, format VARCHAR(32) NOT NULL,"
                + " status VARCHAR(32) NOT NULL, INDEX export_jobs_model (model_id),"
                + " FOREIGN KEY (workspace_id) REFERENCES workspaces (id), FOREIGN KEY (model_id) REFERENCES models (id)"
                + MARIADB_TABLE);
        return ddl;
    }

    /** @return the MariaDB statement that creates one kind's table with its indexes and foreign keys, if missing */
    private static String mariadbTable(ResourceTable kind) {
        String table = kind.table();
        String trash = kind.trashColumn();
        StringBuilder create = new StringBuilder("CREATE TABLE IF NOT EXISTS " + table + " (\n");
        create.append("  ").append(kind.idColumn()).append(' ').append(sqlType(kind.idType()))
                .append(kind.idType() == KeyType.BIGINT ? " AUTO_INCREMENT" : "").append(" PRIMARY KEY,\n");
        create.append("  ").append(kind.workspaceColumn()).append(' ').append(sqlType(kind.workspaceType()))
                .append(" NOT NULL,\n");
        Optional<ResourceTable> parent = parent(kind);
        parent.ifPresent(p -> create.append("  ").append(kind.parentColumn().orElseThrow()).append(' ')
                .append(sqlType(p.idType())).append(" NOT NULL,\n"));
        create.append("  ").append(kind.nameColumn()).append(" VARCHAR(255) NOT NULL,\n");
        kind.slugColumn().ifPresent(slug -> create.append("  ").append(slug).append(" VARCHAR(255) NOT NULL,\n"));
        kind.sizeColumn().ifPresent(size -> create.append("  ").append(size).append(" BIGINT NOT NULL DEFAULT 0,\n"));
        if (STORED_FILES.contains(kind)) {
            create.append("  ").append(PATH).append(" VARCHAR(1000) NOT NULL,\n");
        }
        create.append("  ").append(trash).append(" UUID,\n");
        kind.slugColumn().ifPresent(slug -> {
            SlugScope scope = kind.resourceType().slugScope().orElseThrow();
            String scopeColumn = scope == SlugScope.WORKSPACE ? kind.workspaceColumn() : kind.parentColumn().orElseThrow();
            create.append("  ").append(activeSlug(slug)).append(" VARCHAR(255) AS (CASE WHEN ").append(trash)
                    .append(" IS NULL THEN ").append(slug).append(" END) STORED,\n");
            // led by the generated column: the foreign keys keep indexes of their own, which a mark leaves alone
            create.append("  UNIQUE INDEX ").append(table).append("_slug (").append(activeSlug(slug)).append(", ")
                    .append(scopeColumn).append("),\n");
        });
        create.append("  INDEX ").append(table).append("_trash (").append(trash).append("),\n");
        kind.parentColumn().ifPresent(column -> create.append("  INDEX ").append(table).append("_parent (")
                .append(column).append("),\n"));
        create.append("  FOREIGN KEY (").append(kind.workspaceColumn()).append(") REFERENCES workspaces (id)");
        parent.ifPresent(p -> create.append(",\n  FOREIGN KEY (").append(kind.parentColumn().orElseThrow())
                .append(") REFERENCES ").append(p.table()).append(" (").append(p.idColumn()).append(")"));
        return create.append("\n").append(MARIADB_TABLE).toString();
    }

    private static String activeSlug(String slugColumn) {
        return "active_" + slugColumn;
    }

    private static String sqlType(KeyType type) {
        return switch (type) {
            case BIGINT -> "BIGINT";
            case UUID -> "UUID";
            case TEXT -> "VARCHAR(64)";
        };
    }
}

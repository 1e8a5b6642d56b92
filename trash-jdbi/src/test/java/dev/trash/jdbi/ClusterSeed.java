package dev.trash.jdbi;

import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Bulk seeding of the reference tables on PostgreSQL and MariaDB for the cluster tests: one
 * {@code INSERT … SELECT} over a number series per table ({@code generate_series}; MariaDB's
 * {@code seq_0_to_<n>} tables), so tens of thousands of resources and trash items take a second
 * or two. Seeded items look exactly like the ones {@code TrashManager.delete} makes (the cluster
 * test checks it against items the library deleted itself): host rows marked with their item's id,
 * {@code trash_item} rows in the Trash ({@code purge_owner}/{@code available_at} NULL,
 * {@code due_at = expires_at}). Item ids are {@code md5('item:' || root id)} as a UUID (on
 * MariaDB as a version-4 one). The SQL is
 * written once, in PostgreSQL's words; {@link Pieces} turns the few that differ into MariaDB's
 * (which concatenates with {@code ||} under {@code PIPES_AS_CONCAT}, set for the seeding).
 *
 * <p>Every seeded resource id starts with {@code key + "-"}; workspaces are {@code cw-0} … {@code cw-3}.
 */
final class ClusterSeed {
    /** Bytes of a seeded dataset item: the dataset (2) + 2 images (3 each) + 2 annotations (4 each). */
    static final long DATASET_BYTES = 2 + 2 * 3 + 2 * 4;
    /** Bytes of a seeded model item: the model (10) + its weights (100). */
    static final long MODEL_BYTES = 10 + 100;
    /** Bytes of a seeded project item: the project (1) + its cascaded model and that model's weights. */
    static final long PROJECT_BYTES = 1 + MODEL_BYTES;

    private ClusterSeed() {
    }

    /** The pieces of the seeding SQL that differ between the databases. */
    private record Pieces(Database database) {
        boolean mariadb() {
            return database == Database.MARIADB;
        }

        /** @return the series {@code 0 … n - 1} as a table {@code alias} of one column {@code column} */
        String series(int n, String alias, String column) {
            return mariadb() ? "(SELECT seq AS " + column + " FROM seq_0_to_" + (n - 1) + ") AS " + alias
                    : "generate_series(0, " + (n - 1) + ") AS " + alias + "(" + column + ")";
        }

        /**
         * @return the UUID made of the md5 of {@code text}; on MariaDB with the version and variant
         *     of a random UUID (4, 8), as its {@code UUID} type refuses some others
         */
        String uuid(String text) {
            if (!mariadb()) {
                return "md5(" + text + ")::uuid";
            }
            String md5 = "MD5(" + text + ")";
            return "CONCAT(SUBSTR(" + md5 + ", 1, 8), '-', SUBSTR(" + md5 + ", 9, 4), '-4', SUBSTR(" + md5 + ", 14, 3),"
                    + " '-8', SUBSTR(" + md5 + ", 18, 3), '-', SUBSTR(" + md5 + ", 21, 12))";
        }

        /** @return a NULL of the trash column's type */
        String noUuid() {
            return mariadb() ? "NULL" : "NULL::uuid";
        }

        /** @return the time {@code time} plus {@code seconds} seconds */
        String plusSeconds(String time, String seconds) {
            return mariadb() ? time + " + INTERVAL (" + seconds + ") SECOND" : time + " + (" + seconds + ") * INTERVAL '1 second'";
        }

        /** Runs {@code seeding} on {@code h}, with {@code ||} as concatenation on MariaDB. */
        void run(Handle h, Runnable seeding) {
            if (!mariadb()) {
                seeding.run();
                return;
            }
            String mode = h.createQuery("SELECT @@SESSION.sql_mode").mapTo(String.class).one();
            h.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',PIPES_AS_CONCAT')");
            try {
                seeding.run();
            } finally {
                h.createUpdate("SET SESSION sql_mode = :mode").bind("mode", mode).execute();
            }
        }
    }

    /**
     * Seeds {@code count} datasets {@code key-d-<i>}, each with 2 images and 2 annotations.
     *
     * @param trashed whether they are in the Trash already (one item per dataset, deleted at
     *     {@code deletedAt} plus {@code i % spread} seconds, expiring {@code retention} later), or active
     */
    static void datasets(Handle h, Database database, String key, int count, boolean trashed, Instant deletedAt,
                         int spread, Duration retention) {
        Pieces d = new Pieces(database);
        d.run(h, () -> {
            String root = ":key || '-d-' || i";
            String item = trashed ? d.uuid("'item:' || " + root) : d.noUuid();
            h.createUpdate("INSERT INTO dataset (id, workspace_id, name, slug, size_bytes, trash_item)"
                            + " SELECT " + root + ", 'cw-' || (i % 4), 'Dataset ' || " + root + ", " + root + ", 2, " + item
                            + " FROM " + d.series(count, "s", "i"))
                    .bind("key", key).execute();
            for (String[] child : new String[][] {{"image", "img", "3"}, {"annotation", "ann", "4"}}) {
                h.createUpdate("INSERT INTO " + child[0] + " (id, workspace_id, dataset_id, name, size_bytes, trash_item)"
                                + " SELECT " + root + " || '-" + child[1] + "-' || k, 'cw-' || (i % 4), " + root + ", '"
                                + child[0] + " ' || k, " + child[2] + ", " + item
                                + " FROM " + d.series(count, "s", "i") + " CROSS JOIN " + d.series(2, "t", "k"))
                        .bind("key", key).execute();
            }
            if (trashed) {
                items(h, d, key, count, deletedAt, spread, retention, "'dataset'", root, "'Dataset ' || " + root, root,
                        "NULL", "NULL", "NULL", 0, DATASET_BYTES, 4);
            }
        });
    }

    /**
     * Seeds {@code count} projects {@code key-p-<i>}, each with two models {@code key-m-<i>-0} and
     * {@code key-m-<i>-1} (slugs {@code m0}, {@code m1}), each model with one weights row.
     *
     * @param trashed whether they are in the Trash already, as the library leaves them after
     *     {@code delete(model 0)} at {@code deletedAt + i % spread} seconds then {@code delete(project)}
     *     one second later: model 0 (and its weights) in its own item (SPEC R4), the project with
     *     model 1 and its weights in another; or active
     */
    static void nestedProjects(Handle h, Database database, String key, int count, boolean trashed,
                               Instant deletedAt, int spread, Duration retention) {
        Pieces d = new Pieces(database);
        d.run(h, () -> {
            String project = ":key || '-p-' || i";
            String model = ":key || '-m-' || i || '-' || k";
            String projectItem = trashed ? d.uuid("'item:' || " + project) : d.noUuid();
            String byModel = trashed ? "CASE WHEN k = 0 THEN " + d.uuid("'item:' || :key || '-m-' || i || '-0'") + " ELSE "
                    + projectItem + " END" : d.noUuid();
            String pairs = " FROM " + d.series(count, "s", "i") + " CROSS JOIN " + d.series(2, "t", "k");
            h.createUpdate("INSERT INTO project (id, workspace_id, name, slug, size_bytes, trash_item)"
                            + " SELECT " + project + ", 'cw-' || (i % 4), 'Project ' || " + project + ", " + project + ", 1, "
                            + projectItem + " FROM " + d.series(count, "s", "i"))
                    .bind("key", key).execute();
            h.createUpdate("INSERT INTO model (id, workspace_id, project_id, name, slug, size_bytes, trash_item)"
                            + " SELECT " + model + ", 'cw-' || (i % 4), " + project + ", 'Model ' || k, 'm' || k, 10, "
                            + byModel + pairs)
                    .bind("key", key).execute();
            h.createUpdate("INSERT INTO weights (id, workspace_id, model_id, name, size_bytes, trash_item)"
                            + " SELECT :key || '-w-' || i || '-' || k, 'cw-' || (i % 4), " + model + ", 'weights', 100, "
                            + byModel + pairs)
                    .bind("key", key).execute();
            if (trashed) {
                String ownModel = ":key || '-m-' || i || '-0'";
                items(h, d, key, count, deletedAt, spread, retention, "'model'", ownModel, "'Model 0'", "'m0'",
                        "'project'", project, "'Project ' || " + project, 0, MODEL_BYTES, 1);
                items(h, d, key, count, deletedAt, spread, retention, "'project'", project, "'Project ' || " + project,
                        project, "NULL", "NULL", "NULL", 1, PROJECT_BYTES, 2);
            }
        });
    }

    /** Inserts one {@code trash_item} row per {@code i}, the SQL expressions given over {@code i} and {@code :key}. */
    private static void items(Handle h, Pieces d, String key, int count, Instant deletedAt, int spread,
                              Duration retention, String rootType, String rootId, String name, String slug,
                              String parentType, String parentId, String parentName, int laterSeconds, long bytes,
                              long cascaded) {
        String offset = "(i % :spread) + " + laterSeconds;
        h.createUpdate("INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, parent_type, parent_id,"
                        + " parent_name, deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, purge_owner,"
                        + " available_at, attempts, last_error, due_at)"
                        + " SELECT " + d.uuid("'item:' || " + rootId) + ", 'cw-' || (i % 4), " + rootType + ", " + rootId
                        + ", " + name + ", " + slug + ", " + parentType + ", " + parentId + ", " + parentName
                        + ", " + d.plusSeconds(":at", offset) + ", 'seeder', " + d.plusSeconds(":expires", offset) + ", "
                        + bytes + ", " + cascaded + ", NULL, NULL, 0, NULL, " + d.plusSeconds(":expires", offset)
                        + " FROM " + d.series(count, "s", "i"))
                .bind("key", key)
                .bind("spread", spread)
                .bind("at", d.database().dialect().time(deletedAt))
                .bind("expires", d.database().dialect().time(deletedAt.plus(retention)))
                .execute();
    }
}

package dev.trash.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import dev.trash.jdbi.JdbiTrash;
import dev.trash.jdbi.ResourceTable;
import dev.trash.memory.ManualClock;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The library on the host's own tables: an H2 database behind a HikariCP pool, two host tables
 * (projects, models) that follow the table convention, {@link JdbiTrash} wired into a
 * {@link TrashManager}, the host's SQL and a delete in one transaction, a restore onto a taken
 * slug, and a sweep 31 days later. Run: {@code mvn -B -q -pl trash-examples -am package exec:java
 * -DskipTests -Dexec.mainClass=dev.trash.examples.JdbiQuickStart}. The same code runs on
 * PostgreSQL with a PostgreSQL JDBC URL and the PostgreSQL DDL recipe of the README.
 */
public final class JdbiQuickStart {
    /** The host's tables, with the README's DDL recipe for H2 (slugs unique among active rows). */
    private static final List<String> HOST_DDL = List.of("""
            CREATE TABLE projects (
                id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL, name VARCHAR(255) NOT NULL,
                slug VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, trash_item UUID,
                active_slug VARCHAR(255) GENERATED ALWAYS AS (CASE WHEN trash_item IS NULL THEN slug END))""",
            "CREATE UNIQUE INDEX projects_active_slug ON projects (workspace_id, active_slug)",
            "CREATE INDEX projects_trash ON projects (trash_item)",
            """
            CREATE TABLE models (
                id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,
                project_id VARCHAR(64) NOT NULL REFERENCES projects (id), name VARCHAR(255) NOT NULL,
                slug VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, trash_item UUID,
                active_slug VARCHAR(255) GENERATED ALWAYS AS (CASE WHEN trash_item IS NULL THEN slug END))""",
            "CREATE UNIQUE INDEX models_active_slug ON models (project_id, active_slug)",
            "CREATE INDEX models_trash ON models (trash_item)",
            "CREATE INDEX models_parent ON models (project_id)",
            "CREATE TABLE audit (what VARCHAR(255) NOT NULL)");

    private static final WorkspaceId ACME = WorkspaceId.of("acme");
    private static final ActorId ALICE = ActorId.of("alice");

    private JdbiQuickStart() {
    }

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) {
        run(System.out, "jdbc:h2:mem:quickstart;DB_CLOSE_DELAY=-1");
    }

    /** Runs the example on the (empty) H2 database at {@code jdbcUrl}, printing to {@code out}. */
    static void run(PrintStream out, String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(4);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            // Each type described once, with its table: slugs unique in the workspace for projects,
            // in the parent project for models (SPEC R25).
            JdbiTrash db = JdbiTrash.create(dataSource,
                    ResourceTable.of("project", "projects").slug("slug").size("size_bytes"),
                    ResourceTable.of("model", "models").childOf("project", "project_id").slug("slug").size("size_bytes"))
                    .createSchemaIfMissing();
            Jdbi jdbi = db.jdbi();
            jdbi.useTransaction(h -> HOST_DDL.forEach(h::execute));

            ManualClock clock = ManualClock.at(Instant.parse("2026-11-01T09:00:00Z"));
            TrashManager trash = TrashManager.builder()
                    .backend(db) // checks the tables and columns (SPEC R26)
                    .clock(clock)
                    .build();

            jdbi.useHandle(h -> {
                h.execute("INSERT INTO projects (id, workspace_id, name, slug, size_bytes) VALUES "
                        + "('p1', 'acme', 'Vision', 'vision', 1000)");
                h.execute("INSERT INTO models (id, workspace_id, project_id, name, slug, size_bytes) VALUES "
                        + "('m1', 'acme', 'p1', 'Detector', 'detector', 250000), "
                        + "('m2', 'acme', 'p1', 'Segmenter', 'segmenter', 480000)");
            });

            // The host's own SQL and the delete commit together (or roll back together).
            TrashItem item = jdbi.inTransaction(h -> {
                h.execute("INSERT INTO audit (what) VALUES ('alice deleted project p1')");
                return trash.delete(ACME, ResourceRef.of("project", "p1"), ALICE);
            });
            out.println("deleted " + item.name() + " " + item.badge() + ", " + item.sizeBytes() + " bytes, expires in "
                    + item.expiresInLabel());
            out.println("active models now: " + count(jdbi, "SELECT COUNT(*) FROM models WHERE trash_item IS NULL"));
            out.println("audit rows: " + count(jdbi, "SELECT COUNT(*) FROM audit"));
            out.println("listed: " + trash.list(ACME, TrashQuery.all()).items().stream().map(TrashItem::name).toList());

            jdbi.useHandle(h -> h.execute("INSERT INTO projects (id, workspace_id, name, slug, size_bytes) VALUES "
                    + "('p2', 'acme', 'Vision (new)', 'vision', 10)"));
            Restored restored = trash.restore(ACME, item.id(), ALICE);
            out.println("restored " + restored.restoredCount() + " rows; slug 'vision' was taken, it is now '"
                    + restored.slug().orElseThrow() + "'");

            TrashItem again = trash.delete(ACME, ResourceRef.of("project", "p2"), ALICE);
            clock.advance(Duration.ofDays(31));
            Purged purged = trash.sweeper(SweeperOptions.defaults()).sweepOnce();
            out.println("31 days later the sweeper purged " + purged.items() + " item (" + again.name() + ")");
            out.println("projects left: " + count(jdbi, "SELECT COUNT(*) FROM projects"));
        }
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}

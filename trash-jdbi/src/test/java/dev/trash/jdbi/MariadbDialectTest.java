package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.BackendException;
import dev.trash.ConfigurationException;
import dev.trash.ResourceRef;
import dev.trash.RetryableException;
import dev.trash.SortOrder;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What only the MariaDB dialect does, on the embedded MariaDB 11.4 (the suites and the parameterised
 * tests prove the rest on it as on the other databases): lost races told by error code; the trash
 * column's and UUID keys' storage the validation accepts; host tables without transactions and a
 * driver that shifts times refused at build; the plans that keep the listing's keyset and the
 * claims on an index (InnoDB locks what it scans); the cascade level's guard against a child that
 * joins between its two statements; the schema run under {@code GET_LOCK}, never inside a
 * transaction. Each test starts from an empty database.
 */
class MariadbDialectTest {
    private static final ResourceTable PROJ = ResourceTable.of("project", "proj").slug("slug").size("size_bytes");
    private static final ResourceTable TASK = ResourceTable.of("task", "task").childOf("project", "proj_id")
            .slug("slug").size("size_bytes");

    private final Dialect dialect = Database.MARIADB.dialect();
    private TestDatabase.Fresh db;
    private Jdbi jdbi;

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.MARIADB.fresh(4);
        jdbi = db.jdbi();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    private void sql(String... statements) {
        jdbi.useHandle(h -> {
            for (String s : statements) {
                h.execute(s);
            }
        });
    }

    /** The host's tables by the README's MariaDB recipe, with the recommended indexes. */
    private void goodTables() {
        sql("CREATE TABLE proj (id VARCHAR(64) COLLATE utf8mb4_bin PRIMARY KEY, workspace_id VARCHAR(64) COLLATE utf8mb4_bin"
                        + " NOT NULL, name VARCHAR(255) NOT NULL, slug VARCHAR(255), size_bytes BIGINT NOT NULL DEFAULT 0,"
                        + " trash_item UUID, INDEX proj_trash (trash_item))",
                "CREATE TABLE task (id VARCHAR(64) COLLATE utf8mb4_bin PRIMARY KEY, workspace_id VARCHAR(64) COLLATE utf8mb4_bin"
                        + " NOT NULL, proj_id VARCHAR(64) COLLATE utf8mb4_bin NOT NULL, name VARCHAR(255) NOT NULL,"
                        + " slug VARCHAR(255), size_bytes BIGINT NOT NULL DEFAULT 0, trash_item UUID,"
                        + " INDEX task_trash (trash_item), INDEX task_parent (proj_id),"
                        + " FOREIGN KEY (proj_id) REFERENCES proj (id))");
    }

    private JdbiTrash schemaAnd(ResourceTable... tables) {
        return JdbiTrash.create(jdbi, tables).createSchemaIfMissing();
    }

    private static ConfigurationException refused(JdbiTrash backend) {
        try {
            TrashManager.builder().backend(backend).build();
        } catch (ConfigurationException e) {
            return e;
        }
        throw new AssertionError("build() accepted the backend");
    }

    private static JdbiException failure(String state, int code) {
        return new UnableToExecuteStatementException("statement failed", new SQLException("boom", state, code), null);
    }

    // ---------------------------------------------------------------- errors

    @Test
    @DisplayName("R22 lost races by error code (1213 deadlock, 1205 lock wait timeout, 1020 record changed) are "
            + "RetryableException, whatever the SQLSTATE; a duplicate key (1062) is a unique violation, not a race")
    void errorCodes() {
        for (Object[] race : new Object[][] {{"40001", 1213}, {"HY000", 1205}, {"HY000", 1020}, {"40001", 0}}) {
            JdbiException e = failure((String) race[0], (Integer) race[1]);
            assertThat(Sql.translate(dialect, e)).as("%s", race[1]).isInstanceOf(RetryableException.class).hasCause(e)
                    .hasMessageContaining("SQLSTATE " + race[0] + ", error " + race[1]);
        }
        for (Object[] other : new Object[][] {{"23000", 1062}, {"23000", 1452}, {"70100", 1927}, {"42S02", 1146},
                {"08S01", 0}, {"HY000", 1040}}) {
            JdbiException e = failure((String) other[0], (Integer) other[1]);
            assertThat(Sql.translate(dialect, e)).as("%s", other[1]).isInstanceOf(BackendException.class).hasCause(e)
                    .hasMessageContaining("SQLSTATE " + other[0] + ", error " + other[1]);
        }
        assertThat(dialect.isUniqueViolation(new SQLException("dup", "23000", 1062))).isTrue();
        assertThat(dialect.isUniqueViolation(new SQLException("dup", "23000", 1586))).isTrue();
        assertThat(dialect.isUniqueViolation(new SQLException("fk", "23000", 1452))).as("a foreign key").isFalse();
        assertThat(dialect.isUniqueViolation(new SQLException("not null", "23000", 1048))).isFalse();
    }

    @Test
    @DisplayName("R22 a real deadlock and a real duplicate key, as the server and the driver report them")
    void realErrors() throws Exception {
        sql("CREATE TABLE pair (id INT PRIMARY KEY, v INT, u INT, UNIQUE INDEX pair_u (u))",
                "INSERT INTO pair VALUES (1, 0, 1), (2, 0, 2)");
        try (Connection a = db.dataSource().getConnection(); Connection b = db.dataSource().getConnection();
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            SQLException duplicate = null;
            try {
                sa.execute("UPDATE pair SET u = 1 WHERE id = 2");
            } catch (SQLException e) {
                duplicate = e;
            }
            assertThat((Object) duplicate).as("the duplicate key").isNotNull();
            assertThat(dialect.isUniqueViolation(duplicate)).as(duplicate.getSQLState() + " " + duplicate.getErrorCode())
                    .isTrue();
            assertThat(dialect.isConflict(duplicate)).isFalse();

            a.setAutoCommit(false);
            b.setAutoCommit(false);
            sa.execute("UPDATE pair SET v = 1 WHERE id = 1");
            sb.execute("UPDATE pair SET v = 1 WHERE id = 2");
            List<SQLException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            var other = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    sa.execute("UPDATE pair SET v = 2 WHERE id = 2"); // waits for b
                } catch (SQLException e) {
                    failures.add(e);
                }
            });
            Thread.sleep(300);
            try {
                sb.execute("UPDATE pair SET v = 2 WHERE id = 1"); // closes the cycle: one of the two is chosen
            } catch (SQLException e) {
                failures.add(e);
            }
            b.rollback();
            other.join();
            a.rollback();
            assertThat((List<SQLException>) failures).singleElement().satisfies(deadlock -> {
                assertThat(deadlock.getErrorCode()).isEqualTo(1213);
                assertThat(dialect.isConflict(deadlock)).isTrue();
            });
        }
    }

    // ---------------------------------------------------------------- validation

    @Test
    @DisplayName("R26 a trash column or UUID key may be UUID, CHAR(36) or VARCHAR(36), and nothing else (BINARY(16) is refused)")
    void uuidColumns() {
        sql("CREATE TABLE cproj (id CHAR(36) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                        + " name VARCHAR(255) NOT NULL, trash_item CHAR(36) CHARACTER SET ascii)",
                "CREATE TABLE vproj (id VARCHAR(36) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                        + " name VARCHAR(255) NOT NULL, trash_item VARCHAR(36) CHARACTER SET ascii)",
                "CREATE TABLE uproj (id UUID PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                        + " name VARCHAR(255) NOT NULL, trash_item UUID)",
                "CREATE TABLE bproj (id BINARY(16) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                        + " name VARCHAR(255) NOT NULL, trash_item BINARY(16))",
                "CREATE INDEX cproj_trash ON cproj (trash_item)", "CREATE INDEX vproj_trash ON vproj (trash_item)",
                "CREATE INDEX uproj_trash ON uproj (trash_item)", "CREATE INDEX bproj_trash ON bproj (trash_item)");
        for (String table : List.of("cproj", "vproj", "uproj")) {
            JdbiTrash backend = schemaAnd(ResourceTable.of("project", table).id("id", KeyType.UUID));
            assertThat(backend.validate()).as(table).isEmpty();
            // and they work: delete and restore a row keyed by a UUID
            String id = UUID.nameUUIDFromBytes(table.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
            sql("INSERT INTO " + table + " (id, workspace_id, name) VALUES ('" + id + "', 'ws', 'Doc')");
            TrashManager trash = TrashManager.builder().backend(backend).build();
            var item = trash.delete(WorkspaceId.of("ws"), ResourceRef.of("project", id), ActorId.of("a"));
            String mark = jdbi.withHandle(h -> h.createQuery("SELECT trash_item FROM " + table).mapTo(String.class).one());
            assertThat(mark).as(table).isEqualTo(item.id().value().toString());
            assertThat(trash.restore(WorkspaceId.of("ws"), item.id(), ActorId.of("a")).restoredCount()).isEqualTo(1);
        }
        assertThat(refused(schemaAnd(ResourceTable.of("project", "bproj").id("id", KeyType.UUID)))).hasMessage(
                "2 problems with the schema: column bproj.id (the id column of type project) is BINARY, which a KeyType.UUID"
                        + " id cannot be compared with: make it a UUID (MariaDB 10.7 or later) or VARCHAR(36) column; column"
                        + " bproj.trash_item (the trash column of type project) is BINARY, but it must hold trash item ids:"
                        + " make it a nullable UUID (MariaDB 10.7 or later) or VARCHAR(36) column");
    }

    @Test
    @DisplayName("R26 a host table without transactions (MyISAM) is refused, naming the engine and the fix")
    void tableWithoutTransactions() {
        goodTables();
        sql("CREATE TABLE mproj (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                + " name VARCHAR(255) NOT NULL, trash_item UUID, INDEX mproj_trash (trash_item)) ENGINE = MyISAM");
        assertThat(refused(schemaAnd(PROJ, TASK, ResourceTable.of("note", "mproj")))).hasMessage("table mproj uses the "
                + "storage engine MyISAM, which has no transactions: a delete, restore or purge could be left half done; "
                + "convert it with ALTER TABLE mproj ENGINE=InnoDB");
        sql("ALTER TABLE mproj ENGINE = InnoDB");
        assertThat(schemaAnd(PROJ, TASK, ResourceTable.of("note", "mproj")).validate()).isEmpty();
    }

    @Test
    @DisplayName("R26 a driver that shifts the DATETIMEs it reads (preserveInstants with a connectionTimeZone) is refused "
            + "at build, before it could move an expiry; its other time options are accepted")
    void shiftingDriver() {
        goodTables();
        schemaAnd(PROJ, TASK);
        String name = jdbi.withHandle(h -> h.createQuery("SELECT DATABASE()").mapTo(String.class).one());
        try (var shifting = MariadbBackend.pool(name, 1, "connectionTimeZone=Asia/Kolkata&preserveInstants=true")) {
            assertThat(refused(JdbiTrash.create(shifting, PROJ, TASK))).hasMessageStartingWith(
                            "the JDBC driver shifts DATETIME values between the database and Java (the DATETIME "
                                    + "2001-02-03 04:05:06.789012 read back as 2001-02-02T")
                    .hasMessageContaining("remove the driver's time-zone conversion from the JDBC URL");
        }
        for (String options : List.of("connectionTimeZone=Asia/Kolkata", "preserveInstants=true", "useServerPrepStmts=true",
                "useCatalogTerm=Schema")) {
            try (var fine = MariadbBackend.pool(name, 1, options)) {
                assertThat(JdbiTrash.create(fine, PROJ, TASK).validate()).as(options).isEmpty();
            }
        }
    }

    // ---------------------------------------------------------------- plans

    /** @return EXPLAIN's rows for {@code sql}, each as a map of its columns (named in lower case) */
    private List<Map<String, Object>> explain(String sql) {
        return jdbi.withHandle(h -> h.createQuery("EXPLAIN " + sql).mapToMap().list());
    }

    /** Seeds {@code count} items over {@code workspaces} workspaces {@code w0} … by bulk SQL, and analyzes the table. */
    private void seedItems(int count, int workspaces) {
        JdbiTrash.create(jdbi, PROJ).createSchemaIfMissing();
        sql("INSERT INTO trash_item (id, workspace, root_type, root_id, name, deleted_at, deleted_by, expires_at,"
                + " size_bytes, cascaded_count, due_at, name_key) SELECT UUID(), CONCAT('w', seq % " + workspaces + "),"
                + " IF(seq % 3 = 0, 'project', 'model'), CONCAT('r', seq), 'n', TIMESTAMP('2026-01-01') + INTERVAL seq SECOND,"
                + " 'a', TIMESTAMP('2026-02-01') + INTERVAL (seq * 7) % 86400 MINUTE, (seq * 7919) % 100000, 0,"
                + " TIMESTAMP('2026-02-01') + INTERVAL (seq * 7) % 86400 MINUTE, CAST(CONCAT('n', seq) AS BINARY)"
                + " FROM seq_0_to_" + (count - 1), "ANALYZE TABLE trash_item");
    }

    @Test
    @DisplayName("R6 the listing's keyset is a range on (workspace, deleted_at, id): MariaDB does not use the index "
            + "for a row-value comparison, so the dialect writes it out")
    void keysetUsesTheIndex() {
        seedItems(20_000, 4);
        String page = "SELECT * FROM trash_item WHERE workspace = 'w1' AND (purge_owner IS NULL AND expires_at > "
                + "'2026-01-02') AND %s ORDER BY deleted_at DESC, id DESC LIMIT 51";
        String after = dialect.after("deleted_at", true).replace(":afterId", "'80000000-0000-0000-0000-000000000000'")
                .replace(":after", "'2026-01-01 03:00:00'");
        Map<String, Object> plan = explain(String.format(page, after)).get(0);
        assertThat(plan.get("type")).isEqualTo("range");
        assertThat(plan.get("key")).isEqualTo("trash_item_by_workspace");
        assertThat(Integer.parseInt(plan.get("key_len").toString())).as("workspace, deleted_at and id").isGreaterThan(1030);
        assertThat(plan).containsKey("extra");
        assertThat(String.valueOf(plan.get("extra"))).doesNotContain("filesort");

        Map<String, Object> rowValue = explain(String.format(page, "(deleted_at, id) < ('2026-01-01 03:00:00', "
                + "'80000000-0000-0000-0000-000000000000')")).get(0);
        assertThat(Integer.parseInt(rowValue.get("key_len").toString()))
                .as("why the dialect writes the keyset out: the row value bounds nothing past the workspace").isEqualTo(1022);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SortOrder.class)
    @DisplayName("R38 every order's page after a cursor is a range on its index led by the workspace, sorting nothing "
            + "(the keyset written out)")
    void everyOrderUsesItsIndex(SortOrder order) {
        seedItems(20_000, 4);
        String column = JdbiTrashStore.sortColumn(order.field());
        String direction = order.ascending() ? " ASC" : " DESC";
        String value = switch (order.field()) {
            case DELETED_AT -> "'2026-01-01 03:00:00'";
            case EXPIRES_AT -> "'2026-02-20 00:00:00'";
            case SIZE -> "50000";
            case NAME -> "'n5'";
        };
        String after = dialect.after(column, !order.ascending())
                .replace(":afterId", "'80000000-0000-0000-0000-000000000000'").replace(":after", value);
        String page = "SELECT * FROM trash_item WHERE workspace = 'w1' AND (purge_owner IS NULL AND expires_at > "
                + "'2026-01-02') AND " + after + " ORDER BY " + column + direction + ", id" + direction + " LIMIT 51";
        Map<String, Object> plan = explain(page).get(0);
        String index = switch (order.field()) {
            case DELETED_AT -> "trash_item_by_workspace";
            case EXPIRES_AT -> "trash_item_by_workspace_expiry";
            case SIZE -> "trash_item_by_workspace_size";
            case NAME -> "trash_item_by_workspace_name";
        };
        assertThat(plan.get("key")).as(plan.toString()).isEqualTo(index);
        assertThat(plan.get("type")).as(plan.toString()).isEqualTo("range");
        assertThat(String.valueOf(plan.get("extra"))).as(plan.toString()).doesNotContain("filesort");
    }

    @Test
    @DisplayName("R39 with most items of the window warned already, the sweeper's claim of items to warn is a range on "
            + "(workspace, warned_at, expires_at), soonest first without a sort, so that it reads and locks only that "
            + "workspace's items not warned yet; the look across workspaces reads (warned_at, expires_at)")
    void warningsUseTheirIndexes() {
        seedItems(20_000, 4);
        // The steady state: the items of the window were warned at earlier sweeps but for those that entered it since.
        sql("UPDATE trash_item SET warned_at = '2026-02-09' WHERE expires_at > '2026-02-10' AND expires_at <= '2026-02-16'",
                "ANALYZE TABLE trash_item");
        String warnable = "purge_owner IS NULL AND held_at IS NULL AND warned_at IS NULL AND expires_at > '2026-02-10'"
                + " AND expires_at <= '2026-02-17'";
        Map<String, Object> claim = explain("SELECT * FROM trash_item WHERE workspace = 'w1' AND (" + warnable + ")"
                + dialect.limitedLockOrder(dialect.warnOrder()) + " LIMIT 100 FOR UPDATE SKIP LOCKED").get(0);
        assertThat(claim.get("key")).as(claim.toString()).isEqualTo("trash_item_to_warn");
        assertThat(claim.get("type")).as(claim.toString()).isEqualTo("range");
        assertThat(String.valueOf(claim.get("extra"))).as(claim.toString()).doesNotContain("filesort");
        Map<String, Object> look = explain("SELECT DISTINCT workspace FROM trash_item WHERE (" + warnable + ") LIMIT 100").get(0);
        assertThat(look.get("key")).as(look.toString()).isEqualTo("trash_item_to_warn_any");
        assertThat(look.get("type")).as(look.toString()).isEqualTo("range");
    }

    @Test
    @DisplayName("R22 statements that take items by id name the primary key: on a small table InnoDB would otherwise scan "
            + "(and lock) every row; the claim's ordered scan is a range on (workspace, due_at)")
    void claimsStayOnTheIndex() {
        seedItems(40, 1);
        String ids = jdbi.withHandle(h -> h.createQuery("SELECT GROUP_CONCAT(QUOTE(id)) FROM (SELECT id FROM trash_item"
                + " WHERE workspace = 'w0' LIMIT 10) x").mapTo(String.class).one());
        String where = " WHERE workspace = 'w0' AND id IN (" + ids + ")";
        for (String sql : List.of("SELECT * FROM " + dialect.byKey("trash_item") + where + " ORDER BY id FOR UPDATE",
                "UPDATE " + dialect.byKey("trash_item") + " SET purge_owner = 'x', available_at = due_at" + where,
                dialect.deleteByKey("trash_item") + where)) {
            Map<String, Object> plan = explain(sql).get(0);
            assertThat(plan.get("type")).as(sql).isEqualTo("range");
            assertThat(plan.get("key")).as(sql).isEqualTo("PRIMARY");
        }
        assertThat(explain("UPDATE trash_item SET purge_owner = 'x', available_at = due_at" + where).get(0).get("type"))
                .as("why: without the hint, a scan of the whole index").isIn("index", "ALL");
        Map<String, Object> claim = explain("SELECT * FROM trash_item WHERE workspace = 'w0' AND due_at <= '2026-03-01'"
                + dialect.limitedLockOrder("due_at") + " LIMIT 5 FOR UPDATE SKIP LOCKED").get(0);
        assertThat(claim.get("type")).isEqualTo("range");
        assertThat(claim).containsKey("extra");
        assertThat(String.valueOf(claim.get("extra"))).doesNotContain("filesort");
    }

    // ---------------------------------------------------------------- cascade

    @Test
    @DisplayName("R3 a cascade level is a locking count-and-sum, then the UPDATE; a child that joins the level between "
            + "them (READ COMMITTED, no foreign key) fails the level as a lost race instead of miscounting its bytes")
    void cascadeLevelGuard() throws Exception {
        sql("CREATE TABLE proj (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL, name VARCHAR(255) NOT NULL,"
                        + " trash_item UUID, INDEX proj_trash (trash_item))",
                "CREATE TABLE task (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL, proj_id VARCHAR(64)"
                        + " NOT NULL, name VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL, trash_item UUID,"
                        + " INDEX task_trash (trash_item), INDEX task_parent (proj_id))", // no foreign key
                "INSERT INTO proj VALUES ('p1', 'ws', 'P', NULL)",
                "INSERT INTO task VALUES ('t1', 'ws', 'p1', 'T', 10, NULL), ('t2', 'ws', 'p1', 'T', 20, NULL)");
        ResourceTable proj = ResourceTable.of("project", "proj");
        ResourceTable task = ResourceTable.of("task", "task").childOf("project", "proj_id").size("size_bytes");
        String item = TrashItemId.random().value().toString();
        CascadeLevel level = new CascadeLevel(task, proj, item, "ws", "ws", "p.trash_item = :item", java.util.Optional.empty());
        sql("UPDATE proj SET trash_item = '" + item + "'");

        // Plain: two statements, the count and the bytes of exactly the rows marked.
        List<String> statements = new ArrayList<>();
        SqlLogger logger = new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.add(context.getRenderedSql());
            }
        };
        jdbi.getConfig(SqlStatements.class).setSqlLogger(logger);
        dev.trash.spi.Marked marked = jdbi.inTransaction(h -> dialect.markChildren(h, level));
        assertThat(marked).isEqualTo(new dev.trash.spi.Marked(2, 30));
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).startsWith("SELECT COUNT(*) AS n").endsWith("FOR UPDATE");
        assertThat(statements.get(1)).startsWith("UPDATE task c JOIN proj p ON c.proj_id = p.id SET c.trash_item");
        dev.trash.spi.Marked again = jdbi.inTransaction(h -> dialect.markChildren(h, level));
        assertThat(again).as("nothing left: one statement")
                .isEqualTo(dev.trash.spi.Marked.NONE);

        // A child inserted (and committed) by another connection between the two statements.
        sql("UPDATE task SET trash_item = NULL");
        jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                if (context.getRenderedSql().startsWith("SELECT COUNT(*) AS n")) {
                    try (Connection other = db.dataSource().getConnection(); Statement s = other.createStatement()) {
                        s.execute("INSERT INTO task VALUES ('t3', 'ws', 'p1', 'T', 40, NULL)");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        });
        assertThatThrownBy(() -> jdbi.useHandle(h -> {
            h.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
            try {
                h.useTransaction(tx -> dialect.markChildren(tx, level));
            } finally {
                h.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            }
        })).isInstanceOf(RetryableException.class)
                .hasMessageContaining("rows of task joined the cascade while it ran (2 locked, 3 marked)");
        jdbi.getConfig(SqlStatements.class).setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
        long marks = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM task WHERE trash_item IS NOT NULL")
                .mapTo(Long.class).one());
        assertThat(marks).as("the level rolled back").isZero();
    }

    // ---------------------------------------------------------------- schema

    @Test
    @DisplayName("R29 createSchemaIfMissing runs the script under GET_LOCK and releases it; inside a transaction (whose "
            + "first CREATE would commit it) it refuses with IllegalStateException")
    void schemaLock() {
        JdbiTrash backend = JdbiTrash.create(jdbi, PROJ);
        assertThatThrownBy(() -> jdbi.useTransaction(h -> backend.createSchemaIfMissing()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("every CREATE commits the open transaction");
        backend.createSchemaIfMissing();
        Integer free = jdbi.withHandle(h -> h.createQuery("SELECT IS_FREE_LOCK(:name)")
                .bind("name", MariaDbDialect.SCHEMA_LOCK).mapTo(Integer.class).one());
        assertThat(free).as("the lock is released").isEqualTo(1);
        long tables = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE "
                + "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'trash_item' AND ENGINE = 'InnoDB'").mapTo(Long.class).one());
        assertThat(tables).isEqualTo(1);
        // While another session holds the lock, a start waits; it proceeds once the lock is free.
        try (Handle holder = jdbi.open()) {
            holder.createQuery("SELECT GET_LOCK(:name, 1)").bind("name", MariaDbDialect.SCHEMA_LOCK).mapTo(Integer.class).one();
            var start = java.util.concurrent.CompletableFuture.supplyAsync(() -> JdbiTrash.create(db.jdbi(), PROJ)
                    .createSchemaIfMissing());
            assertThat(start).isNotCompleted();
            sleep(500);
            assertThat(start).as("waits for the lock").isNotCompleted();
            holder.createQuery("SELECT RELEASE_LOCK(:name)").bind("name", MariaDbDialect.SCHEMA_LOCK).mapTo(Integer.class).one();
            assertThat(start.join().database()).isEqualTo(Database.MARIADB);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

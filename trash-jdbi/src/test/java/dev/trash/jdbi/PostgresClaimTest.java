package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.TrashRecord;
import dev.trash.testkit.States;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sweeper's claim on PostgreSQL (SPEC R22): one statement per batch, and a HOT update, which
 * writes no index entry: the claim changes no indexed column ({@code due_at} stays, the lease goes
 * to {@code available_at}, and schema version 5 takes {@code purge_owner} out of the warnings'
 * partial index), and the table keeps room on its pages for the new row versions (fillfactor 90).
 */
class PostgresClaimTest {
    private static final WorkspaceId W = WorkspaceId.of("acme");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private String schema;
    private Jdbi jdbi;

    @BeforeEach
    void schema() {
        schema = TestPostgres.newSchema();
        jdbi = Jdbi.create(TestPostgres.url(schema), "postgres", "");
    }

    @AfterEach
    void drop() {
        TestPostgres.dropSchema(schema);
    }

    private static TrashRecord due(int i) {
        Instant deleted = NOW.minus(Duration.ofDays(40)).plusSeconds(i);
        return new TrashRecord(TrashItemId.random(), W, ResourceRef.of("project", "p" + i), "Project " + i,
                Optional.of("p-" + i), Optional.empty(), deleted, ActorId.of("alice"), deleted.plus(Duration.ofDays(30)),
                1, 0, Optional.empty(), Optional.empty());
    }

    @Test
    @DisplayName("R22 a claim of due items is one UPDATE … RETURNING, HOT for every row, and leaves due_at as it was")
    void claimIsOneHotStatement() {
        runScripts(5);
        JdbiTrashStore store = new JdbiTrashStore(jdbi, new PostgresDialect());
        for (int i = 0; i < 5; i++) {
            store.insert(due(i));
        }
        List<String> statements = new CopyOnWriteArrayList<>();
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.add(context.getRenderedSql());
            }
        });
        long[] counts = jdbi.inTransaction(h -> {
            List<TrashRecord> got = store.claimNext(W, States.due(NOW), States.claim("sweeper", NOW.plus(Duration.ofMinutes(10))), 3);
            assertThat(got).hasSize(3).allSatisfy(r -> assertThat(r.purge().orElseThrow().owner()).isEqualTo("sweeper"));
            assertThat(got).extracting(TrashRecord::deletedAt).isSorted();
            return h.createQuery("SELECT pg_stat_get_xact_tuples_updated('trash_item'::regclass),"
                            + " pg_stat_get_xact_tuples_hot_updated('trash_item'::regclass)")
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
        });
        assertThat(statements).as("the claim").hasSize(2).first().asString()
                .startsWith("WITH c AS MATERIALIZED (SELECT").contains("FOR UPDATE SKIP LOCKED").contains("RETURNING");
        assertThat(counts).as("rows updated, of them HOT").containsExactly(3, 3);
        long unchanged = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM trash_item WHERE due_at = expires_at")
                .mapTo(Long.class).one());
        assertThat(unchanged).as("due_at unchanged").isEqualTo(5);
        assertThat(store.claimNext(W, States.due(NOW), States.claim("other", NOW.plus(Duration.ofMinutes(10))), 10))
                .as("a claimed item is not due until its lease ends").hasSize(2);
        assertThat(store.claimNext(W, States.due(NOW.plus(Duration.ofMinutes(10))),
                States.claim("later", NOW.plus(Duration.ofMinutes(20))), 10)).as("then it is").hasSize(5);
    }

    @Test
    @DisplayName("R29 version 5 upgrades a version-4 schema in place: fillfactor 90, the warnings' index without purge_owner")
    void version5UpgradesVersion4() {
        runScripts(4);
        assertThat(warnIndexPredicate()).contains("purge_owner");
        assertThat(fillfactor()).isNull();

        runScripts(5); // as createSchemaIfMissing runs them: every script, in order
        assertThat(warnIndexPredicate()).doesNotContain("purge_owner").contains("warned_at IS NULL").contains("held_at IS NULL");
        assertThat(fillfactor()).isEqualTo("{fillfactor=90}");
        runScripts(5);
        assertThat(warnIndexPredicate()).as("running it again changes nothing").doesNotContain("purge_owner");
    }

    /** Runs the first {@code versions} schema scripts, as the dialect runs them (in one transaction). */
    private void runScripts(int versions) {
        jdbi.useHandle(h -> new PostgresDialect().runSchemaScripts(h, Database.POSTGRESQL.schemaSql().subList(0, versions)));
    }

    private String warnIndexPredicate() {
        return jdbi.withHandle(h -> h.createQuery("SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i"
                + " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'trash_item_to_warn'"
                + " AND i.indrelid = 'trash_item'::regclass").mapTo(String.class).one());
    }

    private String fillfactor() {
        return jdbi.withHandle(h -> h.createQuery("SELECT reloptions::text FROM pg_class WHERE oid = 'trash_item'::regclass")
                .mapTo(String.class).findOne().orElse(null));
    }
}

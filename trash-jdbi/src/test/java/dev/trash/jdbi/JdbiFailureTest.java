package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.BackendException;
import dev.trash.ResourceRef;
import dev.trash.RetryableException;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TrashSweeper;
import dev.trash.TreemapOptions;
import dev.trash.WorkspaceId;
import dev.trash.memory.ManualClock;
import dev.trash.testkit.ReferenceTypes;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Database failures reach the caller as the library's own exceptions, each carrying the database's
 * exception as its cause: a lost race (lock timeout, deadlock, serialization failure) as a
 * {@link RetryableException}, anything else (pool closed, session killed, table dropped) as a
 * {@link BackendException}; never a raw Jdbi exception. What the caller's own code throws inside
 * {@link JdbiTrash#inTransaction} comes out unchanged.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JdbiFailureTest {
    private static final WorkspaceId W1 = WorkspaceId.of("w1");
    private static final ActorId ALICE = ActorId.of("alice");
    private static final ResourceRef P1 = ResourceRef.of(ReferenceTypes.PROJECT, "p1");
    private static final ResourceRef P2 = ResourceRef.of(ReferenceTypes.PROJECT, "p2");

    @Parameter
    TestDatabase database;

    private TestDatabase.Fresh db;
    private Jdbi jdbi;
    private JdbiTrash adapter;
    private ManualClock clock;
    private TrashManager trash;

    @BeforeEach
    void setUp() {
        db = database.fresh(4);
        jdbi = db.jdbi();
        adapter = JdbiTrash.create(jdbi, ReferenceSchema.tables()).createSchemaIfMissing();
        jdbi.useTransaction(h -> ReferenceSchema.ddl(adapter.database()).forEach(h::execute));
        jdbi.useHandle(h -> h.execute("INSERT INTO project (id, workspace_id, name, slug, size_bytes) VALUES"
                + " ('p1', 'w1', 'One', 'one', 1), ('p2', 'w1', 'Two', 'two', 2)"));
        clock = ManualClock.at(Instant.parse("2026-03-01T10:00:00Z"));
        trash = TrashManager.builder().backend(adapter).clock(clock).build();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private boolean active(ResourceRef ref) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM project WHERE id = :id AND trash_item IS NULL")
                .bind("id", ref.id()).mapTo(Integer.class).one()) == 1;
    }

    /** Asserts that {@code call} fails with a BackendException whose causes hold the Jdbi and JDBC exceptions. */
    private static void assertBackendFailure(String what, Supplier<?> call) {
        assertThatThrownBy(call::get).as(what)
                .isInstanceOf(BackendException.class)
                .hasMessageStartingWith("the database failed")
                .satisfies(e -> {
                    assertThat(e.getCause()).as(what + ": the cause").isInstanceOf(JdbiException.class);
                    assertThat(causes(e)).as(what + ": the JDBC failure").anySatisfy(c -> assertThat(c).isInstanceOf(SQLException.class));
                });
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    @Test
    @DisplayName("a closed pool: every operation throws BackendException with the pool's failure as its cause; a sweep records it")
    void closedPool() {
        TrashItem item = trash.delete(W1, P1, ALICE);
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());
        db.dataSource().close();

        assertBackendFailure("list", () -> trash.list(W1, TrashQuery.all()));
        assertBackendFailure("get", () -> trash.get(W1, item.id()));
        assertBackendFailure("delete", () -> trash.delete(W1, P2, ALICE));
        assertBackendFailure("restore", () -> trash.restore(W1, item.id(), ALICE));
        assertBackendFailure("purge", () -> trash.purge(W1, item.id(), ALICE));
        assertBackendFailure("emptyTrash", () -> trash.emptyTrash(W1, ALICE));
        assertBackendFailure("storageSummary", () -> trash.storageSummary(W1));
        assertBackendFailure("treemap", () -> trash.treemap(W1, TreemapOptions.defaults()));
        assertBackendFailure("store find", () -> adapter.store().find(W1, item.id()));
        assertBackendFailure("resources find", () -> adapter.resources().find(W1, P1));
        assertBackendFailure("inTransaction", () -> adapter.inTransaction(() -> 1));

        assertThatThrownBy(trash::validate).isInstanceOf(BackendException.class).hasCauseInstanceOf(JdbiException.class);
        assertThatThrownBy(() -> JdbiTrash.create(jdbi, ReferenceSchema.tables())).as("create asks the database")
                .isInstanceOf(BackendException.class).hasMessageContaining("could not ask the database which one it is");
        clock.advance(Duration.ofDays(31));
        sweeper.sweepOnce(); // a sweep never throws: it keeps the failure in its status
        assertThat(sweeper.status().lastError()).isPresent();
    }

    @Test
    @DisplayName("a dropped trash_item table: BackendException naming the SQLSTATE, and the delete that hit it changed nothing")
    void droppedTable() {
        jdbi.useHandle(h -> h.execute("DROP TABLE trash_item"));

        assertBackendFailure("list", () -> trash.list(W1, TrashQuery.all()));
        assertThatThrownBy(() -> trash.delete(W1, P1, ALICE)).isInstanceOf(BackendException.class)
                .hasMessageContaining("SQLSTATE 42");
        assertThat(active(P1)).as("the mark was rolled back with the failed insert").isTrue();
    }

    /** @return the id of the calling thread's session (its handle's connection) */
    private int sessionId() {
        return jdbi.withHandle(h -> h.createQuery(switch (database) {
            case POSTGRESQL -> "SELECT pg_backend_pid()";
            case MARIADB -> "SELECT CONNECTION_ID()";
            case H2 -> "SELECT SESSION_ID()";
        }).mapTo(Integer.class).one());
    }

    /** Kills session {@code id} from another connection, as an operator or a failover would. */
    private void kill(int id) {
        if (database == TestDatabase.POSTGRESQL) {
            PostgresBackend.execute("SELECT pg_terminate_backend(" + id + ", 10000)");
        } else if (database == TestDatabase.MARIADB) {
            MariadbBackend.execute("KILL " + id);
        } else {
            try (var other = db.dataSource().getConnection(); var s = other.createStatement()) {
                s.execute("SELECT ABORT_SESSION(" + id + ")");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    @DisplayName("a session killed inside a transaction (pg_terminate_backend, MariaDB's KILL, H2's ABORT_SESSION): the next statement is a BackendException, unchanged by inTransaction")
    void killedSession() {
        assertThatThrownBy(() -> adapter.inTransaction(() -> {
            adapter.store().find(W1, dev.trash.TrashItemId.random());
            kill(sessionId());
            return adapter.resources().find(W1, P1);
        })).isInstanceOf(BackendException.class)
                .satisfies(e -> assertThat(causes(e)).anySatisfy(c -> assertThat(c).isInstanceOf(SQLException.class)));
        db.dataSource().getHikariPoolMXBean().softEvictConnections(); // H2's pool cannot tell that the aborted session's connection is dead

        // Inside the host's own transaction, the manager's call fails the same way (what the host's own
        // useTransaction then throws, e.g. when its rollback fails on the dead connection, is Jdbi's business).
        List<Throwable> fromDelete = new ArrayList<>();
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            kill(sessionId());
            try {
                trash.delete(W1, P1, ALICE);
            } catch (RuntimeException e) {
                fromDelete.add(e);
                throw e;
            }
        }));
        assertThat(fromDelete).singleElement().isInstanceOf(BackendException.class);
        db.dataSource().getHikariPoolMXBean().softEvictConnections();
        assertThat(active(P1)).isTrue();
        assertThat(trash.delete(W1, P1, ALICE).root()).as("the pool recovers").isEqualTo(P1);
    }

    @Test
    @DisplayName("what the caller's own work throws inside inTransaction (a Jdbi exception of its SQL too) comes out unchanged, rolled back")
    void ownExceptionsUnchanged() {
        RuntimeException own = new IllegalStateException("the host's own failure");
        assertThatThrownBy(() -> adapter.inTransaction(() -> {
            jdbi.useHandle(h -> h.execute("UPDATE project SET name = 'changed' WHERE id = 'p1'"));
            throw own;
        })).isSameAs(own);
        List<JdbiException> raised = new ArrayList<>();
        assertThatThrownBy(() -> adapter.inTransaction(() -> {
            jdbi.useHandle(h -> h.execute("UPDATE project SET name = 'changed' WHERE id = 'p1'"));
            try {
                jdbi.useHandle(h -> h.execute("SELECT * FROM no_such_table"));
            } catch (JdbiException e) {
                raised.add(e);
                throw e;
            }
            return null;
        })).isInstanceOf(JdbiException.class).isSameAs(raised.get(0));
        String name = jdbi.withHandle(h -> h.createQuery("SELECT name FROM project WHERE id = 'p1'").mapTo(String.class).one());
        assertThat(name).as("both rolled back").isEqualTo("One");
        StackOverflowError error = new StackOverflowError("deep");
        assertThatThrownBy(() -> adapter.inTransaction(() -> {
            throw error;
        })).isSameAs(error);
    }

    @Test
    @DisplayName("R22 a delete that waits too long for a row another transaction holds is a RetryableException (lock timeout), and changes nothing")
    void lockTimeoutIsRetryable() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Future<?> holder = threads.submit(() -> {
                jdbi.useTransaction(h -> {
                    h.execute("UPDATE project SET name = name WHERE id = 'p1'");
                    holding.countDown();
                    assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                });
                return null;
            });
            assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();
            try {
                assertThatThrownBy(() -> jdbi.useTransaction(h -> {
                    h.execute(switch (database) {
                        case POSTGRESQL -> "SET LOCAL lock_timeout = '200ms'";
                        case MARIADB -> "SET SESSION innodb_lock_wait_timeout = 1"; // whole seconds only
                        case H2 -> "SET LOCK_TIMEOUT 200";
                    });
                    try {
                        trash.delete(W1, P1, ALICE);
                    } finally {
                        if (database != TestDatabase.POSTGRESQL) { // a session setting: the pooled connection keeps it
                            h.rollback();
                            h.execute(database == TestDatabase.H2 ? "SET LOCK_TIMEOUT 20000"
                                    : "SET SESSION innodb_lock_wait_timeout = DEFAULT");
                        }
                    }
                })).isInstanceOf(RetryableException.class)
                        .hasMessageContaining(switch (database) {
                            case POSTGRESQL -> "SQLSTATE 55P03";
                            case MARIADB -> "error 1205";
                            case H2 -> "SQLSTATE HYT00";
                        })
                        .hasCauseInstanceOf(JdbiException.class);
            } finally {
                release.countDown();
                holder.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(active(P1)).isTrue();
        assertThat(trash.list(W1, TrashQuery.all()).items()).isEmpty();
        assertThat(trash.delete(W1, P1, ALICE).root()).as("and a retry succeeds").isEqualTo(P1);
    }

    @Test
    @DisplayName("the dialect's conflict SQLSTATEs are RetryableException, every other SQLSTATE a BackendException, the cause kept")
    void translation() {
        Dialect dialect = database.database().dialect();
        List<String> conflicts = switch (database) {
            case POSTGRESQL -> List.of("40001", "40P01", "55P03");
            case MARIADB -> List.of("40001"); // and the error codes of MariadbDialectTest
            case H2 -> List.of("40001", "40P01", "HYT00", "90131");
        };
        for (String state : conflicts) {
            JdbiException e = failure(state);
            assertThat(Sql.translate(dialect, e)).as(state).isInstanceOf(RetryableException.class).hasCause(e);
        }
        for (String state : List.of("08006", "57P01", "42P01", "23505", "53300")) {
            JdbiException e = failure(state);
            assertThat(Sql.translate(dialect, e)).as(state).isInstanceOf(BackendException.class).hasCause(e)
                    .hasMessageContaining("SQLSTATE " + state);
        }
        assertThat(dialect.conflictStates()).containsExactlyInAnyOrderElementsOf(conflicts);
    }

    private static JdbiException failure(String state) {
        return new UnableToExecuteStatementException("statement failed", new SQLException("boom", state), null);
    }
}

package dev.trash.jdbi.spring;

import static dev.trash.jdbi.spring.FolderApp.ACME;
import static dev.trash.jdbi.spring.FolderApp.ALICE;
import static dev.trash.jdbi.spring.FolderApp.folder;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.trash.SweepReport;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.memory.ManualClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SPEC R30 in a Spring Boot application: the auto-configured sweeper starts with the context and,
 * when the context closes in the middle of a sweep, stops before the {@code DataSource}'s pool
 * closes: the purge unit that is running finishes on an open pool, the units not started are
 * handed back at once (claimable now by another instance), nothing is logged as failed, and no
 * sweep runs after the close.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(SpringDatabase.class)
class SweeperLifecycleTest {
    @Parameter
    SpringDatabase database;

    private SpringDatabase.Fresh db;
    private final List<LogRecord> problems = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                problems.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level trashLevel;

    @BeforeEach
    void watchLogs() {
        db = database.fresh();
        Logger trash = Logger.getLogger("dev.trash");
        trashLevel = trash.getLevel();
        trash.setLevel(Level.WARNING);
        trash.addHandler(capture);
    }

    @AfterEach
    void drop() {
        Logger trash = Logger.getLogger("dev.trash");
        trash.removeHandler(capture);
        trash.setLevel(trashLevel);
        db.close();
    }

    private ApplicationContextRunner app() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, SqlInitializationAutoConfiguration.class,
                        TrashAutoConfiguration.class, TrashSweeperAutoConfiguration.class))
                .withUserConfiguration(FolderApp.class)
                .withPropertyValues(db.properties("trash.sweeper.interval=100ms"));
    }

    /** @return the purge owner and due time of the item's row, or null if the row is gone */
    private String[] row(TrashItemId item) {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT purge_owner, due_at FROM trash_item WHERE id = ?")) {
            s.setObject(1, item.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1),
                        rs.getObject(2, java.time.OffsetDateTime.class).toInstant().toString()} : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("R30 closing the context mid-sweep: the running unit ends on an open pool, the rest is handed back at once, no sweep after")
    void contextCloseStopsTheSweeperBeforeThePool() {
        app().run(context -> {
            assertThat(context).hasNotFailed();
            TrashSweeperLifecycle lifecycle = context.getBean(TrashSweeperLifecycle.class);
            assertThat(lifecycle.isRunning()).isTrue();
            TrashSweeper sweeper = context.getBean(TrashSweeper.class);
            assertThat(sweeper.isRunning()).as("started with the context").isTrue();
            HikariDataSource pool = context.getBean(HikariDataSource.class);
            TrashManager trash = context.getBean(TrashManager.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            FolderApp.Hook hook = context.getBean(FolderApp.Hook.class);
            FolderApp.Recorder recorder = context.getBean(FolderApp.Recorder.class);
            ManualClock clock = context.getBean(ManualClock.class);

            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<Boolean> poolOpenAtHookEnd = new CopyOnWriteArrayList<>();
            hook.plan.set(target -> {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                poolOpenAtHookEnd.add(!pool.isClosed());
            });
            List<TrashItemId> items = new ArrayList<>();
            for (String f : List.of("f1", "f2", "f3")) {
                FolderApp.seed(jdbc, f, 1);
                TrashItem item = trash.delete(ACME, folder(f), ALICE);
                items.add(item.id());
            }
            clock.advance(Duration.ofDays(31));
            Instant stoppedAt = clock.instant();

            assertThat(entered.await(20, TimeUnit.SECONDS)).as("a scheduled sweep reached the first hook").isTrue();
            ConfigurableApplicationContext app = context.getSourceApplicationContext(ConfigurableApplicationContext.class);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
            Thread.sleep(500);
            assertThat(closing).as("closing waits for the running purge unit").isNotDone();
            assertThat(pool.isClosed()).as("the pool is still open while the unit runs").isFalse();
            release.countDown();
            closing.get(30, TimeUnit.SECONDS);

            assertThat(pool.isClosed()).as("the context closed its pool").isTrue();
            assertThat(poolOpenAtHookEnd).as("the unit ended before the pool closed").containsExactly(true);
            assertThat(hook.purged).hasSize(1);
            TrashItemId done = hook.purged.get(0);
            assertThat(row(done)).as("the running unit finished: its item is purged").isNull();
            for (TrashItemId id : items) {
                if (!id.equals(done)) {
                    String[] handedBack = row(id);
                    assertThat(handedBack).as("item %s not started is still there", id).isNotNull();
                    assertThat(Instant.parse(handedBack[1])).as("handed back due now, not after its lease")
                            .isEqualTo(stoppedAt);
                }
            }
            assertThat(recorder.sweeps).last().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(SweepReport.Outcome.STOPPED);
                assertThat(r.error()).isEmpty();
            });
            assertThat(sweeper.status().lastError()).isEmpty();
            assertThat(sweeper.isRunning()).isFalse();
            assertThat(lifecycle.isRunning()).isFalse();
            int sweeps = recorder.sweeps.size();
            Thread.sleep(500);
            assertThat(recorder.sweeps).as("no sweep after the close (interval 100 ms)").hasSize(sweeps);
            assertThat(hook.purged).hasSize(1);
            assertThat(problems).as("nothing failed, no 'has been closed'").isEmpty();
        });
    }
}

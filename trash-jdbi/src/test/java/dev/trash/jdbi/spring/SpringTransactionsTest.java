package dev.trash.jdbi.spring;

import static dev.trash.jdbi.spring.FolderApp.ACME;
import static dev.trash.jdbi.spring.FolderApp.ALICE;
import static dev.trash.jdbi.spring.FolderApp.folder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.Purged;
import dev.trash.Restored;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TrashSweeper;
import dev.trash.jdbi.JdbiTrash;
import dev.trash.jdbi.ResourceTable;
import dev.trash.spi.TrashEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
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
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SPEC R27 in a Spring Boot application wired by the auto-configuration, on H2 and on PostgreSQL 17:
 * a delete or restore inside a {@code @Transactional} method runs on that transaction's connection,
 * so it commits or rolls back with the host's own SQL and never waits for a lock its own
 * transaction holds; its events fire after Spring's commit and never on rollback; purge, Empty
 * Trash and a sweep refuse to run inside the transaction. The same holds for a backend the host
 * makes itself over a {@link TransactionAwareDataSourceProxy} or its own {@code Jdbi} on
 * {@link SpringConnectionFactory}, and with {@link TransactionTemplate}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(SpringDatabase.class)
class SpringTransactionsTest {
    @Parameter
    SpringDatabase database;

    private final List<SpringDatabase.Fresh> made = new ArrayList<>();

    @AfterEach
    void drop() {
        made.forEach(SpringDatabase.Fresh::close);
    }

    /** @return a runner of the host application on a fresh database, its sweeper off (the tests sweep by hand) */
    private ApplicationContextRunner app(SpringDatabase.Fresh db) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, SqlInitializationAutoConfiguration.class,
                        TrashAutoConfiguration.class, TrashSweeperAutoConfiguration.class))
                .withUserConfiguration(FolderApp.class)
                .withPropertyValues(db.properties("trash.sweeper.enabled=false"));
    }

    private SpringDatabase.Fresh fresh() {
        SpringDatabase.Fresh db = database.fresh();
        made.add(db);
        return db;
    }

    private void run(Consumer<Context> test) {
        SpringDatabase.Fresh db = fresh();
        app(db).run(context -> {
            assertThat(context).hasNotFailed();
            test.accept(new Context(context, db));
        });
    }

    /** The running application, seen from the test. */
    private record Context(AssertableApplicationContext spring, SpringDatabase.Fresh db) {
        FolderApp.FolderService service() {
            return spring.getBean(FolderApp.FolderService.class);
        }

        TrashManager trash() {
            return spring.getBean(TrashManager.class);
        }

        JdbcTemplate jdbc() {
            return spring.getBean(JdbcTemplate.class);
        }

        FolderApp.Recorder recorder() {
            return spring.getBean(FolderApp.Recorder.class);
        }

        FolderApp.Hook hook() {
            return spring.getBean(FolderApp.Hook.class);
        }

        List<TrashItem> listed() {
            return trash().list(ACME, TrashQuery.all()).items();
        }

        /** @return the folder's name and trash column as another connection sees them, outside the application */
        Row seenByOthers(String table, String id) {
            try (Connection c = db.connect();
                 PreparedStatement s = c.prepareStatement("SELECT name, trash_item FROM " + table + " WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as("%s %s exists", table, id).isTrue();
                    return new Row(rs.getString(1), Optional.ofNullable(rs.getObject(2)).map(Object::toString));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    record Row(String name, Optional<String> trashItem) {
    }

    // ---------------------------------------------------------------- delete

    @Test
    @DisplayName("R27 a @Transactional method that deletes and then fails rolls back the host's SQL and the delete together")
    void rollbackUndoesHostSqlAndDelete() {
        run(app -> {
            FolderApp.seed(app.jdbc(), "f1", 2);

            assertThatThrownBy(() -> app.service().renameDeleteAndFail("f1", "Renamed"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("host's own failure");

            assertThat(app.seenByOthers("folders", "f1")).isEqualTo(new Row("Folder f1", Optional.empty()));
            assertThat(app.seenByOthers("documents", "f1-d0").trashItem()).isEmpty();
            assertThat(app.seenByOthers("documents", "f1-d1").trashItem()).isEmpty();
            assertThat(app.listed()).as("no item left in the Trash").isEmpty();
            assertThat(app.trash().totals().items()).isZero();
            assertThat(app.recorder().events).as("no event for a rolled-back delete").isEmpty();
            TrashItem again = app.trash().delete(ACME, folder("f1"), ALICE);
            assertThat(again.cascadedCount()).as("the folder is deletable as if nothing happened").isEqualTo(2);
        });
    }

    @Test
    @DisplayName("R27 a row updated earlier in the same @Transactional method is deleted at once: no wait for its own lock")
    void updatedRowIsDeletedAtOnce() {
        run(app -> {
            FolderApp.seed(app.jdbc(), "f1", 2);

            long start = System.nanoTime();
            TrashItem item = app.service().renameAndDelete("f1", "Renamed");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).as("well under the 3 s lock timeout").isLessThan(Duration.ofSeconds(2));
            assertThat(item.cascadedCount()).isEqualTo(2);
            Row folder = app.seenByOthers("folders", "f1");
            assertThat(folder.name()).as("the host's update committed").isEqualTo("Renamed");
            assertThat(folder.trashItem()).as("with the delete").contains(item.id().toString());
            assertThat(app.seenByOthers("documents", "f1-d1").trashItem()).contains(item.id().toString());
        });
    }

    @Test
    @DisplayName("R27 events of a delete or restore inside @Transactional fire after Spring's commit, when others see the change")
    void eventsAfterCommit() {
        run(app -> {
            FolderApp.seed(app.jdbc(), "f1", 1);
            List<Row> seenAtEvent = new CopyOnWriteArrayList<>();
            app.recorder().onEvent.set(e -> seenAtEvent.add(app.seenByOthers("folders", "f1")));

            TrashItem item = app.service().renameAndDelete("f1", "Renamed");
            assertThat(app.recorder().events).containsExactly(new TrashEvent.Deleted(item));
            assertThat(seenAtEvent).as("the event came after the commit").containsExactly(
                    new Row("Renamed", Optional.of(item.id().toString())));

            Restored restored = app.service().restoreAndRename(item.id(), "f1", "Back");
            assertThat(app.recorder().events).last().isEqualTo(new TrashEvent.RestoredItem(ACME, restored, ALICE, FolderApp.START));
            assertThat(seenAtEvent).last().isEqualTo(new Row("Back", Optional.empty()));
        });
    }

    @Test
    @DisplayName("R27 a restore inside a @Transactional method that fails rolls back with it: the item stays, no event")
    void rollbackUndoesRestore() {
        run(app -> {
            FolderApp.seed(app.jdbc(), "f1", 2);
            TrashItem item = app.trash().delete(ACME, folder("f1"), ALICE);
            app.recorder().events.clear();

            assertThatThrownBy(() -> app.service().restoreRenameAndFail(item.id(), "f1", "Back"))
                    .isInstanceOf(IllegalStateException.class);

            assertThat(app.seenByOthers("folders", "f1")).isEqualTo(new Row("Folder f1", Optional.of(item.id().toString())));
            assertThat(app.seenByOthers("documents", "f1-d0").trashItem()).contains(item.id().toString());
            assertThat(app.listed()).extracting(TrashItem::id).containsExactly(item.id());
            assertThat(app.recorder().events).isEmpty();
            assertThat(app.trash().restore(ACME, item.id(), ALICE).restoredCount()).isEqualTo(3);
        });
    }

    // ---------------------------------------------------------------- purges

    @Test
    @DisplayName("R27 purge, Empty Trash and a sweep refuse to run inside @Transactional: no hook runs, the item stays restorable")
    void purgesRefusedInside() {
        run(app -> {
            FolderApp.seed(app.jdbc(), "f1", 1);
            TrashItem item = app.trash().delete(ACME, folder("f1"), ALICE);
            app.spring().getBean(dev.trash.memory.ManualClock.class).advance(Duration.ofDays(31));
            TrashSweeper sweeper = app.trash().sweeper(SweeperOptions.defaults());
            JdbiTrash backend = app.spring().getBean(JdbiTrash.class);
            assertThat(backend.isActive()).isFalse();

            assertThatThrownBy(() -> app.service().purge(item.id())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("purge cannot run inside a transaction");
            assertThatThrownBy(() -> app.service().emptyTrash()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("emptyTrash cannot run inside a transaction");
            assertThatThrownBy(() -> app.service().sweep(sweeper)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sweepOnce cannot run inside a transaction");
            app.service().inside("f1", () -> assertThat(backend.isActive()).as("isActive sees Spring's transaction").isTrue());

            assertThat(app.hook().purged).isEmpty();
            assertThat(app.seenByOthers("folders", "f1").trashItem()).contains(item.id().toString());
            assertThat(app.trash().totals().purgingItems()).as("expired, not claimed by anything").isEqualTo(1);
            assertThat(sweeper.sweepOnce()).as("outside the transaction it purges").isEqualTo(new Purged(1, 110, 0));
            assertThat(app.hook().purged).containsExactly(item.id());
        });
    }

    // ---------------------------------------------------------------- the other ways hosts wire Spring

    /** The properties above for a backend the test makes itself over {@code dataSource}. */
    private void selfMade(String what, java.util.function.Function<DataSource, JdbiTrash> make) {
        run(app -> {
            DataSource dataSource = app.spring().getBean(DataSource.class);
            List<TrashEvent> events = new CopyOnWriteArrayList<>();
            JdbiTrash backend = make.apply(dataSource);
            TrashManager trash = TrashManager.builder().backend(backend).listener(events::add).build();
            TransactionTemplate tx = app.spring().getBean(TransactionTemplate.class);
            JdbcTemplate jdbc = app.jdbc();
            FolderApp.seed(jdbc, "f1", 2);

            assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                jdbc.update("UPDATE folders SET name = 'Renamed' WHERE id = 'f1'");
                trash.delete(ACME, folder("f1"), ALICE);
                throw new IllegalStateException("rollback");
            })).as(what).isInstanceOf(IllegalStateException.class);
            assertThat(app.seenByOthers("folders", "f1")).as(what).isEqualTo(new Row("Folder f1", Optional.empty()));
            assertThat(trash.list(ACME, TrashQuery.all()).items()).as(what).isEmpty();
            assertThat(events).as(what).isEmpty();

            TrashItem item = tx.execute(status -> {
                jdbc.update("UPDATE folders SET name = 'Renamed' WHERE id = 'f1'");
                TrashItem deleted = trash.delete(ACME, folder("f1"), ALICE);
                assertThat(events).as(what + ": not before the commit").isEmpty();
                assertThatThrownBy(() -> trash.purge(ACME, deleted.id(), ALICE)).as(what).isInstanceOf(IllegalStateException.class);
                return deleted;
            });
            assertThat(events).as(what + ": after the commit").containsExactly(new TrashEvent.Deleted(item));
            assertThat(app.seenByOthers("folders", "f1")).as(what)
                    .isEqualTo(new Row("Renamed", Optional.of(item.id().toString())));
            assertThat(trash.purge(ACME, item.id(), ALICE)).as(what).isEqualTo(new Purged(1, 120, 0));
        });
    }

    private static List<ResourceTable> tables() {
        FolderApp app = new FolderApp();
        return List.of(app.folders(), app.documents());
    }

    @Test
    @DisplayName("R27 a backend made over a TransactionAwareDataSourceProxy joins TransactionTemplate: rollback, events after commit, purge refused")
    void transactionAwareProxy() {
        selfMade("proxy", ds -> JdbiTrash.create(new TransactionAwareDataSourceProxy(ds), tables()));
    }

    @Test
    @DisplayName("R27 a backend made on the host's own Jdbi over SpringConnectionFactory joins Spring's transactions the same way")
    void hostJdbiOnSpringConnections() {
        selfMade("host Jdbi", ds -> JdbiTrash.create(SpringConnectionFactory.jdbi(ds), tables()));
    }

    @Test
    @DisplayName("R27 a backend made from the DataSource by hand (the README's wiring) joins Spring's transactions too")
    void plainCreateFromDataSource() {
        selfMade("JdbiTrash.create(dataSource)", ds -> JdbiTrash.create(ds, tables()));
    }

    @Test
    @DisplayName("R27 outside any transaction the adapter commits on its own; afterCommit outside any transaction is refused")
    void outsideTransactions() {
        run(app -> {
            FolderApp.seed(app.jdbc(), "f1", 0);
            TrashItem item = app.trash().delete(ACME, folder("f1"), ALICE);
            assertThat(app.recorder().events).containsExactly(new TrashEvent.Deleted(item));
            assertThat(app.seenByOthers("folders", "f1").trashItem()).contains(item.id().toString());
            JdbiTrash backend = app.spring().getBean(JdbiTrash.class);
            assertThatThrownBy(() -> backend.afterCommit(() -> { })).isInstanceOf(IllegalStateException.class);
            List<String> ran = new CopyOnWriteArrayList<>();
            app.spring().getBean(TransactionTemplate.class).executeWithoutResult(status -> {
                app.jdbc().update("UPDATE folders SET name = name WHERE id = 'f1'");
                backend.afterCommit(() -> ran.add("after commit"));
                assertThat(ran).isEmpty();
            });
            assertThat(ran).as("a host's own afterCommit inside a Spring transaction waits for it").containsExactly("after commit");
        });
    }
}

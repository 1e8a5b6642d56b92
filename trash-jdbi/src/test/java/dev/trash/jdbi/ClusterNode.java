package dev.trash.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.trash.SweeperOptions;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashListener;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * One "application instance" of a cluster sharing one PostgreSQL schema: its own HikariCP pool, its
 * own {@code Jdbi}, {@link JdbiTrash} adapter and {@link TrashManager} over the reference tables,
 * with a ledger that writes to {@code test_ledger} in the manager's transaction (through this
 * instance's pool). The clock, the purge hook and the listener are passed in, so that tests can
 * share them between instances or give each its own.
 */
final class ClusterNode implements AutoCloseable {
    final String name;
    final HikariDataSource pool;
    final Jdbi jdbi;
    final JdbiTrash adapter;
    final TrashManager trash;

    private ClusterNode(String name, HikariDataSource pool, Clock clock, PurgeHook hook, TrashListener listener) {
        this.name = name;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.adapter = JdbiTrash.create(jdbi, ReferenceSchema.tables()).createSchemaIfMissing();
        StorageLedger ledger = (workspace, item, bytes) -> jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO test_ledger (workspace, item, bytes) VALUES (:ws, :item, :bytes)")
                .bind("ws", workspace.value()).bind("item", item.value()).bind("bytes", bytes).execute());
        this.trash = TrashManager.builder()
                .backend(adapter)
                .storageLedger(ledger)
                .clock(clock)
                .purgeHook(hook)
                .listener(listener)
                .build();
    }

    /**
     * @return an instance with a pool of {@code poolSize} connections on {@code schema}, which must
     *     hold the reference tables (see {@link #createTables})
     */
    static ClusterNode start(String name, String schema, int poolSize, Clock clock, PurgeHook hook,
                             TrashListener listener) {
        HikariDataSource pool = PostgresBackend.pool(schema, poolSize);
        try {
            return new ClusterNode(name, pool, clock, hook, listener);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Creates the library's table and the reference tables (with {@code test_ledger}) in
     * {@code schema}, the host tables in {@code layout}.
     */
    static void createTables(String schema, ReferenceSchema.Layout layout) {
        try (HikariDataSource pool = PostgresBackend.pool(schema, 1)) {
            Jdbi jdbi = Jdbi.create(pool);
            JdbiTrash adapter = JdbiTrash.create(jdbi, ReferenceSchema.tables()).createSchemaIfMissing();
            jdbi.useTransaction(h -> ReferenceSchema.ddl(adapter.database(), layout).forEach(h::execute));
        }
    }

    /** @return a new sweeper of this instance's manager */
    TrashSweeper sweeper(SweeperOptions options) {
        return trash.sweeper(options);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return name;
    }
}

package dev.trash.jdbi;

import dev.trash.InvalidArgumentException;
import dev.trash.spi.HostResources;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The Jdbi adapter's entry point, for PostgreSQL and H2: the trash-item {@linkplain #store() store},
 * the host's {@linkplain #resources(ResourceTable...) resources} by table convention, the
 * {@linkplain #createSchemaIfMissing() schema}, and the {@link TrashTransactions} they share.
 *
 * <p><b>One transaction for host code and library.</b> Every statement of the adapter runs on Jdbi's
 * handle of the calling thread: inside {@code jdbi.useTransaction(…)}/{@code jdbi.inTransaction(…)}
 * (or {@link #inTransaction}) the manager's calls join that transaction, so the host's own SQL and
 * a delete or restore commit or roll back together:
 * <pre>{@code
 * jdbi.useTransaction(handle -> {
 *     handle.execute("UPDATE projects SET archived_by = ? WHERE id = ?", user, id);
 *     trash.delete(workspace, ResourceRef.of("project", id), actor);   // same transaction
 * });
 * }</pre>
 * Purges ({@code purge}, {@code emptyTrash}, {@code sweepOnce}) refuse to run inside a transaction
 * ({@link #isActive()}): their hooks delete data outside the database.
 *
 * <p><b>Time.</b> Expiry, leases and retries are compared with the manager's injected clock, passed to
 * every query, never with the database's {@code now()}: tests drive it, and every store behaves the
 * same. Application instances sharing a database must keep their clocks in sync (NTP); a skew of
 * seconds only moves when an item is purged by those seconds.
 *
 * <p>Creating a {@code JdbiTrash} installs Jdbi's {@link SqlObjectPlugin} and a row mapper for
 * {@link TrashRecord} on the given {@code Jdbi}. Thread-safe.
 */
public final class JdbiTrash implements TrashTransactions {
    /** How often {@link #createSchemaIfMissing} runs the scripts on H2 when a concurrent run interferes. */
    private static final int SCHEMA_ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final Database database;
    private final JdbiTrashStore store;

    private JdbiTrash(Jdbi jdbi, Database database) {
        this.jdbi = jdbi;
        this.database = database;
        this.store = new JdbiTrashStore(jdbi, database);
    }

    /**
     * @param jdbi the host's Jdbi, over PostgreSQL or H2
     * @return the adapter; asks the database once which one it is
     * @throws InvalidArgumentException if the database is neither
     */
    public static JdbiTrash create(Jdbi jdbi) {
        if (jdbi == null) {
            throw new InvalidArgumentException("jdbi must not be null");
        }
        jdbi.installPlugin(new SqlObjectPlugin());
        jdbi.registerRowMapper(TrashRecord.class, (rs, ctx) -> JdbiTrashStore.record(rs));
        String product;
        try {
            product = jdbi.withHandle(h -> h.getConnection().getMetaData().getDatabaseProductName());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not ask the database which one it is: " + e.getMessage(), e);
        }
        Database database = Database.fromProductName(product);
        return new JdbiTrash(jdbi, database);
    }

    /** @return the adapter on a new {@code Jdbi} over {@code dataSource} (any pool, e.g. HikariCP) */
    public static JdbiTrash create(DataSource dataSource) {
        if (dataSource == null) {
            throw new InvalidArgumentException("dataSource must not be null");
        }
        return create(Jdbi.create(dataSource));
    }

    /** @return the {@code Jdbi} the adapter runs on: use it for the host's own SQL */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** @return the database behind it */
    public Database database() {
        return database;
    }

    /** @return the trash-item store on table {@code trash_item} */
    public TrashStore store() {
        return store;
    }

    /**
     * @param tables the table of every resource type the manager declares
     * @return the host's resources on those tables
     * @throws InvalidArgumentException if a type has two tables, or a child's parent type has none
     */
    public HostResources resources(Collection<ResourceTable> tables) {
        if (tables == null) {
            throw new InvalidArgumentException("tables must not be null");
        }
        return new JdbiResources(jdbi, database, tables);
    }

    /** @return the host's resources on {@code tables}, see {@link #resources(Collection)} */
    public HostResources resources(ResourceTable... tables) {
        if (tables == null) {
            throw new InvalidArgumentException("tables must not be null");
        }
        return resources(Arrays.asList(tables));
    }

    /**
     * Creates the {@code trash_item} table and its indexes if they are missing, by running this
     * database's schema scripts ({@link Database#schemaScripts()}, all re-runnable) in one
     * transaction. On PostgreSQL an advisory lock keeps instances that start together from racing; on
     * H2, which has none, a run that collides with another one is repeated (up to 5 times).
     * Hosts that manage their schema with Flyway or by hand skip this and run the scripts themselves.
     *
     * @return this adapter
     */
    public JdbiTrash createSchemaIfMissing() {
        List<String> scripts = database.schemaSql();
        for (int attempt = 1; ; attempt++) {
            try {
                Sql.call(() -> jdbi.inTransaction(h -> {
                    if (database == Database.POSTGRESQL) {
                        h.createQuery("SELECT pg_advisory_xact_lock(7400125327)").mapTo(String.class).one();
                    }
                    scripts.forEach(sql -> h.createScript(sql).execute());
                    return null;
                }));
                return this;
            } catch (JdbiException e) {
                // H2 has no advisory lock: an instance creating the same objects at this moment makes
                // IF NOT EXISTS fail with "already exists". The scripts are re-runnable: run them again.
                if (database != Database.H2 || attempt == SCHEMA_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Runs {@code work} in a transaction on this thread's handle: joins the one already open (the
     * host's, or the library's), else begins one, committed if {@code work} returns and rolled back
     * if it throws (the exception propagates unchanged). A deadlock or serialization failure the
     * database reports becomes a {@link dev.trash.ConflictException}.
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (work == null) {
            throw new InvalidArgumentException("work must not be null");
        }
        try {
            return jdbi.inTransaction(h -> work.get());
        } catch (JdbiException e) {
            throw Sql.translate(e);
        }
    }

    /**
     * @return whether this thread has a Jdbi handle of this {@code Jdbi} inside a transaction. Only
     *     handles that Jdbi binds to the thread count: those of {@code jdbi.useTransaction},
     *     {@code inTransaction}, {@code withHandle}/{@code useHandle}; a handle from
     *     {@code jdbi.open()} is not bound, so the library neither sees nor joins its transaction.
     */
    @Override
    public boolean isActive() {
        HandleSupplier current = jdbi.getHandleScope().get();
        return current != null && current.getJdbi() == jdbi && current.getHandle().isInTransaction();
    }

    /** Registers {@code action} with the thread's handle ({@code Handle.afterCommit}). */
    @Override
    public void afterCommit(Runnable action) {
        if (action == null) {
            throw new InvalidArgumentException("action must not be null");
        }
        if (!isActive()) {
            throw new IllegalStateException("afterCommit called outside a transaction of this Jdbi");
        }
        jdbi.getHandleScope().get().getHandle().afterCommit(action);
    }
}

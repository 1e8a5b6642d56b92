package dev.trash.jdbi;

import dev.trash.BackendException;
import dev.trash.ConfigurationException;
import dev.trash.InvalidArgumentException;
import dev.trash.ResourceType;
import dev.trash.spi.HostResources;
import dev.trash.spi.TrashBackend;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The Jdbi adapter, for PostgreSQL, MariaDB (and MySQL) and H2: one {@link TrashBackend} that brings together the
 * trash-item {@linkplain #store() store} (table {@code trash_item}), the host's own tables as
 * {@linkplain #resources() resources}, the {@linkplain #createSchemaIfMissing() schema}, and the
 * {@link TrashTransactions} they share. Each resource type is described once, by its
 * {@link ResourceTable}; the manager's type graph is derived from those descriptions (SPEC R25):
 * <pre>{@code
 * JdbiTrash backend = JdbiTrash.create(dataSource,
 *         ResourceTable.of("project", "projects").slug("slug").size("size_bytes"),
 *         ResourceTable.of("model", "models").childOf("project", "project_id").slug("slug").size("size_bytes"))
 *     .createSchemaIfMissing();
 * TrashManager trash = TrashManager.builder().backend(backend).build();   // checks the schema (SPEC R26)
 * }</pre>
 *
 * <p><b>One transaction for host code and library (SPEC R27).</b> Every statement of the adapter
 * runs on Jdbi's handle of the calling thread: inside {@code jdbi.useTransaction(…)}/{@code
 * jdbi.inTransaction(…)} (or {@link #inTransaction}) the manager's calls join that transaction, so
 * the host's own SQL and a delete or restore commit or roll back together:
 * <pre>{@code
 * jdbi.useTransaction(handle -> {
 *     handle.execute("UPDATE projects SET archived_by = ? WHERE id = ?", user, id);
 *     trash.delete(workspace, ResourceRef.of("project", id), actor);   // same transaction
 * });
 * }</pre>
 * <b>Spring.</b> When spring-jdbc is on the class path, a backend made from a {@code DataSource}
 * takes its connections as Spring's {@code JdbcTemplate} does
 * ({@link dev.trash.jdbi.spring.SpringConnectionFactory}), so inside a Spring transaction
 * ({@code @Transactional}, {@code TransactionTemplate}; JDBC or JPA) a delete or restore runs on
 * that transaction's connection and commits or rolls back with it; its events wait for Spring's
 * commit ({@code TransactionSynchronization.afterCommit}). A backend made from the host's
 * {@code Jdbi} joins Spring's transactions when that {@code Jdbi} takes its connections from Spring
 * (made on {@code SpringConnectionFactory}, or by jdbi3-spring). Without Spring on the class path
 * nothing of it is loaded and only Jdbi's transactions exist.
 *
 * <p>Purges ({@code purge}, {@code emptyTrash}, {@code sweepOnce}) refuse to run inside a
 * transaction, Jdbi's or Spring's ({@link #isActive()}): their hooks delete data outside the
 * database that a rollback could not bring back.
 *
 * <p><b>Routed by workspace (SPEC R44).</b> Every statement names the workspace it works in
 * ({@code workspace = :ws} on {@code trash_item}, the configured workspace column on host tables,
 * subqueries and joins included), except the sweeper's unlocked look for the workspaces that have
 * due items. On a database sharded by workspace (Citus) every other statement is a single-shard one.
 *
 * <p><b>Errors.</b> A database failure reaches the caller as a {@link dev.trash.RetryableException}
 * when it is a lost race (deadlock, serialization failure, lock timeout) and as a
 * {@link BackendException} otherwise (connection lost, pool timeout, server restarted), each with
 * the Jdbi/JDBC exception as its cause: no raw Jdbi exception leaves the adapter.
 *
 * <p><b>Time.</b> Expiry, leases and retries are compared with the manager's injected clock, passed to
 * every query, never with the database's {@code now()}: tests drive it, and every store behaves the
 * same. Application instances sharing a database must keep their clocks in sync (NTP); a skew of
 * seconds only moves when an item is purged by those seconds.
 *
 * <p>Creating a {@code JdbiTrash} changes nothing in the given {@code Jdbi}'s configuration.
 * Thread-safe.
 */
public final class JdbiTrash implements TrashBackend, TrashTransactions {
    private final Jdbi jdbi;
    private final Database database;
    private final List<ResourceTable> tables;
    private final List<ResourceType> types;
    private final JdbiTrashStore store;
    private final JdbiResources resources;
    private final FrameworkTransactions framework = FrameworkTransactions.detect();
    /** How deep this thread is in {@link #inTransaction} calls that joined a framework's transaction. */
    private final ThreadLocal<int[]> joinedFramework = ThreadLocal.withInitial(() -> new int[1]);

    private JdbiTrash(Jdbi jdbi, Database database, Map<String, ResourceTable> tables) {
        this.jdbi = jdbi;
        this.database = database;
        this.tables = List.copyOf(tables.values());
        this.types = this.tables.stream().map(ResourceTable::resourceType).toList();
        this.store = new JdbiTrashStore(jdbi, database.dialect());
        this.resources = new JdbiResources(jdbi, database.dialect(), tables);
    }

    /**
     * {@return the backend; asks the database once which one it is}
     *
     * @param jdbi the host's Jdbi, over PostgreSQL, MariaDB (MySQL) or H2
     * @param tables the description of every resource type, each once; parents before children
     * @throws InvalidArgumentException if {@code jdbi} or {@code tables} is null, {@code tables} is
     *     empty, holds null, or describes a type twice, or if the database is none of PostgreSQL,
     *     MariaDB, MySQL and H2
     * @throws BackendException if the database cannot be reached
     */
    public static JdbiTrash create(Jdbi jdbi, Collection<ResourceTable> tables) {
        if (jdbi == null) {
            throw new InvalidArgumentException("jdbi must not be null");
        }
        Map<String, ResourceTable> byType = byType(tables);
        Database database = Database.fromProductName(productName(jdbi));
        return new JdbiTrash(jdbi, database, byType);
    }

    /**
     * {@return the backend on {@code jdbi} and {@code tables}, see {@link #create(Jdbi, Collection)}}
     *
     * @param jdbi the Jdbi to use
     * @param tables the host's tables, one per resource type
     */
    public static JdbiTrash create(Jdbi jdbi, ResourceTable... tables) {
        return create(jdbi, list(tables));
    }

    /**
     * {@return the backend on a new {@code Jdbi} over {@code dataSource} (any pool, e.g. HikariCP),
     *     see {@link #create(Jdbi, Collection)}; with Spring on the class path its connections are
     *     those of the current Spring transaction, if any ({@link
     *     dev.trash.jdbi.spring.SpringConnectionFactory})}
     *
     * @param dataSource the data source of the host's database
     * @param tables the host's tables, one per resource type
     */
    public static JdbiTrash create(DataSource dataSource, Collection<ResourceTable> tables) {
        if (dataSource == null) {
            throw new InvalidArgumentException("dataSource must not be null");
        }
        byType(tables); // refuses bad tables before the database is asked
        Jdbi jdbi = FrameworkTransactions.SpringDetection.PRESENT
                ? Jdbi.create(SpringTransactions.connectionFactory(dataSource))
                : Jdbi.create(dataSource);
        return create(jdbi, tables);
    }

    /**
     * {@return the backend on a new {@code Jdbi} over {@code dataSource}, see {@link #create(Jdbi, Collection)}}
     *
     * @param dataSource the data source of the host's database
     * @param tables the host's tables, one per resource type
     */
    public static JdbiTrash create(DataSource dataSource, ResourceTable... tables) {
        return create(dataSource, list(tables));
    }

    private static List<ResourceTable> list(ResourceTable[] tables) {
        if (tables == null) {
            throw new InvalidArgumentException("tables must not be null: describe every resource type with a ResourceTable");
        }
        return Arrays.asList(tables);
    }

    private static Map<String, ResourceTable> byType(Collection<ResourceTable> tables) {
        if (tables == null) {
            throw new InvalidArgumentException("tables must not be null: describe every resource type with a ResourceTable");
        }
        Map<String, ResourceTable> byType = new LinkedHashMap<>();
        for (ResourceTable t : tables) {
            if (t == null) {
                throw new InvalidArgumentException("tables must not contain null");
            }
            ResourceTable before = byType.put(t.typeName(), t);
            if (before != null) {
                throw new InvalidArgumentException("type '" + t.typeName() + "' is described twice (" + before + " and "
                        + t + "); describe each type once");
            }
        }
        if (byType.isEmpty()) {
            throw new InvalidArgumentException("tables must not be empty: describe every resource type with a ResourceTable");
        }
        return byType;
    }

    private static String productName(Jdbi jdbi) {
        try {
            return jdbi.withHandle(h -> h.getConnection().getMetaData().getDatabaseProductName());
        } catch (java.sql.SQLException | JdbiException e) {
            throw new BackendException("could not ask the database which one it is: " + e.getMessage(), e);
        }
    }

    /** {@return the {@code Jdbi} the adapter runs on: use it for the host's own SQL} */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** {@return the database behind it} */
    public Database database() {
        return database;
    }

    /** {@return the resource type of every table the backend was created with, in the order given} */
    @Override
    public List<ResourceType> types() {
        return types;
    }

    /**
     * The condition a host's query of the active rows of {@code type} needs (SPEC R1), on the table
     * behind {@code alias}: {@code <alias>.<trash column> IS NULL}, and for a type
     * {@linkplain ResourceTable#hiddenWithParent() hidden with its parent} (SPEC R42) also that its
     * parent is not in the Trash, e.g. for images hidden with their dataset:
     * <pre>{@code
     * i.trash_item IS NULL AND NOT EXISTS (SELECT 1 FROM datasets hidden_parent WHERE hidden_parent.id = i.dataset_id
     *     AND hidden_parent.workspace_id = i.workspace_id AND hidden_parent.trash_item IS NOT NULL)
     * }</pre>
     * The same on every database; the parent is found by its primary key (and the workspace, SPEC
     * R44). Use it in the host's SQL ({@code "SELECT … FROM images i WHERE i.dataset_id = ? AND " +
     * activeRows("image", "i")}), in a JPA {@code @SQLRestriction} (with the table's name as alias),
     * or through {@link #activeView}.
     *
     * @param type a type of this backend
     * @param alias the table's alias (or name) in the host's query: a plain SQL identifier
     * @return the SQL condition
     * @throws InvalidArgumentException if the type is not one of this backend's or the alias no identifier
     */
    public String activeRows(String type, String alias) {
        ResourceTable t = table(type);
        if (alias == null || !alias.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new InvalidArgumentException("alias must be a plain SQL identifier (letters, digits, _; not starting "
                    + "with a digit; at most 63 characters), was " + (alias == null ? "null" : "'" + alias + "'"));
        }
        String active = alias + "." + t.trashColumn() + " IS NULL";
        if (!t.resourceType().hidden()) {
            return active;
        }
        ResourceTable p = table(t.parentType().orElseThrow());
        String pa = "hidden_parent";
        return active + " AND NOT EXISTS (SELECT 1 FROM " + p.table() + " " + pa + " WHERE " + pa + "." + p.idColumn()
                + " = " + alias + "." + t.parentColumn().orElseThrow() + " AND " + pa + "." + p.workspaceColumn() + " = "
                + alias + "." + t.workspaceColumn() + " AND " + pa + "." + p.trashColumn() + " IS NOT NULL)";
    }

    /**
     * {@return the DDL of a view of the active rows of {@code type}: {@code CREATE VIEW <view> AS
     * SELECT t.* FROM <table> t WHERE <activeRows(type, "t")>}, for the host's reads (SPEC R42); the
     * same SQL on PostgreSQL, MariaDB/MySQL and H2}
     *
     * @param type a type of this backend
     * @param view the view's name: a plain SQL identifier, optionally schema-qualified
     * @throws InvalidArgumentException if the type is not one of this backend's or the name no identifier
     */
    public String activeView(String type, String view) {
        if (view == null || !view.matches("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new InvalidArgumentException("view must be a plain SQL identifier, optionally schema-qualified, was "
                    + (view == null ? "null" : "'" + view + "'"));
        }
        return "CREATE VIEW " + view + " AS SELECT t.* FROM " + table(type).table() + " t WHERE " + activeRows(type, "t");
    }

    private ResourceTable table(String type) {
        return tables.stream().filter(t -> t.typeName().equals(type)).findFirst()
                .orElseThrow(() -> new InvalidArgumentException("unknown resource type '" + type + "'; this backend's types: "
                        + tables.stream().map(ResourceTable::typeName).toList()));
    }

    /** {@return the trash-item store on table {@code trash_item}} */
    @Override
    public TrashStore store() {
        return store;
    }

    /** {@return the host's resources on the tables the backend was created with} */
    @Override
    public HostResources resources() {
        return resources;
    }

    /** {@return this backend: its transactions are Jdbi's, on the calling thread's handle} */
    @Override
    public TrashTransactions transactions() {
        return this;
    }

    /**
     * Checks the database against the descriptions (SPEC R26), through the JDBC metadata: the
     * {@code trash_item} table and its columns; every host table and every configured column (id,
     * workspace, parent, name, slug, size, trash), each with a usable type (the trash column a UUID,
     * {@link KeyType#BIGINT} keys integer columns, {@link KeyType#UUID} keys uuid columns,
     * {@link KeyType#TEXT} keys and slugs character columns, sizes integer columns); and the
     * recommended indexes (on each table one led by the trash column, on each child table one led
     * by the parent column, either optionally after the workspace column). A table without a schema
     * qualifier is looked up in the connection's current schema. The manager calls this when it is
     * built and from {@link dev.trash.TrashManager#validate()}, and logs each missing index as a
     * warning (System.Logger {@code dev.trash}).
     *
     * @return one line per missing recommended index, naming the {@code CREATE INDEX} statement
     * @throws ConfigurationException naming every missing or unusable table and column, and how to fix it
     * @throws BackendException if the database cannot be reached
     */
    @Override
    public List<String> validate() {
        return new Validator(jdbi, database, tables).validate();
    }

    /**
     * Creates the {@code trash_item} table and its indexes if they are missing, by running this
     * database's schema scripts ({@link Database#schemaScripts()}, all re-runnable) in one
     * transaction, oldest first: a schema of an older version of the library is upgraded in place,
     * keeping every item (SPEC R29). On PostgreSQL an advisory lock keeps instances that start
     * together from racing; on MariaDB a named lock ({@code GET_LOCK}) does (there every
     * {@code CREATE} commits on its own, so the scripts run outside a transaction, and not inside
     * one of the caller's); on H2, which has none, the runs of one JVM take turns (H2's concurrent
     * DDL is unreliable), and a run that collides with one of another process is repeated (up to 5
     * times).
     * Hosts that manage their schema with Flyway or by hand skip this and run the scripts themselves
     * (with Flyway in a history table of their own, {@link Database#FLYWAY_HISTORY_TABLE}).
     *
     * @return this backend
     * @throws BackendException if the scripts fail
     */
    public JdbiTrash createSchemaIfMissing() {
        Dialect dialect = database.dialect();
        List<String> scripts = database.schemaSql();
        for (int attempt = 1; ; attempt++) {
            try {
                jdbi.useHandle(h -> dialect.runSchemaScripts(h, scripts));
                return this;
            } catch (JdbiException e) {
                if (attempt >= dialect.schemaAttempts()) {
                    throw Sql.translate(dialect, e);
                }
            }
        }
    }

    /**
     * Runs {@code work} in a transaction on this thread's handle: joins the one already open (the
     * host's Jdbi transaction, the library's, or the Spring transaction whose connection the handle
     * has), at its isolation level, else begins one (on MariaDB at READ COMMITTED, see
     * {@link Database#MARIADB}), committed if {@code work} returns and rolled back if it throws. A
     * joined transaction is committed or rolled back by whoever began it. An exception thrown by
     * {@code work} propagates unchanged; a failure of the transaction itself (begin, commit, the
     * connection) is a {@link dev.trash.RetryableException} if it is a lost race (a serialization
     * failure at commit), else a {@link BackendException}.
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (work == null) {
            throw new InvalidArgumentException("work must not be null");
        }
        try {
            return jdbi.withHandle(h -> {
                if (h.isInTransaction() && framework.holds(h.getConnection())) {
                    int[] depth = joinedFramework.get();
                    depth[0]++;
                    try {
                        return run(work);
                    } finally {
                        depth[0]--;
                    }
                }
                if (h.isInTransaction() || database.dialect().isolation() == TransactionIsolationLevel.UNKNOWN) {
                    return h.inTransaction(inner -> run(work));
                }
                return h.inTransaction(database.dialect().isolation(), inner -> run(work));
            });
        } catch (WorkFailed e) {
            throw e.unwrap();
        } catch (JdbiException e) {
            throw Sql.translate(database.dialect(), e);
        }
    }

    private static <T> T run(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            throw new WorkFailed(e);
        }
    }

    /** Carries an exception of the caller's work through Jdbi's transaction handling, untouched. */
    private static final class WorkFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WorkFailed(Throwable cause) {
            super(cause.getMessage(), cause, true, false);
        }

        RuntimeException unwrap() {
            Throwable cause = getCause();
            for (Throwable s : getSuppressed()) {
                cause.addSuppressed(s); // e.g. a rollback that failed too
            }
            if (cause instanceof Error error) {
                throw error;
            }
            return (RuntimeException) cause;
        }
    }

    /**
     * {@return whether this thread is inside a transaction: one of this {@code Jdbi}'s handles that
     *     Jdbi binds to the thread ({@code jdbi.useTransaction}, {@code inTransaction}, {@code
     *     withHandle}/{@code useHandle}; a handle from {@code jdbi.open()} is not bound, so the
     *     library neither sees nor joins its transaction), or, with Spring on the class path, a
     *     Spring transaction on any data source ({@code @Transactional}, {@code
     *     TransactionTemplate})}
     */
    @Override
    public boolean isActive() {
        return jdbiActive() || framework.isActive();
    }

    private boolean jdbiActive() {
        HandleSupplier current = jdbi.getHandleScope().get();
        return current != null && current.getJdbi() == jdbi && current.getHandle().isInTransaction();
    }

    /**
     * Registers {@code action} with the transaction the calling thread's work runs in: Spring's
     * ({@code TransactionSynchronization.afterCommit}) when the work joined a Spring transaction,
     * else the thread's Jdbi handle ({@code Handle.afterCommit}).
     *
     * @throws IllegalStateException if the thread is in neither
     */
    @Override
    public void afterCommit(Runnable action) {
        if (action == null) {
            throw new InvalidArgumentException("action must not be null");
        }
        if (joinedFramework.get()[0] > 0) {
            framework.afterCommit(action);
            return;
        }
        if (jdbiActive()) {
            jdbi.getHandleScope().get().getHandle().afterCommit(action);
            return;
        }
        if (framework.isActive() && joinsFramework()) {
            framework.afterCommit(action);
            return;
        }
        throw new IllegalStateException("afterCommit called outside a transaction of this Jdbi");
    }

    /** {@return whether this {@code Jdbi}'s connection on this thread is the one of the framework's transaction} */
    private boolean joinsFramework() {
        try {
            return jdbi.withHandle(h -> h.isInTransaction() && framework.holds(h.getConnection()));
        } catch (JdbiException e) {
            throw Sql.translate(database.dialect(), e);
        }
    }
}

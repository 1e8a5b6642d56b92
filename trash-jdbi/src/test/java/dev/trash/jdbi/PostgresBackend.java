package dev.trash.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ResourceType;
import dev.trash.testkit.ReferenceTypes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * A {@link JdbiBackend} on a real PostgreSQL 17, embedded (zonky: the binaries run inside the test
 * JVM's machine, no server installed): one server per JVM, started on first use, and a fresh schema
 * per backend. Every session runs in time zone {@link #SESSION_ZONE}, far from UTC and from the
 * JVM's zone, so that time-zone bugs fail the suites.
 */
final class PostgresBackend extends JdbiBackend {
    /** The session time zone of every test connection: UTC+12:45 (+13:45 in summer). */
    static final String SESSION_ZONE = "Pacific/Chatham";

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres server;

    private final HikariDataSource pool;
    private final String schema;

    private PostgresBackend(HikariDataSource pool, String schema, List<ResourceType> types,
                            ReferenceSchema.Layout layout) {
        super(Jdbi.create(pool), types, layout);
        this.pool = pool;
        this.schema = schema;
    }

    /** @return the JVM's embedded server, started on first call */
    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            // pg_trgm in public, as a DBA installs it once per database: the schema scripts' trigram index (V4)
            // names its operator class there, and dropping a test's schema (each backend's own) cannot drop the
            // extension with it. PostgresTrigramTest runs V4 where the extension is absent.
            execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public");
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting; the server's files are temporary
                }
            }));
        }
        return server;
    }

    /** @return a new, empty schema on the server */
    static String newSchema() {
        String schema = "t" + SCHEMAS.incrementAndGet();
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    /** Runs one statement as the superuser, outside any pool. */
    static void execute(String sql) {
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }

    /** @return a pool whose connections use {@code schema} and the session zone */
    static HikariDataSource pool(String schema, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema);
        config.setConnectionInitSql("SET TIME ZONE '" + SESSION_ZONE + "'");
        config.setMaximumPoolSize(size);
        config.setPoolName("pg-" + schema);
        return new HikariDataSource(config);
    }

    /** @return a backend over the reference types on a new, empty schema */
    static PostgresBackend create() {
        return create(ReferenceTypes.ALL);
    }

    /** @return a backend over {@code types} (reference types) on a new, empty schema */
    static PostgresBackend create(List<ResourceType> types) {
        return create(types, ReferenceSchema.Layout.PLAIN);
    }

    /** @return a backend over {@code types} (reference types) on a new, empty schema, its tables in {@code layout} */
    static PostgresBackend create(List<ResourceType> types, ReferenceSchema.Layout layout) {
        String schema = newSchema();
        HikariDataSource pool = pool(schema, 16);
        try {
            return new PostgresBackend(pool, schema, types, layout);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public void close() {
        pool.close();
        execute("DROP SCHEMA " + schema + " CASCADE");
    }
}

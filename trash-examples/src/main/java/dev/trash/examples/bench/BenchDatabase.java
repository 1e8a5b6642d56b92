package dev.trash.examples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trash.jdbi.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database the benchmarks run on: an embedded PostgreSQL 17 (zonky; no server to install) by
 * default, or the PostgreSQL or MariaDB (MySQL) of a JDBC URL. Each benchmark works in schemas of
 * its own ({@link #newPool}; on MariaDB, databases), dropped at {@link #close()}; on MariaDB those
 * pools concatenate with {@code ||} for the benchmarks' own SQL ({@code PIPES_AS_CONCAT}). Thread-safe.
 */
final class BenchDatabase implements AutoCloseable {
    private final Optional<EmbeddedPostgres> embedded;
    private final String jdbcUrl;
    private final Database database;
    private final AtomicInteger schemas = new AtomicInteger();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<String> created = new ArrayList<>();

    private BenchDatabase(Optional<EmbeddedPostgres> embedded, String jdbcUrl) throws SQLException {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl)) {
            this.database = Database.fromProductName(c.getMetaData().getDatabaseProductName());
        }
        if (database == Database.H2) {
            throw new IllegalArgumentException("the benchmarks run on PostgreSQL or MariaDB, not H2: " + jdbcUrl);
        }
    }

    /** Starts an embedded PostgreSQL 17 (as for tests), or connects to {@code jdbcUrl}. */
    static BenchDatabase start(Optional<String> jdbcUrl) throws IOException, SQLException {
        return start(jdbcUrl, false);
    }

    /**
     * Starts an embedded PostgreSQL 17, or connects to {@code jdbcUrl}. zonky starts the server without
     * {@code fsync} ({@code postgres -F}) and with {@code synchronous_commit} off, as for tests;
     * {@code durable} turns both back on, and {@code full_page_writes} (on by default, said anyway), so
     * that every commit waits for its WAL on disk as on a production server ({@code -c} settings come
     * after zonky's {@code -F} on the command line, so they win; {@link #describe()} shows what the
     * server runs with).
     */
    static BenchDatabase start(Optional<String> jdbcUrl, boolean durable) throws IOException, SQLException {
        if (jdbcUrl.isPresent()) {
            return new BenchDatabase(Optional.empty(), jdbcUrl.get());
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("max_connections", "100");
        if (durable) {
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        EmbeddedPostgres server = builder.start();
        return new BenchDatabase(Optional.of(server), server.getJdbcUrl("postgres", "postgres"));
    }

    /** @return the database the benchmarks run on */
    Database database() {
        return database;
    }

    /** @return the pieces of the benchmarks' own SQL for this database */
    BenchSql sql() {
        return BenchSql.of(database);
    }

    /** @return e.g. {@code PostgreSQL 17.6 (embedded)} or {@code MariaDB 11.4.5} */
    String describe() throws SQLException {
        if (database == Database.MARIADB) {
            try (Connection c = connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT VERSION()")) {
                rs.next();
                String version = rs.getString(1);
                return (version.contains("MariaDB") ? "MariaDB " : "MySQL ") + version.split("-")[0];
            }
        }
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('fsync'),"
                     + " current_setting('synchronous_commit'), current_setting('full_page_writes')")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1).split(" ")[0] + (embedded.isPresent() ? " (embedded, zonky)" : "")
                    + "; fsync " + rs.getString(2) + ", synchronous_commit " + rs.getString(3) + ", full_page_writes "
                    + rs.getString(4);
        }
    }

    /**
     * Creates a new, empty schema and returns a pool of {@code size} connections working in it.
     * The pool is closed and the schema dropped at {@link #close()}.
     */
    synchronized HikariDataSource newPool(String prefix, int size) throws SQLException {
        String schema = "bench_" + prefix + "_" + schemas.incrementAndGet();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // a schema of this name is a leftover of an interrupted run (close() drops them all)
            s.execute(database == Database.MARIADB ? "DROP DATABASE IF EXISTS " + schema
                    : "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute((database == Database.MARIADB ? "CREATE DATABASE " : "CREATE SCHEMA ") + schema);
        }
        created.add(schema);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        inSchema(config, schema);
        config.setMaximumPoolSize(size);
        config.setPoolName(schema);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /**
     * @return another pool of {@code size} on {@code base}'s database and schema: one application
     *     instance's own pool (closed with {@code base}'s by the caller)
     */
    HikariDataSource samePool(HikariDataSource base, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(base.getJdbcUrl());
        config.setUsername(base.getUsername());
        config.setPassword(base.getPassword());
        inSchema(config, database == Database.MARIADB ? base.getCatalog() : base.getSchema());
        config.setMaximumPoolSize(size);
        config.setPoolName(base.getPoolName() + "_" + name);
        return new HikariDataSource(config);
    }

    /** Points the pool's connections at {@code schema} (MariaDB: the database), with {@code ||} concatenating there. */
    private void inSchema(HikariConfig config, String schema) {
        if (database == Database.MARIADB) {
            config.setCatalog(schema);
            config.setConnectionInitSql("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',PIPES_AS_CONCAT')");
        } else {
            config.setSchema(schema);
        }
    }

    /** Refreshes the statistics of {@code tables} on its own connection (PostgreSQL: and vacuums them). */
    void analyze(HikariDataSource pool, List<String> tables) throws SQLException {
        execute(pool, sql().analyze(tables));
    }

    /** Runs {@code sql} on its own connection, outside any transaction (e.g. {@code VACUUM ANALYZE}). */
    void execute(HikariDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl);
    }

    /** Closes the pools, drops the schemas the benchmarks made and stops the embedded server. */
    @Override
    public synchronized void close() throws IOException, SQLException {
        pools.forEach(HikariDataSource::close);
        if (embedded.isPresent()) {
            embedded.get().close();
            return;
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String schema : created) {
                s.execute(database == Database.MARIADB ? "DROP DATABASE IF EXISTS " + schema
                        : "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}

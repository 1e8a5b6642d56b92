package dev.trash.examples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
 * default, or the PostgreSQL of a JDBC URL. Each benchmark works in schemas of its own
 * ({@link #newPool}), dropped at {@link #close()}. Thread-safe.
 */
final class BenchDatabase implements AutoCloseable {
    private final Optional<EmbeddedPostgres> embedded;
    private final String jdbcUrl;
    private final AtomicInteger schemas = new AtomicInteger();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<String> created = new ArrayList<>();

    private BenchDatabase(Optional<EmbeddedPostgres> embedded, String jdbcUrl) {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
    }

    /** Starts an embedded PostgreSQL 17, or connects to {@code jdbcUrl}. */
    static BenchDatabase start(Optional<String> jdbcUrl) throws IOException {
        if (jdbcUrl.isPresent()) {
            return new BenchDatabase(Optional.empty(), jdbcUrl.get());
        }
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("max_connections", "100")
                .start();
        return new BenchDatabase(Optional.of(server), server.getJdbcUrl("postgres", "postgres"));
    }

    /** @return e.g. {@code PostgreSQL 17.6 (embedded)} */
    String describe() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1).split(" ")[0] + (embedded.isPresent() ? " (embedded, zonky)" : "");
        }
    }

    /**
     * Creates a new, empty schema and returns a pool of {@code size} connections working in it.
     * The pool is closed and the schema dropped at {@link #close()}.
     */
    synchronized HikariDataSource newPool(String prefix, int size) throws SQLException {
        String schema = "bench_" + prefix + "_" + schemas.incrementAndGet();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        created.add(schema);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setSchema(schema);
        config.setMaximumPoolSize(size);
        config.setPoolName(schema);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
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
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}

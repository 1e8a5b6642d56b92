package dev.trash.examples.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 17 for the platform's tests (zonky: the binaries run inside the test machine,
 * no server installed): one server per JVM, started on first use, and a fresh database per call of
 * {@link #newDatabaseUrl()}. Sessions run in time zone {@code Pacific/Chatham}, far from UTC, so that
 * time-zone bugs show.
 */
final class EmbeddedPostgres17 {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgres17() {
    }

    /** @return the JDBC URL of a new, empty database on the JVM's embedded server */
    static String newDatabaseUrl() {
        String name = "platform" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name
                + "?user=postgres&options=-c%20TimeZone%3DPacific/Chatham";
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
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
}

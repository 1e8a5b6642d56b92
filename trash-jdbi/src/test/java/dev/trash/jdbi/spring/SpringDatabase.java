package dev.trash.jdbi.spring;

import dev.trash.jdbi.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The databases the Spring tests run on, as a Spring Boot application configures them (by
 * {@code spring.datasource.*} properties, HikariCP): a fresh H2 in-memory database, or a fresh
 * schema on the tests' embedded PostgreSQL 17. Both with a lock timeout of 3 seconds, as the issue's
 * host had, so a statement waiting for a lock its own transaction holds fails the test quickly.
 */
enum SpringDatabase {
    H2 {
        @Override
        Fresh fresh() {
            String url = "jdbc:h2:mem:spring" + COUNT.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=3000";
            return new Fresh(url, List.of("spring.datasource.url=" + url, "spring.datasource.username=sa"), () -> {
                try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException e) {
                    if (!"90121".equals(e.getSQLState())) {
                        throw new IllegalStateException("could not drop " + url, e);
                    }
                }
            });
        }
    },
    POSTGRESQL {
        @Override
        Fresh fresh() {
            String schema = TestPostgres.newSchema();
            String url = TestPostgres.url(schema);
            return new Fresh(url, List.of("spring.datasource.url=" + url, "spring.datasource.username=postgres",
                    "spring.datasource.hikari.connection-init-sql=SET lock_timeout = '3s'"),
                    () -> TestPostgres.dropSchema(schema));
        }
    };

    private static final AtomicInteger COUNT = new AtomicInteger();

    /** @return a new, empty database, with the properties that point a Boot application at it */
    abstract Fresh fresh();

    /**
     * An empty database; {@link #close()} drops it (after the context that used it closed).
     *
     * @param url its JDBC URL, for connections of the test's own, outside the application's pool
     * @param datasource the {@code spring.datasource.*} properties for it
     */
    record Fresh(String url, List<String> datasource, Runnable drop) implements AutoCloseable {
        /** @return the properties of an application on this database with the host tables of {@code folders.sql} */
        String[] properties(String... more) {
            List<String> all = new ArrayList<>(datasource);
            all.add("spring.sql.init.mode=always");
            all.add("spring.sql.init.schema-locations=classpath:dev/trash/jdbi/spring/folders.sql");
            all.addAll(List.of(more));
            return all.toArray(String[]::new);
        }

        /** @return a connection of its own, outside the application's pool and transactions */
        Connection connect() throws SQLException {
            return url.startsWith("jdbc:h2") ? DriverManager.getConnection(url, "sa", "")
                    : DriverManager.getConnection(url);
        }

        @Override
        public void close() {
            drop.run();
        }
    }
}

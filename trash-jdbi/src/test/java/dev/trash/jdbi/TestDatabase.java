package dev.trash.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ResourceType;
import dev.trash.testkit.ReferenceTypes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * The three databases the adapter's own tests run on, for {@code @ParameterizedClass}/{@code @EnumSource}:
 * a suite {@linkplain #backend(List) backend} over the reference tables, or a {@linkplain #fresh(int) fresh}
 * empty database (H2: a new in-memory database; PostgreSQL: a new schema on the embedded server,
 * sessions in {@link PostgresBackend#SESSION_ZONE}; MariaDB: a new database on the embedded server,
 * sessions at {@link MariadbBackend#SESSION_ZONE}) that the test fills itself.
 */
enum TestDatabase {
    H2 {
        @Override
        JdbiBackend backend(List<ResourceType> types) {
            return H2Backend.create(types);
        }

        @Override
        Fresh fresh(int poolSize) {
            String url = "jdbc:h2:mem:fresh" + FRESH.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000";
            HikariDataSource pool = H2Backend.pool(url, poolSize);
            return new Fresh(pool, () -> {
                pool.close();
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException e) {
                    if (!"90121".equals(e.getSQLState())) { // SHUTDOWN closed our connection too
                        throw new IllegalStateException("could not drop " + url, e);
                    }
                }
            });
        }
    },
    POSTGRESQL {
        @Override
        JdbiBackend backend(List<ResourceType> types) {
            return PostgresBackend.create(types);
        }

        @Override
        Fresh fresh(int poolSize) {
            String schema = PostgresBackend.newSchema();
            HikariDataSource pool = PostgresBackend.pool(schema, poolSize);
            return new Fresh(pool, () -> {
                pool.close();
                PostgresBackend.execute("DROP SCHEMA " + schema + " CASCADE");
            });
        }
    },
    MARIADB {
        @Override
        JdbiBackend backend(List<ResourceType> types) {
            return MariadbBackend.create(types);
        }

        @Override
        Fresh fresh(int poolSize) {
            String database = MariadbBackend.newDatabase();
            HikariDataSource pool = MariadbBackend.pool(database, poolSize);
            return new Fresh(pool, () -> {
                pool.close();
                MariadbBackend.execute("DROP DATABASE " + database);
            });
        }
    };

    private static final AtomicInteger FRESH = new AtomicInteger();

    /** @return the database the adapter detects on this one */
    Database database() {
        return Database.valueOf(name());
    }

    /** @return the clause a host's read ends with to keep a parent row shared-locked (the README's child-insert recipe) */
    String shareLock() {
        return switch (this) {
            case POSTGRESQL -> "FOR SHARE";
            case MARIADB -> "LOCK IN SHARE MODE";
            case H2 -> "FOR UPDATE";
        };
    }

    /**
     * @return a new, empty namespace on this (server) database that several pools can share, as the
     *     instances of a cluster do: a schema on PostgreSQL, a database on MariaDB
     */
    String newNamespace() {
        return switch (this) {
            case POSTGRESQL -> PostgresBackend.newSchema();
            case MARIADB -> MariadbBackend.newDatabase();
            case H2 -> throw new UnsupportedOperationException("H2 runs in memory: no cluster shares it");
        };
    }

    /** @return a pool of {@code size} connections on {@code namespace} (see {@link #newNamespace()}) */
    HikariDataSource pool(String namespace, int size) {
        return switch (this) {
            case POSTGRESQL -> PostgresBackend.pool(namespace, size);
            case MARIADB -> MariadbBackend.pool(namespace, size);
            case H2 -> throw new UnsupportedOperationException("H2 runs in memory: no cluster shares it");
        };
    }

    /** Drops {@code namespace} and everything in it. */
    void drop(String namespace) {
        switch (this) {
            case POSTGRESQL -> PostgresBackend.execute("DROP SCHEMA " + namespace + " CASCADE");
            case MARIADB -> MariadbBackend.execute("DROP DATABASE " + namespace);
            case H2 -> throw new UnsupportedOperationException("H2 runs in memory: no cluster shares it");
        }
    }

    /** @return the server and version the tests run on, for what they print */
    String label() {
        return switch (this) {
            case POSTGRESQL -> "PostgreSQL 17";
            case MARIADB -> "MariaDB 11.4";
            case H2 -> "H2 2.5";
        };
    }

    /** @return the SQL expression of the connection's current schema (MariaDB: database) */
    String currentSchema() {
        return this == MARIADB ? "DATABASE()" : "CURRENT_SCHEMA";
    }

    /** @return a backend for the suites' fixture over the reference types: the adapter's schema and the reference tables, created */
    JdbiBackend backend() {
        return backend(ReferenceTypes.ALL);
    }

    /** @return a backend over {@code types} (reference types, e.g. with other retentions), its schema created */
    abstract JdbiBackend backend(List<ResourceType> types);

    /** @return an empty database (not even the adapter's schema), with a pool of {@code poolSize} */
    abstract Fresh fresh(int poolSize);

    /** An empty database and its pool; {@link #close()} closes the pool and drops the database. */
    static final class Fresh implements AutoCloseable {
        private final HikariDataSource dataSource;
        private final Runnable drop;

        Fresh(HikariDataSource dataSource, Runnable drop) {
            this.dataSource = dataSource;
            this.drop = drop;
        }

        HikariDataSource dataSource() {
            return dataSource;
        }

        /** @return a new {@code Jdbi} on the pool */
        Jdbi jdbi() {
            return Jdbi.create(dataSource);
        }

        @Override
        public void close() {
            drop.run();
        }
    }
}

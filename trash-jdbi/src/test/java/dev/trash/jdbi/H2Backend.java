package dev.trash.jdbi;

import com.zaxxer.hikari.HikariConfig;
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

/** A {@link JdbiBackend} on a fresh in-memory H2 database, through a HikariCP pool. */
final class H2Backend extends JdbiBackend {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final HikariDataSource pool;
    private final String url;

    private H2Backend(HikariDataSource pool, List<ResourceType> types, ReferenceSchema.Layout layout) {
        super(Jdbi.create(pool), types, layout);
        this.pool = pool;
        this.url = pool.getJdbcUrl();
    }

    /** @return a backend over the reference types on a new, empty database */
    static H2Backend create() {
        return create(ReferenceTypes.ALL);
    }

    /** @return a backend over {@code types} (reference types) on a new, empty database */
    static H2Backend create(List<ResourceType> types) {
        return create(types, ReferenceSchema.Layout.PLAIN);
    }

    /** @return a backend over {@code types} (reference types) on a new, empty database, its tables in {@code layout} */
    static H2Backend create(List<ResourceType> types, ReferenceSchema.Layout layout) {
        HikariDataSource pool = pool("jdbc:h2:mem:trash" + DATABASES.incrementAndGet()
                + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000", 16);
        try {
            return new H2Backend(pool, types, layout);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** @return a pool on {@code url} */
    static HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setPoolName("h2-test");
        return new HikariDataSource(config);
    }

    /** Closes the pool, then drops the database (it lives until then: DB_CLOSE_DELAY=-1). */
    @Override
    public void close() {
        pool.close();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            if (!"90121".equals(e.getSQLState())) { // "database is already closed": SHUTDOWN closed our connection too
                throw new IllegalStateException("could not drop " + url, e);
            }
        }
    }
}

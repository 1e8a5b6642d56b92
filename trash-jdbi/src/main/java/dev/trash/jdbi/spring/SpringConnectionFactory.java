package dev.trash.jdbi.spring;

import dev.trash.InvalidArgumentException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * A Jdbi {@link ConnectionFactory} that takes its connections the way Spring's {@code JdbcTemplate}
 * does ({@link DataSourceUtils}): inside a Spring transaction ({@code @Transactional},
 * {@code TransactionTemplate}, with a {@code DataSourceTransactionManager} or a
 * {@code JpaTransactionManager}) it hands out that transaction's connection and leaves it open
 * when the handle closes; outside one, a connection of the pool, closed with the handle.
 *
 * <p>{@link dev.trash.jdbi.JdbiTrash#create(DataSource, dev.trash.jdbi.ResourceTable...)} uses it
 * by itself when Spring is on the class path. A host that makes its own {@code Jdbi} and wants the
 * library's calls to join Spring's transactions makes it on this factory:
 * <pre>{@code
 * Jdbi jdbi = Jdbi.create(new SpringConnectionFactory(dataSource));
 * JdbiTrash backend = JdbiTrash.create(jdbi, tables);
 * }</pre>
 * Failures stay {@link SQLException}s, so that Jdbi and the adapter report them as usual. The
 * counterpart of jdbi3-spring's factory, which is not used (no 3.55 release of it). Thread-safe.
 */
public final class SpringConnectionFactory implements ConnectionFactory {
    private final DataSource dataSource;

    /**
     * Creates a factory of the data source's Spring-managed connections.
     *
     * @param dataSource the data source Spring's transaction manager manages
     * @throws InvalidArgumentException if it is null
     */
    public SpringConnectionFactory(DataSource dataSource) {
        if (dataSource == null) {
            throw new InvalidArgumentException("dataSource must not be null");
        }
        this.dataSource = dataSource;
    }

    /**
     * {@return a new {@code Jdbi} on this factory over {@code dataSource}}
     *
     * @param dataSource the data source whose Spring-managed connections to use
     */
    public static Jdbi jdbi(DataSource dataSource) {
        return Jdbi.create(new SpringConnectionFactory(dataSource));
    }

    /** {@return the current Spring transaction's connection on the data source, else a new one} */
    @Override
    public Connection openConnection() throws SQLException {
        return DataSourceUtils.doGetConnection(dataSource);
    }

    /** Gives the connection back: closes it unless the current Spring transaction holds it. */
    @Override
    public void closeConnection(Connection connection) throws SQLException {
        DataSourceUtils.doReleaseConnection(connection, dataSource);
    }

    /** {@return the data source the connections come from} */
    public DataSource dataSource() {
        return dataSource;
    }
}

package dev.trash.jdbi;

import dev.trash.jdbi.spring.SpringConnectionFactory;
import java.sql.Connection;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring's transactions as {@link JdbiTrash} sees them (SPEC R27): the thread-bound state of
 * {@link TransactionSynchronizationManager}, which every Spring transaction manager keeps
 * ({@code DataSourceTransactionManager}, {@code JpaTransactionManager}, {@code @Transactional}
 * and {@code TransactionTemplate} alike). Loaded only when {@link FrameworkTransactions#detect()}
 * found Spring on the class path. Stateless and thread-safe.
 */
final class SpringTransactions implements FrameworkTransactions {
    static final SpringTransactions INSTANCE = new SpringTransactions();

    private SpringTransactions() {
    }

    /** {@return a connection factory that takes the connection of the current Spring transaction, as {@code DataSourceUtils} does} */
    static ConnectionFactory connectionFactory(DataSource dataSource) {
        return new SpringConnectionFactory(dataSource);
    }

    @Override
    public boolean isActive() {
        return TransactionSynchronizationManager.isActualTransactionActive();
    }

    /**
     * {@return whether a Spring transaction is active and holds {@code connection}: the connection
     *     a {@code DataSourceUtils}-style lookup returns for one of the data sources bound to the
     *     thread (by a {@code DataSourceTransactionManager}, or by a {@code JpaTransactionManager}
     *     exposing the JDBC connection of its {@code EntityManager})}
     */
    @Override
    public boolean holds(Connection connection) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return false;
        }
        for (Object resource : TransactionSynchronizationManager.getResourceMap().values()) {
            if (resource instanceof ConnectionHolder holder && holder.getConnectionHandle() != null
                    && holder.getConnection() == connection) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}

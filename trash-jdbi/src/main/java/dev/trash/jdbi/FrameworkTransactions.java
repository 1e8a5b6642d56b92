package dev.trash.jdbi;

import java.sql.Connection;

/**
 * The transactions of an application framework that manages the host's connections (Spring's,
 * {@link SpringTransactions}), as {@link JdbiTrash} needs to see them (SPEC R27): whether the
 * calling thread is in one, whether a connection is the one it runs on, and how to run an action
 * after its commit. {@link #NONE} when no such framework is on the class path. This interface
 * names no framework type, so that {@code JdbiTrash} loads without one. Implementations are
 * stateless and thread-safe.
 */
interface FrameworkTransactions {
    /** No framework: only Jdbi's own transactions exist. */
    FrameworkTransactions NONE = new FrameworkTransactions() {
        @Override
        public boolean isActive() {
            return false;
        }

        @Override
        public boolean holds(Connection connection) {
            return false;
        }

        @Override
        public void afterCommit(Runnable action) {
            throw new IllegalStateException("no framework transaction");
        }
    };

    /** {@return whether the calling thread is inside a transaction of the framework, on any data source} */
    boolean isActive();

    /** {@return whether {@code connection} is the one the framework's current transaction runs on} */
    boolean holds(Connection connection);

    /** Runs {@code action} after the framework's current transaction commits; never if it rolls back. */
    void afterCommit(Runnable action);

    /**
     * {@return Spring's transactions if spring-tx and spring-jdbc are on the class path of this
     *     library, else {@link #NONE}; the Spring classes are not touched when they are absent}
     */
    static FrameworkTransactions detect() {
        return SpringDetection.PRESENT ? SpringTransactions.INSTANCE : NONE;
    }

    /** Whether Spring's transaction and JDBC support can be loaded, asked once without initializing anything. */
    final class SpringDetection {
        static final boolean PRESENT = present("org.springframework.transaction.support.TransactionSynchronizationManager")
                && present("org.springframework.jdbc.datasource.DataSourceUtils");

        private SpringDetection() {
        }

        private static boolean present(String className) {
            try {
                Class.forName(className, false, JdbiTrash.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }
}

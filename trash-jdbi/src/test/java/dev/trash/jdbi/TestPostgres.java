package dev.trash.jdbi;

/**
 * The tests' embedded PostgreSQL 17 (one server per JVM, see {@link PostgresBackend}) for tests in
 * other packages (the Spring, Flyway and JPA tests): a fresh schema each, reached by JDBC URL.
 */
public final class TestPostgres {
    private TestPostgres() {
    }

    /** @return a new, empty schema on the embedded server */
    public static String newSchema() {
        return PostgresBackend.newSchema();
    }

    /** @return the JDBC URL of the embedded server whose connections use {@code schema} */
    public static String url(String schema) {
        return PostgresBackend.server().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
    }

    /** Drops {@code schema} and everything in it. */
    public static void dropSchema(String schema) {
        PostgresBackend.execute("DROP SCHEMA " + schema + " CASCADE");
    }

    /** Runs one statement as the superuser, outside any pool. */
    public static void execute(String sql) {
        PostgresBackend.execute(sql);
    }
}

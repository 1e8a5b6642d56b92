package dev.trash.jdbi;

import dev.trash.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The databases the adapter supports, and where each one's versioned schema scripts are in the jar
 * ({@code dev/trash/jdbi/schema/<database>/V<n>__<what>.sql}, the layout Flyway reads). Each maps
 * to its own SQL dialect inside the adapter. Thread-safe.
 *
 * <p><b>Versions (SPEC R29).</b> Every script is re-runnable ({@code IF NOT EXISTS}) and changes the
 * schema in place, keeping every item: {@code V1} creates the table and its indexes, {@code V2} adds
 * the index the metrics' retry count uses, {@code V3} the columns of a hold ({@code held_at},
 * {@code held_by}, {@code hold_reason}, SPEC R32), {@code V4} what finding things and expiry warnings
 * need ({@code warned_at}, SPEC R39; {@code name_key}, the name as the listing sorts and searches it,
 * SPEC R38; an index per order of the listing, one for the warnings and, on PostgreSQL with
 * {@code pg_trgm}, a trigram index for name search). {@link JdbiTrash#createSchemaIfMissing()} runs them all,
 * in order, so a database of an older version of the library is upgraded when the application
 * starts. With Flyway, run them in a history table of their own ({@link #FLYWAY_HISTORY_TABLE}),
 * beside the host's migrations, whose versions they then cannot clash with.
 */
public enum Database {
    /** PostgreSQL 12 or later (tests run on 17). */
    POSTGRESQL(new PostgresDialect()),
    /**
     * MariaDB 10.6 or later (tests run on 11.4, embedded); MySQL 8.0 or later is expected to work
     * with the same dialect and scripts (the SQL they use is common to both) but is not tested.
     */
    MARIADB(new MariaDbDialect()),
    /** H2 2.x (tests run on 2.5). */
    H2(new H2Dialect());

    /** The script of version 3, which adds the columns of a hold: what a schema of version 1 or 2 lacks. */
    static final String HOLDS_SCRIPT = "V3__trash_item_holds.sql";

    /**
     * The script of version 4, which adds what finding things (SPEC R38) and expiry warnings (SPEC R39)
     * need: what a schema of version 1, 2 or 3 lacks.
     */
    static final String FIND_AND_WARN_SCRIPT = "V4__trash_item_find_and_warn.sql";

    /**
     * The script of version 5: on PostgreSQL, what makes the sweeper's claim a HOT update (the table's
     * fillfactor, and the warnings' partial index without {@code purge_owner} in its predicate); a
     * script that changes nothing on the other databases.
     */
    static final String CLAIMS_SCRIPT = "V5__trash_item_claims.sql";

    /** The schema scripts, oldest first; each is re-runnable (IF NOT EXISTS). */
    private static final List<String> SCRIPTS = List.of("V1__trash_item.sql", "V2__trash_item_retrying.sql",
            HOLDS_SCRIPT, FIND_AND_WARN_SCRIPT, CLAIMS_SCRIPT);

    /**
     * The Flyway schema history table for the library's scripts: a Flyway of their own, beside the
     * host's (whose history table is Flyway's default, {@code flyway_schema_history}), so that the
     * library's {@code V1} never meets the host's {@code V1}.
     */
    public static final String FLYWAY_HISTORY_TABLE = "flyway_trash_history";

    private final Dialect dialect;

    Database(Dialect dialect) {
        this.dialect = dialect;
    }

    /** {@return the statement pieces, error codes and schema details of this database} */
    Dialect dialect() {
        return dialect;
    }

    /**
     * {@return the classpath folder of this database's schema scripts, e.g. {@code
     *     dev/trash/jdbi/schema/postgresql}; for Flyway: {@code "classpath:" + schemaLocation()}}
     */
    public String schemaLocation() {
        return "dev/trash/jdbi/schema/" + dialect.folder();
    }

    /** {@return the classpath paths of this database's schema scripts, oldest version first} */
    public List<String> schemaScripts() {
        return SCRIPTS.stream().map(s -> schemaLocation() + "/" + s).toList();
    }

    /** {@return the text of every schema script, oldest first, to run by hand or with any migration tool} */
    public List<String> schemaSql() {
        return schemaScripts().stream().map(Database::read).toList();
    }

    private static String read(String path) {
        try (InputStream in = Database.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + path + " is missing from the trash-jdbi jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read schema script " + path, e);
        }
    }

    /**
     * {@return the database behind it, by its JDBC metadata (one connection, given back at once):
     *     e.g. for Flyway's {@code "classpath:" + Database.of(dataSource).schemaLocation()}}
     *
     * @param dataSource a data source of PostgreSQL, MariaDB (MySQL) or H2
     * @throws InvalidArgumentException if it is none of PostgreSQL, MariaDB, MySQL and H2, or
     *     {@code dataSource} is null
     * @throws dev.trash.BackendException if the database cannot be reached
     */
    public static Database of(DataSource dataSource) {
        if (dataSource == null) {
            throw new InvalidArgumentException("dataSource must not be null");
        }
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new dev.trash.BackendException("could not ask the database which one it is: " + e.getMessage(), e);
        }
        return fromProductName(product);
    }

    /**
     * {@return the database it names: {@link #MARIADB} for MariaDB and for MySQL (whose drivers say
     *     {@code MySQL})}
     *
     * @param productName what JDBC's {@code DatabaseMetaData.getDatabaseProductName()} says
     * @throws InvalidArgumentException if it is none of PostgreSQL, MariaDB, MySQL and H2
     */
    public static Database fromProductName(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.equals("mysql")) {
            return MARIADB;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new InvalidArgumentException("trash-jdbi supports PostgreSQL, MariaDB (and MySQL) and H2, not '" + productName
                + "'; use one of them, or implement the TrashBackend port (TrashStore, HostResources, "
                + "TrashTransactions) for your database");
    }
}

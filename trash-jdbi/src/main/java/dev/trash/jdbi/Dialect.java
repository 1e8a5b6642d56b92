package dev.trash.jdbi;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import dev.trash.spi.Marked;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The SQL seam between the adapter and one database: every statement piece, error code and schema
 * detail in which the supported databases differ, so that the store and the resources are written
 * once and a new database (MariaDB, later) is one new dialect plus its schema scripts. Each
 * {@link Database} maps to exactly one dialect. Implementations are stateless and thread-safe.
 */
abstract class Dialect {
    /** SQLSTATE of a unique-constraint violation (SQL standard; both databases). */
    static final String UNIQUE_VIOLATION = "23505";

    /** @return the folder of this database's schema scripts under {@code dev/trash/jdbi/schema/} */
    abstract String folder();

    /**
     * @return the clause that ends a read which must keep the rows it returns unchanged until the
     *     transaction ends, letting other readers share them ({@code findForShare})
     */
    abstract String shareLock();

    /**
     * @return what goes between the {@code WHERE} clause and {@code LIMIT … FOR UPDATE [SKIP LOCKED]}
     *     of a locking read that takes a limited number of rows in {@code orderBy}'s order: the
     *     {@code ORDER BY}, or nothing where the database would then lock more rows than it returns
     */
    abstract String limitedLockOrder(String orderBy);

    /**
     * Marks one cascade level and measures it: runs {@code update} (an {@code UPDATE} of the child
     * table that sets the trash column to the item) and returns how many rows it changed and the sum
     * of {@code sizeExpression} over exactly those rows.
     *
     * @param update the {@code UPDATE} statement, without {@code RETURNING}
     * @param sizeExpression the child row's own size: a column of the child table or {@code 0}
     * @param markedBytes a query of the sum of {@code sizeExpression} over the child rows the item
     *     marks in the workspace (for databases that cannot return what an {@code UPDATE} changed)
     * @param bindUpdate binds the named parameters of {@code update}
     * @param bindMarkedBytes binds the named parameters of {@code markedBytes}
     * @return the rows marked and their bytes
     */
    abstract Marked markChildren(Handle h, String update, String sizeExpression, String markedBytes,
                                     Consumer<SqlStatement<?>> bindUpdate, Consumer<SqlStatement<?>> bindMarkedBytes);

    /** @return the SQLSTATEs this database reports for a lost race: deadlock, serialization failure, lock timeout */
    abstract Set<String> conflictStates();

    /**
     * Keeps instances that create the schema at the same moment from colliding, inside the
     * transaction that runs the scripts; does nothing where the database has no such lock (then
     * {@link #schemaAttempts()} is above one).
     */
    abstract void lockSchema(Handle h);

    /** @return how often the schema scripts are run when a concurrent run makes them fail */
    abstract int schemaAttempts();

    /**
     * @return {@code identifier} as the database stores an unquoted identifier, the form its
     *     {@link DatabaseMetaData} reports and matches: by default what the metadata says it does
     *     (so H2's {@code DATABASE_TO_LOWER} is honoured), else the identifier as written
     */
    String fold(String identifier, DatabaseMetaData metadata) throws SQLException {
        if (metadata.storesLowerCaseIdentifiers()) {
            return identifier.toLowerCase(Locale.ROOT);
        }
        if (metadata.storesUpperCaseIdentifiers()) {
            return identifier.toUpperCase(Locale.ROOT);
        }
        return identifier;
    }

    /**
     * @return whether a column of JDBC type {@code jdbcType} and database type name {@code typeName}
     *     (as {@link DatabaseMetaData#getColumns} reports them) holds a UUID
     */
    boolean isUuid(int jdbcType, String typeName) {
        return "uuid".equalsIgnoreCase(typeName);
    }

    /** @return the name of the column type to create a trash column with, for messages */
    String uuidTypeName() {
        return "UUID";
    }
}

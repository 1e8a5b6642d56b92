package dev.trash.examples.bench;

import dev.trash.jdbi.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The pieces of the benchmarks' own SQL (seeding, baselines, plans, housekeeping) that PostgreSQL
 * and MariaDB write differently; the rest is written once. MariaDB's bench pools concatenate with
 * {@code ||} ({@code PIPES_AS_CONCAT}, see {@link BenchDatabase}), which the library's SQL never
 * uses. Immutable; thread-safe.
 */
enum BenchSql {
    /** PostgreSQL. */
    POSTGRESQL,
    /** MariaDB (and MySQL). */
    MARIADB;

    /** @return the pieces for {@code database} */
    static BenchSql of(Database database) {
        return switch (database) {
            case POSTGRESQL -> POSTGRESQL;
            case MARIADB -> MARIADB;
            case H2 -> throw new IllegalArgumentException("the benchmarks run on PostgreSQL or MariaDB, not H2");
        };
    }

    boolean mariadb() {
        return this == MARIADB;
    }

    /**
     * @return the integers {@code from … to} (both literal, {@code from <= to}) as a table
     *     {@code alias} of one column {@code column}: {@code generate_series}, or MariaDB's
     *     {@code seq_<from>_to_<to>} table
     */
    String series(long from, long to, String alias, String column) {
        if (to < from) {
            throw new IllegalArgumentException("an empty series " + from + ".." + to);
        }
        return mariadb() ? "(SELECT seq AS " + column + " FROM seq_" + from + "_to_" + to + ") AS " + alias
                : "generate_series(" + from + ", " + to + ") AS " + alias + "(" + column + ")";
    }

    /** @return the integer quotient of {@code a} by {@code b} ({@code /} divides exactly on MariaDB) */
    String div(String a, String b) {
        return "(" + a + ")" + (mariadb() ? " DIV " : " / ") + "(" + b + ")";
    }

    /** @return the expression as text */
    String text(String expression) {
        return mariadb() ? "CAST(" + expression + " AS CHAR)" : "(" + expression + ")::text";
    }

    /**
     * @return the UUID made of the md5 of the text {@code expression} (on MariaDB with the version and
     *     variant of a random UUID, which its {@code UUID} type insists on)
     */
    String md5Uuid(String expression) {
        if (!mariadb()) {
            return "md5(" + expression + ")::uuid";
        }
        String md5 = "MD5(" + expression + ")";
        return "CONCAT(SUBSTR(" + md5 + ", 1, 8), '-', SUBSTR(" + md5 + ", 9, 4), '-4', SUBSTR(" + md5 + ", 14, 3),"
                + " '-8', SUBSTR(" + md5 + ", 18, 3), '-', SUBSTR(" + md5 + ", 21, 12))";
    }

    /** @return a new random UUID, per row */
    String randomUuid() {
        return mariadb() ? "UUID()" : "gen_random_uuid()";
    }

    /** @return the time {@code time} plus {@code seconds} (an SQL number) seconds */
    String plusSeconds(String time, String seconds) {
        return mariadb() ? "(" + time + " + INTERVAL (" + seconds + ") SECOND)"
                : "(" + time + " + (" + seconds + ") * INTERVAL '1 second')";
    }

    /** @return {@code to − from}, two times, in microseconds */
    String micros(String from, String to) {
        return mariadb() ? "TIMESTAMPDIFF(MICROSECOND, " + from + ", " + to + ")"
                : "(extract(epoch FROM " + to + " - " + from + ") * 1000000)::bigint";
    }

    /** @return a random number in [0, 1) per row */
    String random() {
        return mariadb() ? "RAND()" : "random()";
    }

    /** @return the value to bind for a UUID: the UUID, or on MariaDB its text (the driver-neutral form) */
    Object uuid(java.util.UUID id) {
        return mariadb() ? id.toString() : id;
    }

    /** @return the value to bind for an instant, as the library's time columns hold it (UTC either way) */
    Object time(Instant at) {
        return mariadb() ? LocalDateTime.ofInstant(at, ZoneOffset.UTC) : at.atOffset(ZoneOffset.UTC);
    }

    /** @return the instant in time column {@code column} of the current row */
    Instant time(ResultSet rs, String column) throws SQLException {
        if (mariadb()) {
            LocalDateTime value = rs.getObject(column, LocalDateTime.class);
            return value == null ? null : value.toInstant(ZoneOffset.UTC);
        }
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * @return what refreshes the planner's statistics of {@code tables} and clears their dead rows:
     *     {@code VACUUM ANALYZE} on PostgreSQL; {@code ANALYZE TABLE} on MariaDB, where InnoDB
     *     purges old row versions in the background and there is nothing to vacuum
     */
    String analyze(List<String> tables) {
        return (mariadb() ? "ANALYZE TABLE " : "VACUUM ANALYZE ") + String.join(", ", tables);
    }

    /** @return the statements that empty {@code tables} (children before parents), whatever their foreign keys */
    List<String> truncate(List<String> tables) {
        if (!mariadb()) {
            return List.of("TRUNCATE " + String.join(", ", tables));
        }
        // MariaDB refuses to truncate a table a foreign key references, even when its children are empty.
        List<String> statements = new java.util.ArrayList<>();
        statements.add("SET FOREIGN_KEY_CHECKS = 0");
        tables.forEach(t -> statements.add("TRUNCATE TABLE " + t));
        statements.add("SET FOREIGN_KEY_CHECKS = 1");
        return statements;
    }
}

package dev.trash.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * What one write operation cost PostgreSQL, beside its time: the row updates of some tables and how
 * many of them were HOT ({@code pg_stat_user_tables.n_tup_upd}, {@code n_tup_hot_upd}), and the WAL
 * it wrote ({@code pg_current_wal_lsn()} before and after). A backend reports its counts to
 * {@code pg_stat_user_tables} when it goes idle, but at most once a second (else up to ten seconds
 * later), and always when it exits: so both {@link #before} and {@link #after} first close the pool's
 * idle connections (their backends exit, flushing what earlier operations left pending), and
 * {@link #after} waits until the updates expected show. Both run outside the timings. PostgreSQL
 * only; made for one measurement, not thread-safe.
 *
 * @param updates the tables' row updates
 * @param hot how many of them were HOT
 * @param walBytes the WAL written, in bytes (by every backend: run nothing else meanwhile)
 */
record WriteStats(long updates, long hot, long walBytes) {
    /** The counters at one moment. */
    record Mark(long updates, long hot, String lsn) {
    }

    /** @return the counters of {@code tables} (in the pool's schema) and the WAL position now */
    static Mark before(HikariDataSource pool, List<String> tables) throws SQLException, InterruptedException {
        flush(pool);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            return mark(c, tables);
        }
    }

    /**
     * @return the difference since {@code before}, once at least {@code expectedUpdates} updates
     *     show (or after 15 s)
     */
    static WriteStats after(HikariDataSource pool, List<String> tables, Mark before, long expectedUpdates)
            throws SQLException, InterruptedException {
        flush(pool);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            String lsn;
            try (PreparedStatement s = c.prepareStatement("SELECT pg_current_wal_lsn()::text");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                lsn = rs.getString(1);
            }
            long wal;
            try (PreparedStatement s = c.prepareStatement("SELECT pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)::bigint")) {
                s.setString(1, lsn);
                s.setString(2, before.lsn());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    wal = rs.getLong(1);
                }
            }
            Mark now = mark(c, tables);
            for (int i = 0; i < 60 && now.updates() - before.updates() < expectedUpdates; i++) {
                Thread.sleep(250);
                now = mark(c, tables);
            }
            return new WriteStats(now.updates() - before.updates(), now.hot() - before.hot(), wal);
        }
    }

    /** Closes the pool's idle connections, so that their backends exit and report their counts. */
    private static void flush(HikariDataSource pool) throws InterruptedException {
        pool.getHikariPoolMXBean().softEvictConnections();
        Thread.sleep(300);
    }

    private static Mark mark(Connection c, List<String> tables) throws SQLException {
        try (PreparedStatement clear = c.prepareStatement("SELECT pg_stat_clear_snapshot()")) {
            clear.execute();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(n_tup_upd), 0), COALESCE(SUM(n_tup_hot_upd), 0),"
                + " pg_current_wal_lsn()::text FROM pg_stat_user_tables WHERE schemaname = current_schema()"
                + " AND relname = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Mark(rs.getLong(1), rs.getLong(2), rs.getString(3));
            }
        }
    }

    /** @return e.g. {@code 98 % HOT (196,000 of 200,000 updates), 21.3 MB WAL} */
    String describe() {
        return String.format(Locale.ROOT, "%s HOT (%,d of %,d updates), %.1f MB WAL",
                updates == 0 ? "-" : String.format(Locale.ROOT, "%.0f %%", 100.0 * hot / updates), hot, updates,
                walBytes / 1e6);
    }
}

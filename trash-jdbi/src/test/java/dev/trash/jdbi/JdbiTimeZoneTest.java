package dev.trash.jdbi;

import static dev.trash.testkit.ReferenceTypes.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ExpiredException;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.SortOrder;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashQuery;
import dev.trash.TrashSweeper;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashFixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Instants survive the database exactly, whatever the zones around them: the JVM runs in
 * America/St_Johns (UTC−3:30/−2:30, surefire's argLine), PostgreSQL sessions in Pacific/Chatham
 * (UTC+12:45/+13:45, {@link PostgresBackend}) and MariaDB sessions at +12:45 ({@link MariadbBackend};
 * MariaDB keeps UTC in {@code DATETIME(6)}, which no session zone touches). The instants chosen fall
 * in the daylight-saving gaps and overlaps of both zones, where a conversion through local
 * date-times shifts or merges them.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JdbiTimeZoneTest extends TrashFixture {
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Duration MICRO = Duration.ofNanos(1_000);

    @Parameter
    TestDatabase database;

    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return database.backend(types);
    }

    /** Instants where local-time conversions go wrong, and their meaning. */
    static Stream<Instant> instants() {
        return Stream.of(
                Instant.parse("2026-03-01T10:15:30.123456Z"),        // an ordinary instant
                Instant.parse("2026-03-08T05:45:00.000001Z"),        // St_Johns: 02:15 local does not exist (gap)
                Instant.parse("2026-11-01T04:00:00.000002Z"),        // St_Johns: 01:30 local, first time (overlap)
                Instant.parse("2026-11-01T05:00:00.000002Z"),        // St_Johns: 01:30 local, second time
                Instant.parse("2026-04-04T13:30:00.654321Z"),        // Chatham: 03:15 local, first time (overlap)
                Instant.parse("2026-04-04T14:30:00.654321Z"),        // Chatham: 03:15 local, second time
                Instant.parse("2026-09-26T14:15:00.999999Z"),        // Chatham: 03:00 local does not exist (gap)
                Instant.parse("2026-06-30T23:59:59.999999999Z"));    // nanoseconds: truncated, never rounded up
    }

    /** The subset of {@link #instants()} the (costlier) expiry boundaries run at. */
    static Stream<Instant> boundaryInstants() {
        List<Instant> all = instants().toList();
        return Stream.of(all.get(1), all.get(3), all.get(5)); // St_Johns gap and overlap, Chatham overlap
    }

    private Jdbi jdbi() {
        return ((JdbiBackend) backend).jdbi;
    }

    /**
     * @return {@code column} of the item's row as microseconds since the epoch, computed by the
     *     database (on MariaDB: the microseconds from 1970-01-01 00:00 to the stored wall time, which
     *     is the epoch's count only if the column holds UTC)
     */
    private long epochMicros(TrashItemId item, String column) {
        if (database == TestDatabase.MARIADB) {
            return jdbi().withHandle(h -> h.createQuery("SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', "
                            + column + ") FROM trash_item WHERE id = :id")
                    .bind("id", item.value().toString()).mapTo(Long.class).one());
        }
        BigDecimal seconds = jdbi().withHandle(h -> h.createQuery("SELECT EXTRACT(EPOCH FROM " + column
                        + ") FROM trash_item WHERE id = :id")
                .bind("id", item.value()).mapTo(BigDecimal.class).one());
        return seconds.movePointRight(6).longValueExact();
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    @Test
    @DisplayName("premise: the JVM runs in America/St_Johns, PostgreSQL sessions in Pacific/Chatham, MariaDB sessions at +12:45")
    void zonesAreNotUtc() {
        assertThat(ZoneId.systemDefault()).as("run through Maven: surefire's argLine sets -Duser.timezone")
                .isEqualTo(ZoneId.of("America/St_Johns"));
        if (database == TestDatabase.POSTGRESQL) {
            String zone = jdbi().withHandle(h -> h.createQuery("SELECT current_setting('TimeZone')")
                    .mapTo(String.class).one());
            assertThat(zone).isEqualTo(PostgresBackend.SESSION_ZONE);
        }
        if (database == TestDatabase.MARIADB) {
            String zone = jdbi().withHandle(h -> h.createQuery("SELECT @@session.time_zone").mapTo(String.class).one());
            assertThat(zone).isEqualTo(MariadbBackend.SESSION_ZONE);
            // and the session zone is live: NOW() and UTC_TIMESTAMP() are 12:45 apart
            long minutes = jdbi().withHandle(h -> h.createQuery("SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW())")
                    .mapTo(Long.class).one());
            assertThat(minutes).isBetween(764L, 766L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instants")
    @DisplayName("R5a R7 an item deleted at an instant reads back with exactly that deletedAt and expiresAt (µs), in the API and in SQL")
    void instantsRoundTrip(Instant at) {
        clock.set(at);
        Instant expected = at.truncatedTo(ChronoUnit.MICROS);
        ResourceRef d = dataset(W1, "d1", 1);
        children(IMAGE, d, "img", 2, 1);

        TrashItem deleted = trash.delete(W1, d, ALICE);
        TrashItem read = trash.get(W1, deleted.id()).orElseThrow();
        TrashItem listed = trash.list(W1, TrashQuery.all()).items().get(0);

        for (TrashItem item : List.of(deleted, read, listed)) {
            assertThat(item.deletedAt()).isEqualTo(expected);
            assertThat(item.expiresAt()).isEqualTo(expected.plus(RETENTION));
            assertThat(item.expiresInDays()).isEqualTo(30);
        }
        assertThat(backend.backend().store().find(W1, deleted.id()).orElseThrow().deletedAt()).isEqualTo(expected);
        // What a host's own SQL (or a report) sees in the table: the same instant, not a local wall time.
        assertThat(epochMicros(deleted.id(), "deleted_at")).isEqualTo(micros(expected));
        assertThat(epochMicros(deleted.id(), "expires_at")).isEqualTo(micros(expected.plus(RETENTION)));
        assertThat(epochMicros(deleted.id(), "due_at")).isEqualTo(micros(expected.plus(RETENTION)));
    }

    @Test
    @DisplayName("R6 items deleted at those instants list newest first in instant order, on one page and through cursors")
    void listedInInstantOrder() {
        trash = builder().retention(Duration.ofDays(365)).build(); // all eight listed at once
        List<Instant> ats = new ArrayList<>(instants().toList());
        List<TrashItemId> expected = new ArrayList<>();
        int n = 0;
        for (Instant at : ats) {
            clock.set(at);
            expected.add(trash.delete(W1, dataset(W1, "d" + n++, 1), ALICE).id());
        }
        // Newest first: by instant, descending (the two overlaps have equal local wall times).
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
        order.sort(Comparator.comparing((Integer i) -> ats.get(i)).reversed());
        List<TrashItemId> newestFirst = order.stream().map(expected::get).toList();
        clock.set(Instant.parse("2026-11-02T00:00:00Z")); // after every deletion, before every expiry
        assertThat(trash.list(W1, TrashQuery.all().limit(50)).items()).extracting(TrashItem::id)
                .containsExactlyElementsOf(newestFirst);
        assertThat(allPages(trash, W1, TrashQuery.all().limit(1))).containsExactlyElementsOf(newestFirst);
        List<TrashItemId> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        assertThat(allPages(trash, W1, TrashQuery.all().order(SortOrder.OLDEST_FIRST).limit(3)))
                .containsExactlyElementsOf(oldestFirst);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundaryInstants")
    @DisplayName("R9 R17 at expiresAt − 1µs the item is listed, restorable and not swept; at expiresAt it is gone and swept")
    void expiryBoundaries(Instant at) {
        clock.set(at);
        ResourceRef kept = dataset(W1, "kept", 5);
        ResourceRef expiring = dataset(W1, "expiring", 7);
        children(IMAGE, expiring, "img", 2, 1);
        TrashItem restorable = trash.delete(W1, kept, ALICE);
        TrashItem item = trash.delete(W1, expiring, ALICE);
        Instant expiresAt = item.expiresAt();
        TrashSweeper sweeper = trash.sweeper(SweeperOptions.defaults());

        clock.set(expiresAt.minus(MICRO));
        assertThat(listedIds(W1)).containsExactlyInAnyOrder(item.id(), restorable.id());
        assertThat(trash.get(W1, item.id())).map(TrashItem::expiresInDays).contains(1L);
        assertThat(trash.storageSummary(W1).items()).isEqualTo(2);
        assertThat(sweeper.sweepOnce().items()).isZero();
        assertThat(trash.restore(W1, restorable.id(), ALICE).restoredCount()).isEqualTo(1);
        assertThat(isActive(kept)).isTrue();
        assertThat(isTrashed(expiring)).isTrue();

        clock.set(expiresAt);
        assertThat(listedIds(W1)).isEmpty();
        assertThat(trash.get(W1, item.id())).isEmpty();
        assertThat(trash.storageSummary(W1).items()).isZero();
        assertThatThrownBy(() -> trash.restore(W1, item.id(), ALICE)).isInstanceOf(ExpiredException.class);
        assertThat(sweeper.sweepOnce().items()).isEqualTo(1);
        assertThat(backend.exists(expiring)).isFalse();
        assertThat(backend.timesFreed(item.id())).isEqualTo(1);
        assertThat(backend.freedBytes(W1)).isEqualTo(9);
    }
}

package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.SortOrder;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.Condition;
import dev.trash.spi.ItemField;
import dev.trash.spi.Keyset;
import dev.trash.spi.ListRequest;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import dev.trash.testkit.ReferenceTypes;
import dev.trash.testkit.SuiteBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code name_key} (schema V4, SPEC R38), the name as the listing sorts and searches it: the name
 * lower-cased by Java, cut to 255 characters so that every database's index takes it. On H2,
 * PostgreSQL and MariaDB: a name of 3,000 characters that do not compress is stored (a full name in
 * a B-tree index would exceed PostgreSQL's 2,704 bytes and MariaDB's 3,072), found by what its first
 * 255 characters contain and sorted by them; names that differ only after their 255th character are
 * sorted by id among themselves, and pages walk them without a duplicate or a gap; the cut never
 * splits a surrogate pair.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JdbiNameKeyTest {
    private static final WorkspaceId W1 = WorkspaceId.of("w1");
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Parameter
    TestDatabase database;

    private SuiteBackend backend;
    private TrashStore store;

    @BeforeEach
    void open() {
        backend = database.backend(ReferenceTypes.ALL);
        store = ((JdbiBackend) backend).adapter.store();
    }

    @AfterEach
    void close() throws Exception {
        backend.close();
    }

    private TrashRecord insert(String name) {
        TrashRecord r = new TrashRecord(TrashItemId.random(), W1, ResourceRef.of(ReferenceTypes.PROJECT, "p"), name,
                Optional.empty(), Optional.empty(), NOW, ActorId.of("alice"), NOW.plus(Duration.ofDays(30)), 1, 0,
                Optional.empty());
        store.insert(r);
        return r;
    }

    private List<TrashItemId> list(SortOrder order, Condition where, int limit) {
        List<TrashItemId> ids = new ArrayList<>();
        Optional<Keyset> after = Optional.empty();
        for (int pages = 0; pages < 100; pages++) {
            List<TrashRecord> page = store.list(W1, new ListRequest(Set.of(), order, after, limit, where));
            page.forEach(r -> ids.add(r.id()));
            if (page.size() < limit) {
                return ids;
            }
            TrashRecord last = page.get(page.size() - 1);
            after = Optional.of(new Keyset(ListRequest.sortValue(order, last), last.id()));
        }
        throw new AssertionError("more than 100 pages");
    }

    private static Condition all() {
        return Condition.all();
    }

    @Test
    @DisplayName("R38 a name of 3,000 incompressible characters is stored, found by its first 255 characters, sorted by them")
    void longName() {
        Random random = new Random(7);
        StringBuilder name = new StringBuilder("Überlong ");
        while (name.length() < 3_000) {
            name.append((char) (0x4E00 + random.nextInt(0x5000))); // CJK: 3 bytes each in UTF-8, no two alike
        }
        TrashRecord big = insert(name.toString());
        TrashRecord a = insert("a");
        TrashRecord z = insert("zzz");

        assertThat(store.find(W1, big.id()).orElseThrow().name()).as("the name itself is whole").isEqualTo(name.toString());
        // "ü" (U+00FC) comes after "z": code point order, as trash-core compares lower-cased names.
        assertThat(list(SortOrder.NAME_ASCENDING, all(), 1)).containsExactly(a.id(), z.id(), big.id());
        assertThat(list(SortOrder.NAME_DESCENDING, all(), 2)).containsExactly(big.id(), z.id(), a.id());
        assertThat(list(SortOrder.NAME_ASCENDING, Condition.contains(ItemField.NAME, "ÜBERLONG " + name.substring(9, 40)), 10))
                .containsExactly(big.id());
        assertThat(list(SortOrder.NAME_ASCENDING, Condition.contains(ItemField.NAME, name.substring(2_000, 2_010)), 10))
                .as("past the 255th character: not searched").isEmpty();
    }

    @Test
    @DisplayName("R6 R38 names equal in their first 255 characters (lower-cased) sort by id among themselves; pages of 1 "
            + "walk them both ways without a duplicate or a gap")
    void namesEqualInTheirKey() {
        String prefix = "Report ".repeat(40); // 280 characters
        List<TrashRecord> same = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            same.add(insert(prefix + (char) ('e' - i)));
        }
        TrashRecord before = insert("report");
        TrashRecord after = insert("reports");
        List<TrashItemId> byId = new ArrayList<>(same.stream().map(TrashRecord::id).toList());
        byId.sort((x, y) -> {
            int c = Long.compareUnsigned(x.value().getMostSignificantBits(), y.value().getMostSignificantBits());
            return c != 0 ? c : Long.compareUnsigned(x.value().getLeastSignificantBits(), y.value().getLeastSignificantBits());
        });
        List<TrashItemId> expected = new ArrayList<>();
        expected.add(before.id());
        expected.addAll(byId);
        expected.add(after.id());

        List<TrashItemId> up = list(SortOrder.NAME_ASCENDING, all(), 1);
        assertThat(up).containsExactlyElementsOf(expected);
        assertThat(new HashSet<>(up)).hasSize(7);
        List<TrashItemId> down = list(SortOrder.NAME_DESCENDING, all(), 1);
        java.util.Collections.reverse(expected);
        assertThat(down).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("R38 the cut never splits a surrogate pair, and a name cursor is cut as the column is")
    void cut() {
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        assertThat(SqlCondition.nameKey("A".repeat(254) + emoji + "b")).isEqualTo("a".repeat(254));
        assertThat(SqlCondition.nameKey("A".repeat(253) + emoji + "b")).isEqualTo("a".repeat(253) + emoji);
        assertThat(SqlCondition.nameKey("ÉTÉ")).isEqualTo("été");
        assertThat(SqlCondition.cutNameKey("x".repeat(300))).hasSize(255);
        TrashRecord one = insert("A".repeat(254) + emoji + "one");
        TrashRecord two = insert("A".repeat(254) + emoji + "two");
        TrashRecord last = insert("b");
        assertThat(list(SortOrder.NAME_ASCENDING, all(), 1)).hasSize(3).containsOnlyOnce(one.id(), two.id())
                .endsWith(last.id());
        assertThat(SqlCondition.containing("50%_off!")).isEqualTo("%50!%!_off!!%");
    }
}

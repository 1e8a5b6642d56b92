package dev.trash.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.Purged;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashSweeper;
import dev.trash.spi.ExpiryWarnings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour suite for expiry warnings (SPEC R39): the sweeper tells the host's
 * {@link ExpiryWarnings} port about each item a set time before its expiry, once — never twice,
 * also with several sweepers and after a restart; never for an item restored or held before; again
 * after the port failed. A backend runs it by extending this class and implementing
 * {@link #newBackend}.
 */
public abstract class TrashWarningSuite extends TrashFixture {
    private static final Duration WEEK = Duration.ofDays(7);

    /** Remembers every item it was told about, and fails while {@link #down} is set. */
    protected static final class Inbox implements ExpiryWarnings {
        final List<TrashItem> told = new CopyOnWriteArrayList<>();
        final Map<TrashItemId, AtomicInteger> times = new ConcurrentHashMap<>();
        volatile boolean down;

        @Override
        public void warn(List<TrashItem> items) throws IOException {
            if (down) {
                throw new IOException("mail server down");
            }
            told.addAll(items);
            items.forEach(i -> times.computeIfAbsent(i.id(), k -> new AtomicInteger()).incrementAndGet());
        }

        List<TrashItemId> ids() {
            return told.stream().map(TrashItem::id).toList();
        }
    }

    private TrashSweeper sweeper(TrashManager manager) {
        return manager.sweeper(SweeperOptions.defaults().batchSize(7));
    }

    @Test
    @DisplayName("R39 an item is told once, a set time before its expiry; not before, not twice, not after a restart")
    void warnedOnce() {
        Inbox inbox = new Inbox();
        trash = builder().expiryWarnings(WEEK, inbox).build();
        TrashItem item = trash.delete(W1, project(W1, "p1", 1), ALICE);
        TrashItem later = trash.delete(W1, project(W1, "p2", 1), ALICE);
        TrashSweeper sweeper = sweeper(trash);

        clock.advance(Duration.ofDays(22)); // expires in 8 days
        assertThat(sweeper.sweepOnce()).isEqualTo(Purged.NONE);
        assertThat(inbox.told).isEmpty();

        clock.advance(Duration.ofDays(1)); // expires in exactly 7 days
        sweeper.sweepOnce();
        assertThat(inbox.ids()).containsExactlyInAnyOrder(item.id(), later.id());
        assertThat(inbox.told).allSatisfy(i -> assertThat(i.expiresInDays()).isEqualTo(7));

        sweeper.sweepOnce();
        TrashManager restarted = builder().expiryWarnings(WEEK, inbox).build();
        sweeper(restarted).sweepOnce();
        clock.advance(Duration.ofDays(3));
        sweeper(restarted).sweepOnce();
        assertThat(inbox.told).as("never twice, also after a restart").hasSize(2);
        assertThat(trash.get(W1, item.id())).as("a warning changes nothing the host sees").isPresent();
    }

    @Test
    @DisplayName("R39 R32 never for an item restored or held before its warning; a released hold lets it be warned")
    void notForRestoredOrHeld() {
        Inbox inbox = new Inbox();
        trash = builder().expiryWarnings(WEEK, inbox).build();
        TrashItem restored = trash.delete(W1, project(W1, "r", 1), ALICE);
        TrashItem held = trash.delete(W1, project(W1, "h", 1), ALICE);
        TrashItem plain = trash.delete(W1, project(W1, "p", 1), ALICE);
        trash.restore(W1, restored.id(), ALICE);
        trash.hold(W1, held.id(), "audit", ALICE);

        clock.advance(Duration.ofDays(25));
        sweeper(trash).sweepOnce();
        assertThat(inbox.ids()).containsExactly(plain.id());

        trash.releaseHold(W1, held.id(), ALICE);
        sweeper(trash).sweepOnce();
        assertThat(inbox.ids()).containsExactly(plain.id(), held.id());
    }

    @Test
    @DisplayName("R39 when the port fails, the items are offered again on the next sweep, then told once")
    void portFailure() {
        Inbox inbox = new Inbox();
        trash = builder().expiryWarnings(WEEK, inbox).build();
        TrashItem item = trash.delete(W1, project(W1, "p1", 1), ALICE);
        clock.advance(Duration.ofDays(24));
        inbox.down = true;
        TrashSweeper sweeper = sweeper(trash);
        sweeper.sweepOnce();
        assertThat(inbox.told).isEmpty();
        assertThat(sweeper.status().lastError().orElseThrow()).contains("expiry warnings").contains("mail server down");

        inbox.down = false;
        sweeper.sweepOnce();
        sweeper.sweepOnce();
        assertThat(inbox.ids()).containsExactly(item.id());
    }

    @Test
    @DisplayName("R39 an item whose retention is shorter than the warning time is told at the first sweep; an expired one never")
    void shortRetention() throws Exception {
        useTypes(ReferenceTypes.withRetention(ReferenceTypes.DATASET, Duration.ofDays(3)));
        Inbox inbox = new Inbox();
        trash = builder().expiryWarnings(WEEK, inbox).build();
        TrashItem d = trash.delete(W1, dataset(W1, "d1", 1), ALICE);
        TrashItem d2 = trash.delete(W1, dataset(W1, "d2", 1), ALICE);
        TrashManager silent = builder().build();
        clock.advance(Duration.ofDays(1));
        assertThat(inbox.told).isEmpty();
        sweeper(trash).sweepOnce();
        assertThat(inbox.ids()).containsExactlyInAnyOrder(d.id(), d2.id());

        TrashItem expired = trash.delete(W1, dataset(W1, "d3", 1), ALICE);
        clock.advance(Duration.ofDays(4));
        sweeper(silent).sweepOnce(); // purges it, and the others, without warning
        sweeper(trash).sweepOnce();
        assertThat(inbox.ids()).doesNotContain(expired.id());
    }

    @Test
    @DisplayName("R39 R22 four sweepers of two managers warn of 300 items, each exactly once")
    void fourSweepers() throws Exception {
        Inbox inbox = new Inbox();
        List<TrashItemId> ids = new ArrayList<>();
        TrashManager a = builder().expiryWarnings(WEEK, inbox).build();
        TrashManager b = builder().expiryWarnings(WEEK, inbox).build();
        for (int i = 0; i < 300; i++) {
            ids.add(a.delete(i % 3 == 0 ? W2 : W1, project(i % 3 == 0 ? W2 : W1, "p" + i, 1), ALICE).id());
        }
        clock.advance(Duration.ofDays(25));
        List<TrashSweeper> sweepers = List.of(sweeper(a), sweeper(a), sweeper(b), sweeper(b));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.CyclicBarrier gate = new java.util.concurrent.CyclicBarrier(4);
            List<Callable<Purged>> tasks = new ArrayList<>();
            for (TrashSweeper s : sweepers) {
                tasks.add(() -> {
                    gate.await(60, TimeUnit.SECONDS);
                    return s.sweepOnce();
                });
            }
            for (var f : pool.invokeAll(tasks, 120, TimeUnit.SECONDS)) {
                assertThat(f.get()).isEqualTo(Purged.NONE);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new HashSet<>(inbox.ids())).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(inbox.times.values()).allSatisfy(n -> assertThat(n.get()).as("told once").isEqualTo(1));
        assertThat(inbox.told).hasSize(300);
    }
}

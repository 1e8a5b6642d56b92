package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.ResourceType;
import dev.trash.TrashItemId;
import dev.trash.spi.PurgeChange;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashRecord;
import dev.trash.testkit.States;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The claims lock only the rows they take, on both databases: while one worker's claim transaction
 * is still open, another worker claims other items at once, and restores of items outside the
 * claimed batch go through. (H2 2.5, given {@code ORDER BY … LIMIT … FOR UPDATE}, locks every
 * matching row, so the adapter leaves the order out on H2.)
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JdbiClaimLockTest extends TrashFixture {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Parameter
    TestDatabase database;

    private ExecutorService threads;

    @Override
    protected SuiteBackend newBackend(List<ResourceType> types) {
        return database.backend(types);
    }

    @BeforeEach
    void startThreads() {
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private List<TrashItemId> deleteDatasets(int count) {
        List<TrashItemId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(trash.delete(W1, dataset(W1, "d" + i, 1), ALICE).id());
            clock.advance(Duration.ofSeconds(1));
        }
        return ids;
    }

    private PurgeChange claim(String owner) {
        return States.claim(owner, clock.instant().plus(Duration.ofMinutes(10)));
    }

    private TrashStore store() {
        return backend.backend().store();
    }

    /**
     * Runs {@code first} in a transaction that stays open while {@code second} runs on another
     * connection; then lets the first commit.
     *
     * @return what {@code second} returned
     */
    private <A, B> B whileOpen(Function<Jdbi, A> first, java.util.concurrent.Callable<B> second, List<A> firstResult)
            throws Exception {
        Jdbi jdbi = ((JdbiBackend) backend).jdbi;
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = threads.submit(() -> {
            jdbi.useTransaction(h -> {
                firstResult.add(first.apply(jdbi));
                holding.countDown();
                assertThat(release.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            });
            return null;
        });
        assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("first transaction holds its locks").isTrue();
        try {
            return threads.submit(second).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            release.countDown();
            holder.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static Set<TrashItemId> ids(List<TrashRecord> records) {
        Set<TrashItemId> ids = new HashSet<>();
        records.forEach(r -> ids.add(r.id()));
        return ids;
    }

    @Test
    @DisplayName("R22 two sweepers' claims at once: the second takes other due items while the first's transaction is open")
    void concurrentClaimDueTakeDisjointItems() throws Exception {
        List<TrashItemId> all = deleteDatasets(40);
        clock.advance(Duration.ofDays(31));
        List<List<TrashRecord>> first = new ArrayList<>();

        Instant now = clock.instant();
        List<TrashRecord> second = whileOpen(j -> store().claimNext(W1, States.due(now), claim("a"), 10),
                () -> backend.backend().transactions().inTransaction(
                        () -> store().claimNext(W1, States.due(now), claim("b"), 10)), first);

        assertThat(first.get(0)).hasSize(10);
        assertThat(second).as("the second sweeper is not locked out by the first").hasSize(10);
        assertThat(ids(second)).doesNotContainAnyElementsOf(ids(first.get(0)));
        assertThat(all).containsAll(ids(second));
    }

    @Test
    @DisplayName("R16 R22 while Empty Trash holds its batch, an item outside the batch can still be restored")
    void emptyTrashBatchDoesNotBlockOtherRestores() throws Exception {
        deleteDatasets(40);
        List<List<TrashRecord>> batch = new ArrayList<>();

        TrashItemId restored = whileOpen(j -> store().claimAny(W1, States.inTrash(), claim("empty"), 10),
                () -> {
                    Set<TrashItemId> held = ids(batch.get(0));
                    TrashItemId outside = listedIds(W1).stream().filter(id -> !held.contains(id)).findFirst()
                            .orElseThrow();
                    trash.restore(W1, outside, ALICE);
                    return outside;
                }, batch);

        assertThat(batch.get(0)).hasSize(10);
        assertThat(ids(batch.get(0))).doesNotContain(restored);
        assertThat(listedIds(W1)).hasSize(40 - 10 - 1).doesNotContain(restored);
    }
}

package dev.trash.internal;

import dev.trash.TrashItem;
import dev.trash.WorkspaceId;
import dev.trash.spi.ExpiryWarnings;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Tells the host's {@link ExpiryWarnings} port about items that expire within {@code before}
 * (SPEC R39), once per item: each batch is first marked warned in the store (skipping items other
 * sweepers hold, so several sweepers warn disjoint sets), then told to the port after that commit;
 * if the port throws, the batch's marks are cleared so the next sweep offers it again. Run by the
 * sweeper at the start of each sweep. Thread-safe (stateless between calls).
 */
final class Warner {
    private static final System.Logger LOG = System.getLogger("dev.trash");
    private static final int WORKSPACES_PER_ROUND = 100;

    /**
     * What the builder was given.
     *
     * @param before how long before its expiry an item is warned of
     * @param port the host's port
     */
    record Config(Duration before, ExpiryWarnings port) {
    }

    private final Config config;
    private final TrashStore store;
    private final TrashTransactions tx;
    private final Clock clock;

    Warner(Config config, TrashStore store, TrashTransactions tx, Clock clock) {
        this.config = config;
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Warns of every item due a warning now, batch by batch, until none is left or {@code stop}
     * says so; a port failure is told to {@code failures} and ends this round.
     *
     * @return how many items the port took
     */
    long warn(int batchSize, BooleanSupplier stop, Purger.Failures failures) {
        Instant start = DefaultTrashManager.now(clock);
        List<WorkspaceId> workspaces = store.workspaces(ItemStates.warnable(start, config.before()), WORKSPACES_PER_ROUND);
        long told = 0;
        for (WorkspaceId workspace : workspaces) {
            while (!stop.getAsBoolean()) {
                Instant at = DefaultTrashManager.now(clock);
                List<TrashRecord> marked = tx.inTransaction(() -> store.markWarned(workspace,
                        ItemStates.warnable(at, config.before()), at, batchSize));
                if (marked.isEmpty()) {
                    break;
                }
                List<TrashItem> items = marked.stream().map(r -> DefaultTrashManager.view(r, at)).toList();
                try {
                    config.port().warn(items);
                } catch (Throwable e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    String what = "expiry warnings " + config.port().getClass().getName() + " failed for "
                            + items.size() + " items of workspace " + workspace + "; they are offered again next sweep";
                    LOG.log(e instanceof Error ? Level.ERROR : Level.WARNING, what, e);
                    failures.failed(what, e);
                    tx.inTransaction(() -> store.clearWarned(workspace, marked.stream().map(TrashRecord::id).toList(), at));
                    if (e instanceof Error error) {
                        throw error; // as everywhere in the sweeper: an Error ends the sweep, after the marks are undone
                    }
                    return told;
                }
                told += items.size();
                if (marked.size() < batchSize) {
                    break;
                }
            }
        }
        return told;
    }
}

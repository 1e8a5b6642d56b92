package dev.trash.internal;

import dev.trash.ActorId;
import dev.trash.Purged;
import dev.trash.RetryableException;
import dev.trash.ResourceRef;
import dev.trash.SweeperOptions;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResources;
import dev.trash.spi.ItemTree;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.PurgeTarget;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashRecord;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import dev.trash.spi.TypeLink;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Finishes the purge of claimed items; shared by manual purge, Empty Trash and the sweeper.
 *
 * <p>Each claimed item is the head of a <em>unit</em>: itself plus the items trashed on their own
 * inside it (SPEC R18), claimed too. A unit is purged whole or not at all: its hooks run (outside any
 * transaction), then, for every unit whose hooks all succeeded, one transaction deletes the store
 * records still owned by this claim, the resources marked with them (one statement per type,
 * bottom-up) and tells the ledger. A unit whose hook or delete failed is released with exponential
 * backoff (SPEC R19); one that holds an item another worker has claimed is released to be tried
 * again after the initial backoff, without counting a failure; one that had not started when the
 * caller asked to stop is handed back at once, claimable by any worker (SPEC R30). Every item of
 * one call belongs to one workspace, and so does every statement (SPEC R44). The state changes
 * are {@link ItemStates}'. Thread-safe (stateless between calls).
 */
final class Purger {
    private static final System.Logger LOG = System.getLogger("dev.trash");
    /**
     * How often the delete transaction of a batch or a unit runs before its units count as failed,
     * when it loses a race with a concurrent transaction ({@link RetryableException}: a deadlock
     * with another worker's delete, typically on InnoDB). The transaction is the purge's own (a
     * purge never joins the caller's), was rolled back whole and changed nothing, so running it
     * again is safe; the hooks, which already ran, are not run again. Before each new run it waits
     * a random pause of up to {@link #RACE_PAUSE_MILLIS} ms, doubled at each run: run again at once,
     * it would meet the same winner, whose transaction is still under way, and lose again.
     */
    static final int DELETE_ATTEMPTS = 5;
    /** The longest pause before the second run of a delete transaction that lost a race, in ms (doubled at each run). */
    static final long RACE_PAUSE_MILLIS = 20;

    private final TypeGraph graph;
    private final TrashStore store;
    private final HostResources resources;
    private final TrashTransactions tx;
    private final Clock clock;
    private final List<PurgeHook> hooks;
    private final StorageLedger ledger;
    private final Events events;

    Purger(TypeGraph graph, TrashStore store, HostResources resources, TrashTransactions tx, Clock clock,
           List<PurgeHook> hooks, StorageLedger ledger, Events events) {
        this.graph = graph;
        this.store = store;
        this.resources = resources;
        this.tx = tx;
        this.clock = clock;
        this.hooks = List.copyOf(hooks);
        this.ledger = ledger;
        this.events = events;
    }

    /** Told about each failure of a purge (a hook, or deleting the rows), for the sweeper's status (SPEC R31). */
    @FunctionalInterface
    interface Failures {
        /** Ignores every failure (manual purges and Empty Trash report theirs as events only). */
        Failures NONE = (message, cause) -> { };

        void failed(String message, Throwable cause);
    }

    /** One claimed item and the items nested in it. */
    private static final class Unit {
        final List<TrashRecord> members = new ArrayList<>();
        boolean blocked;
        boolean notStarted;
        String error;
    }

    /**
     * Purges the claimed items of {@code workspace} (and what is nested in them), using
     * {@code claim}'s owner. Before each unit's hooks it asks {@code stop}: once that says true, no
     * unit starts any more, and the units left are handed back at once. Each hook or delete that
     * fails is told to {@code failures} too. Events name {@code actor} as who purged.
     *
     * @return what was purged; items handed back or released for a retry count as retrying
     */
    Purged purge(WorkspaceId workspace, List<TrashRecord> claimed, Claim claim, SweeperOptions options,
                 BooleanSupplier stop, Failures failures, ActorId actor) {
        if (claimed.isEmpty()) {
            return Purged.NONE;
        }
        Map<TrashItemId, Unit> unitOf = new HashMap<>();
        List<Unit> units = new ArrayList<>();
        for (TrashRecord record : claimed) {
            Unit unit = new Unit();
            unit.members.add(record);
            units.add(unit);
            unitOf.put(record.id(), unit);
        }
        try {
            claimNested(workspace, units, unitOf, claim);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not look for items nested in the claimed ones; they are retried after their lease", e);
            return new Purged(0, 0, claimed.size());
        }

        List<Unit> ready = new ArrayList<>();
        List<Unit> failed = new ArrayList<>();
        for (Unit unit : units) {
            if (!unit.blocked && stop.getAsBoolean()) {
                unit.notStarted = true;
            } else if (!unit.blocked) {
                runHooks(unit, failures);
            }
            (unit.blocked || unit.notStarted || unit.error != null ? failed : ready).add(unit);
        }

        Purged done = finish(workspace, ready, claim.owner(), failed, failures, actor);
        long retrying = release(workspace, failed, claim.owner(), options, actor);
        return new Purged(done.items(), done.bytes(), done.retrying() + retrying);
    }

    /**
     * Claims, level after level, the items trashed on their own inside the claimed ones. An item
     * found inside another one that was claimed in the same batch joins that one's unit, so that the
     * parent is never deleted without it.
     */
    private void claimNested(WorkspaceId workspace, List<Unit> units, Map<TrashItemId, Unit> unitOf, Claim claim) {
        List<ItemTree> frontier = units.stream().flatMap(u -> u.members.stream()).map(ItemTree::of).toList();
        while (!frontier.isEmpty()) {
            Map<TrashItemId, TrashItemId> nested = new LinkedHashMap<>();
            for (TypeLink link : graph.links()) {
                resources.nestedItems(workspace, link, frontier).forEach((child, parent) -> {
                    Unit own = unitOf.get(child);
                    Unit outer = unitOf.get(parent);
                    if (own == null) {
                        nested.put(child, parent);
                    } else if (own != outer) {
                        merge(own, outer, units, unitOf);
                    }
                });
            }
            if (nested.isEmpty()) {
                return;
            }
            List<TrashRecord> got = tx.inTransaction(() -> store.claim(workspace, nested.keySet(),
                    ItemStates.claimable(claim.now()), ItemStates.claim(claim.owner(), claim.leaseUntil())));
            Set<TrashItemId> gotIds = new HashSet<>();
            for (TrashRecord record : got) {
                Unit unit = unitOf.get(nested.get(record.id()));
                unit.members.add(record);
                unitOf.put(record.id(), unit);
                gotIds.add(record.id());
            }
            nested.forEach((child, parent) -> {
                if (!gotIds.contains(child)) {
                    // Held by another worker (or purged by it a moment ago): retry this unit later.
                    unitOf.get(parent).blocked = true;
                }
            });
            frontier = got.stream().map(ItemTree::of).toList();
        }
    }

    private static void merge(Unit from, Unit into, List<Unit> units, Map<TrashItemId, Unit> unitOf) {
        into.members.addAll(from.members);
        into.blocked |= from.blocked;
        from.members.forEach(r -> unitOf.put(r.id(), into));
        units.remove(from);
    }

    /**
     * Runs every hook for every member of the unit; the first failure stops the unit. Anything a
     * hook throws, an {@link Error} included (a {@link StackOverflowError} from a recursive hook),
     * is a failure of this unit, retried with backoff: it never ends a sweep or its schedule. A hook
     * that gives up because the thread was interrupted ({@link InterruptedException}, which clears
     * the thread's interrupt status) fails its unit, and the interrupt is restored, so that the
     * sweep stops as an interrupt asks (SPEC R30) instead of starting the next unit.
     */
    private void runHooks(Unit unit, Failures failures) {
        for (TrashRecord record : unit.members) {
            Target target = new Target(record);
            for (PurgeHook hook : hooks) {
                try {
                    hook.purge(target);
                } catch (Throwable e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    String what = "purge hook " + hook.getClass().getName() + " failed for item " + record.id();
                    unit.error = what + ": " + e;
                    LOG.log(e instanceof Error ? Level.ERROR : Level.WARNING, unit.error, e);
                    failures.failed(what, e);
                    return;
                }
            }
        }
    }

    /**
     * Deletes the rows of the ready units: all in one transaction, or, if that fails, unit by unit
     * so that one bad unit holds back no other. Units whose rows could not be deleted are added to
     * {@code failed}, with the error.
     */
    private Purged finish(WorkspaceId workspace, List<Unit> ready, String owner, List<Unit> failed, Failures failures,
                          ActorId actor) {
        List<TrashRecord> records = new ArrayList<>();
        ready.forEach(unit -> records.addAll(unit.members));
        if (records.isEmpty()) {
            return Purged.NONE;
        }
        try {
            return delete(workspace, records, owner, actor);
        } catch (RuntimeException batchFailed) {
            if (ready.size() == 1) {
                failedFinish(ready.get(0), batchFailed, failed, failures);
                return Purged.NONE;
            }
            Purged sum = Purged.NONE;
            for (Unit unit : ready) {
                try {
                    sum = sum.plus(delete(workspace, unit.members, owner, actor));
                } catch (RuntimeException e) {
                    failedFinish(unit, e, failed, failures);
                }
            }
            return sum;
        }
    }

    /** A unit whose rows could not be deleted is retried with backoff, unless another worker now owns it. */
    private static void failedFinish(Unit unit, RuntimeException failure, List<Unit> failed, Failures failures) {
        if (failure instanceof LeaseLost) {
            LOG.log(Level.INFO, "lease of item " + unit.members.get(0).id() + " passed to another worker");
            return;
        }
        String what = "deleting the rows of item " + unit.members.get(0).id() + " failed";
        unit.error = what + ": " + failure;
        LOG.log(Level.WARNING, unit.error, failure);
        failures.failed(what, failure);
        failed.add(unit);
    }

    private Purged delete(WorkspaceId workspace, List<TrashRecord> records, String owner, ActorId actor) {
        Map<TrashItemId, TrashRecord> byId = new LinkedHashMap<>();
        records.forEach(r -> byId.put(r.id(), r));
        Purged purged = deleteRetrying(workspace, byId, owner);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        records.forEach(r -> events.fire(new TrashEvent.Purged(r.workspace(), r.id(), r.root(), r.sizeBytes(), actor, at)));
        return purged;
    }

    /**
     * Runs the delete transaction, again after a random pause if it lost a race, up to
     * {@link #DELETE_ATTEMPTS} times in all. An interrupt during a pause ends the retries: the race
     * lost last is thrown, the interrupt restored, and the unit fails as any other would.
     */
    private Purged deleteRetrying(WorkspaceId workspace, Map<TrashItemId, TrashRecord> byId, String owner) {
        for (int attempt = 1; ; attempt++) {
            try {
                return deleteTransaction(workspace, byId, owner);
            } catch (RetryableException e) {
                if (attempt >= DELETE_ATTEMPTS) {
                    throw e;
                }
                long pause = ThreadLocalRandom.current().nextLong(1, (RACE_PAUSE_MILLIS << (attempt - 1)) + 1);
                LOG.log(Level.DEBUG, "deleting the rows of " + byId.size() + " items lost a race (attempt " + attempt
                        + " of " + DELETE_ATTEMPTS + "); running it again in " + pause + " ms: " + e.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Purged deleteTransaction(WorkspaceId workspace, Map<TrashItemId, TrashRecord> byId, String owner) {
        return tx.inTransaction(() -> {
            Set<TrashItemId> removed = store.removeAll(workspace, byId.keySet(), ItemStates.ownedBy(owner));
            if (removed.size() != byId.size()) {
                throw new LeaseLost();
            }
            List<ItemTree> trees = removed.stream().map(id -> ItemTree.of(byId.get(id))).toList();
            for (String type : graph.bottomUp()) {
                resources.purge(workspace, type, trees);
            }
            long bytes = 0;
            for (TrashItemId id : removed) {
                TrashRecord r = byId.get(id);
                ledger.freed(r.workspace(), id, r.sizeBytes());
                bytes += r.sizeBytes();
            }
            return new Purged(removed.size(), bytes, 0);
        });
    }

    /**
     * Hands the units that could not be purged back for a later try. A failed unit (a hook or the
     * delete threw) counts one more attempt, waits with exponential backoff and is reported as
     * {@link TrashEvent.PurgeFailed}; a blocked unit (an item nested in it is held by another worker)
     * failed at nothing: it waits the initial backoff, with no attempt counted and no event; a unit
     * that had not started when the caller stopped is claimable again at once.
     */
    private long release(WorkspaceId workspace, List<Unit> failed, String owner, SweeperOptions options, ActorId actor) {
        long count = 0;
        for (Unit unit : failed) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Optional<String> failure = Optional.ofNullable(unit.error);
            int attempts = unit.members.stream().mapToInt(ItemStates::attempts).max().orElse(0)
                    + (failure.isPresent() ? 1 : 0);
            List<TrashItemId> ids = unit.members.stream().map(TrashRecord::id).toList();
            var change = failure.isPresent() ? ItemStates.failed(owner, now.plus(backoff(attempts, options)), attempts, failure.get())
                    : ItemStates.handBack(owner, unit.notStarted ? now : now.plus(options.initialBackoff()));
            try {
                tx.inTransaction(() -> store.update(workspace, ids, ItemStates.ownedBy(owner), change));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not release items " + ids + "; they are retried after their lease", e);
            }
            if (failure.isPresent()) {
                for (TrashRecord r : unit.members) {
                    events.fire(new TrashEvent.PurgeFailed(r.workspace(), r.id(), r.root(), attempts, failure.get(),
                            actor, now));
                }
            } else if (unit.notStarted) {
                LOG.log(Level.DEBUG, "items " + ids + " handed back unstarted: the purge was asked to stop");
            } else {
                LOG.log(Level.DEBUG, "items " + ids + " wait for an item inside them that another purge holds");
            }
            count += ids.size();
        }
        return count;
    }

    static Duration backoff(int attempts, SweeperOptions options) {
        Duration delay = options.initialBackoff();
        for (int i = 1; i < attempts && delay.compareTo(options.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : delay;
    }

    /** Thrown inside the delete transaction to roll it back when an item is no longer ours. */
    private static final class LeaseLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }

    private final class Target implements PurgeTarget {
        private final TrashRecord record;

        Target(TrashRecord record) {
            this.record = record;
        }

        @Override
        public TrashItemId item() {
            return record.id();
        }

        @Override
        public WorkspaceId workspace() {
            return record.workspace();
        }

        @Override
        public ResourceRef root() {
            return record.root();
        }

        @Override
        public long sizeBytes() {
            return record.sizeBytes();
        }

        @Override
        public List<ResourceRef> resources(String type) {
            graph.type(type);
            return resources.marked(record.workspace(), type, ItemTree.of(record));
        }
    }

}

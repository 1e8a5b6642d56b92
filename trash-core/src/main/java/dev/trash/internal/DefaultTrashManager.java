package dev.trash.internal;

import dev.trash.ActorId;
import dev.trash.BackendException;
import dev.trash.BulkResult;
import dev.trash.HeldException;
import dev.trash.Hold;
import dev.trash.InvalidArgumentException;
import dev.trash.ConfigurationException;
import dev.trash.ConflictException;
import dev.trash.ExpiredException;
import dev.trash.NotFoundException;
import dev.trash.Page;
import dev.trash.ParentInTrashException;
import dev.trash.ParentInfo;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.RestorePreview;
import dev.trash.Restored;
import dev.trash.RetryableException;
import dev.trash.SlugScope;
import dev.trash.StorageSummary;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashException;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TrashSweeper;
import dev.trash.TrashTotals;
import dev.trash.Treemap;
import dev.trash.TreemapOptions;
import dev.trash.TypeUsage;
import dev.trash.WorkspaceId;
import dev.trash.spi.Condition;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import dev.trash.spi.ItemTree;
import dev.trash.spi.ItemField;
import dev.trash.spi.ItemTotals;
import dev.trash.spi.Keyset;
import dev.trash.spi.ListRequest;
import dev.trash.spi.Marked;
import dev.trash.spi.PurgeHook;
import dev.trash.spi.RetentionPolicy;
import dev.trash.spi.ResourceState;
import dev.trash.spi.SlugTakenException;
import dev.trash.spi.StorageLedger;
import dev.trash.spi.TrashBackend;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashListener;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The {@link TrashManager}: checks arguments, then runs each operation in one transaction of the
 * backend's ports. What the items' states mean is {@link ItemStates}'; purges are the
 * {@link Purger}'s. Holds no mutable state of its own, so it is thread-safe whenever the ports are.
 * Made only by {@link Managers#create}.
 */
final class DefaultTrashManager implements TrashManager {
    private static final System.Logger LOG = System.getLogger("dev.trash");
    /** The earliest time the clock may read: the Unix epoch. */
    static final Instant MIN_TIME = Instant.EPOCH;
    /** The latest time the clock may read: the expiry of the longest retention must still be a year 9999 time. */
    static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59Z").minus(ResourceType.MAX_RETENTION);
    /** How often a restore retries when a concurrent restore took the slug it chose. */
    private static final int SLUG_RETRIES = 10;
    /** How many numbered slugs a restore tries before giving up. */
    private static final int MAX_SLUG_SUFFIX = 10_000;

    private final TrashBackend backend;
    private final TypeGraph graph;
    private final TrashStore store;
    private final HostResources resources;
    private final TrashTransactions tx;
    private final Clock clock;
    private final Events events;
    private final Purger purger;
    private final SweeperOptions purgeOptions;
    private final RetentionPolicy policy;
    private final Optional<Warner.Config> warnings;

    DefaultTrashManager(TrashBackend backend, Clock clock, Duration retention, List<PurgeHook> hooks,
                        StorageLedger ledger, List<TrashListener> listeners, SweeperOptions purgeOptions,
                        RetentionPolicy policy, Optional<Warner.Config> warnings) {
        this.backend = backend;
        this.graph = new TypeGraph(backend.types(), retention);
        this.store = required(backend.store(), "store()");
        this.resources = required(backend.resources(), "resources()");
        this.tx = required(backend.transactions(), "transactions()");
        this.clock = clock;
        this.events = new Events(listeners);
        this.purgeOptions = purgeOptions;
        this.policy = policy;
        this.warnings = warnings;
        this.purger = new Purger(graph, store, resources, tx, clock, hooks, ledger, events);
        validate();
    }

    private static <T> T required(T port, String what) {
        if (port == null) {
            throw new ConfigurationException("the backend's " + what + " returned null; a backend must provide every port");
        }
        return port;
    }

    /**
     * Time from the injected clock, to the microsecond that databases keep.
     *
     * @throws ConfigurationException if the clock reads a time outside what the library can store
     */
    private Instant now() {
        return now(clock);
    }

    static Instant now(Clock clock) {
        Instant now = clock.instant();
        if (now.isBefore(MIN_TIME) || now.isAfter(MAX_TIME)) {
            throw new ConfigurationException("the manager's clock reads " + now + ", outside the supported range "
                    + MIN_TIME + " to " + MAX_TIME + "; give the builder a clock that tells the real time");
        }
        return now.truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public List<String> validate() {
        List<String> warnings = List.copyOf(backend.validate());
        warnings.forEach(w -> LOG.log(Level.WARNING, w));
        return warnings;
    }

    @Override
    public Map<String, ResourceType> types() {
        return graph.types();
    }

    @Override
    public TrashItem delete(WorkspaceId workspace, ResourceRef resource, ActorId actor) {
        Check.notNull(workspace, "workspace");
        Check.notNull(resource, "resource");
        Check.notNull(actor, "actor");
        String type = graph.type(resource.type()).name();
        TrashItemId id = TrashItemId.random();
        Instant now = now();
        TrashRecord record = tx.inTransaction(() -> {
            HostResource root = findIn(workspace, resource).resource();
            Optional<ParentInfo> parent = Optional.empty();
            Optional<ResourceRef> up = root.parent();
            // Up the type chain, one ancestor per type: an active resource's ancestors are active (a delete
            // marks the whole subtree, a restore needs an active parent), so a nested type's parent is enough
            // and the check costs the same at any depth (SPEC R37).
            Set<String> seenTypes = new HashSet<>();
            while (up.isPresent() && seenTypes.add(up.get().type())) {
                Optional<ResourceState> ancestor = resources.find(workspace, up.get());
                if (ancestor.isEmpty()) {
                    break;
                }
                if (parent.isEmpty()) {
                    parent = Optional.of(new ParentInfo(up.get(), ancestor.get().resource().name()));
                }
                if (!ancestor.get().active()) {
                    throw new ConflictException(resource + " is inside " + up.get()
                            + ", which is in the trash; restore " + up.get() + " first");
                }
                up = ancestor.get().resource().parent();
            }
            if (!resources.mark(workspace, resource, id)) {
                throw new ConflictException(resource + " was deleted concurrently and is in the trash now");
            }
            Marked children = Marked.NONE;
            ItemTree tree = new ItemTree(id, resource);
            for (TypeLink link : graph.cascadeLinks(type)) {
                children = children.plus(resources.markChildren(workspace, link, tree));
            }
            // the backend's own instance of the ref when it is the same ref, so that the record does not keep the caller's
            ResourceRef rootRef = root.ref().equals(resource) ? root.ref() : resource;
            TrashRecord created = new TrashRecord(id, workspace, rootRef, root.name(), root.slug(), parent, now, actor,
                    now.plus(retention(workspace, type)).truncatedTo(ChronoUnit.MICROS), root.sizeBytes() + children.bytes(), children.count(),
                    Optional.empty());
            store.insert(created);
            TrashItem deleted = view(created, now);
            tx.afterCommit(() -> events.fire(new TrashEvent.Deleted(deleted)));
            return created;
        });
        return view(record, now);
    }

    /** {@return the resource if it exists in the workspace and is not in the Trash} */
    private ResourceState findIn(WorkspaceId workspace, ResourceRef resource) {
        ResourceState state = resources.find(workspace, resource)
                .filter(s -> s.resource().workspace().equals(workspace))
                .orElseThrow(() -> new NotFoundException(resource + " does not exist in workspace " + workspace));
        if (!state.active()) {
            throw new ConflictException(resource + " is already in the trash (item " + state.trashedBy().orElseThrow()
                    + "); restore or purge that item instead");
        }
        return state;
    }

    @Override
    public Page<TrashItem> list(WorkspaceId workspace, TrashQuery query) {
        Check.notNull(workspace, "workspace");
        Check.notNull(query, "query");
        query.types().forEach(graph::type);
        Optional<Keyset> after = query.cursor().map(c -> Cursors.decode(c, workspace, query));
        Instant now = now();
        List<TrashRecord> rows = store.list(workspace,
                new ListRequest(query.types(), query.order(), after, query.limit() + 1, where(query, now)));
        boolean more = rows.size() > query.limit();
        List<TrashRecord> page = more ? rows.subList(0, query.limit()) : rows;
        Optional<String> next = Optional.empty();
        if (more) {
            TrashRecord last = page.get(page.size() - 1);
            next = Optional.of(Cursors.encode(workspace, query,
                    new Keyset(ListRequest.sortValue(query.order(), last), last.id())));
        }
        return new Page<>(page.stream().map(r -> view(r, now)).toList(), next);
    }

    /** {@return what a listing shows: the listed items (SPEC R6, R9) that pass the query's filters (SPEC R38)} */
    private static Condition where(TrashQuery query, Instant now) {
        List<Condition> parts = new ArrayList<>();
        // What expires soon is never held (a held item does not expire, SPEC R32): then "listed" needs no OR
        // for held items, and an expiry index can start its range at now.
        parts.add(query.expiresBefore().isPresent() ? ItemStates.expiring(now) : ItemStates.listed(now));
        query.nameContains().ifPresent(n -> parts.add(Condition.contains(ItemField.NAME, n)));
        query.deletedBy().ifPresent(a -> parts.add(Condition.compare(ItemField.DELETED_BY, Condition.Op.EQ, a.value())));
        // Stored times are whole microseconds: a bound between two of them is rounded up, which keeps
        // "at or after from" and "before" exact.
        query.deletedFrom().ifPresent(t -> parts.add(Condition.compare(ItemField.DELETED_AT, Condition.Op.GE, ceilMicros(t))));
        query.deletedBefore().ifPresent(t -> parts.add(Condition.compare(ItemField.DELETED_AT, Condition.Op.LT,
                ceilMicros(t))));
        query.expiresBefore().ifPresent(t -> parts.add(Condition.compare(ItemField.EXPIRES_AT, Condition.Op.LE,
                t.truncatedTo(ChronoUnit.MICROS))));
        return parts.size() == 1 ? parts.get(0) : new Condition.All(parts);
    }

    /** {@return {@code t} rounded up to a whole microsecond} */
    private static Instant ceilMicros(Instant t) {
        Instant down = t.truncatedTo(ChronoUnit.MICROS);
        return down.equals(t) ? t : down.plus(1, ChronoUnit.MICROS);
    }

    @Override
    public TrashQuery expiringWithin(Duration window) {
        Check.positive(window, ResourceType.MAX_RETENTION, "window");
        return TrashQuery.all().order(dev.trash.SortOrder.EXPIRING_FIRST).expiresBefore(now().plus(window));
    }

    @Override
    public Optional<TrashItem> get(WorkspaceId workspace, TrashItemId item) {
        Check.notNull(workspace, "workspace");
        Check.notNull(item, "item");
        Instant now = now();
        return store.find(workspace, item).filter(r -> ItemStates.isRestorable(r, now)).map(r -> view(r, now));
    }

    /**
     * {@return the retention the policy gives for items of {@code type} deleted in {@code workspace}}
     *
     * @throws ConfigurationException if the policy gives none, or one out of range
     */
    private Duration retention(WorkspaceId workspace, String type) {
        Duration retention = policy.retention(workspace, graph.type(type), graph.retention(type));
        if (retention == null || retention.isZero() || retention.isNegative()
                || retention.compareTo(ResourceType.MAX_RETENTION) > 0) {
            throw new ConfigurationException("the retention policy " + policy.getClass().getName() + " gave " + retention
                    + " for type " + type + " in workspace " + workspace + "; it must give a positive retention of at most "
                    + ResourceType.MAX_RETENTION.toDays() + " days");
        }
        return retention;
    }

    @Override
    public Restored restore(WorkspaceId workspace, TrashItemId item, ActorId actor) {
        Check.notNull(workspace, "workspace");
        Check.notNull(item, "item");
        Check.notNull(actor, "actor");
        return restore(workspace, item, Optional.empty(), actor);
    }

    @Override
    public Restored restoreInto(WorkspaceId workspace, TrashItemId item, ResourceRef parent, ActorId actor) {
        Check.notNull(workspace, "workspace");
        Check.notNull(item, "item");
        Check.notNull(parent, "parent");
        Check.notNull(actor, "actor");
        graph.type(parent.type());
        return restore(workspace, item, Optional.of(parent), actor);
    }

    private Restored restore(WorkspaceId workspace, TrashItemId item, Optional<ResourceRef> into, ActorId actor) {
        boolean joined = tx.isActive();
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.inTransaction(() -> {
                    Instant now = now();
                    Restored restored = apply(workspace, plan(workspace, item, into, now), now);
                    tx.afterCommit(() -> events.fire(new TrashEvent.RestoredItem(workspace, restored, actor, now)));
                    return restored;
                });
            } catch (SlugTakenException e) {
                if (joined) {
                    // The caller's transaction holds the failed attempt: only the caller can roll it back.
                    throw new RetryableException("a concurrent restore or create took the slug this restore chose ("
                            + e.getMessage() + "); roll back your transaction and restore again", e);
                }
                if (attempt == SLUG_RETRIES) {
                    throw new RetryableException("could not give the restored resource a free slug after " + attempt
                            + " attempts (concurrent restores or creates keep taking it); try again", e);
                }
            }
        }
    }

    /**
     * What a restore will do, worked out by reading only: the item, its root, the parent it goes
     * into (share-locked, SPEC R12) and the slug it gets (SPEC R11).
     *
     * @param moved whether the root changes parent (SPEC R34)
     */
    private record Plan(TrashRecord record, HostResource root, Optional<ResourceRef> parent, boolean moved,
                        Optional<String> slug) {
    }

    /** Reads what a restore of {@code id} (into {@code into}, if given) will do; throws the refusal it meets. */
    private Plan plan(WorkspaceId workspace, TrashItemId id, Optional<ResourceRef> into, Instant now) {
        TrashRecord record = store.find(workspace, id).orElseThrow(() -> notFound(workspace, id));
        ResourceType type = graph.type(record.root().type());
        if (into.isPresent()) {
            if (type.parent().isEmpty()) {
                throw new InvalidArgumentException("a " + type.name() + " has no parent type, so trash item " + id
                        + " cannot be restored into " + into.get() + "; restore it where it was");
            }
            if (!type.parent().get().equals(into.get().type())) {
                throw new InvalidArgumentException("a " + type.name() + " can only be restored into a "
                        + type.parent().get() + ", not into " + into.get());
            }
        }
        requireRestorable(record, now);
        HostResource root = resources.find(workspace, record.root())
                .orElseThrow(() -> new ConflictException("the resource of trash item " + id + " (" + record.root()
                        + ") no longer exists in the host; purge the item"))
                .resource();
        Optional<ResourceRef> parent = into.isPresent() ? into : root.parent();
        if (parent.isPresent()) {
            ResourceRef parentRef = parent.get();
            ResourceState state = resources.findForShare(workspace, parentRef).orElseThrow(() -> into.isPresent()
                    ? new NotFoundException("cannot restore " + record.root() + " into " + parentRef
                            + ": it does not exist in workspace " + workspace)
                    : new ConflictException("cannot restore " + record.root() + ": its parent " + parentRef
                            + " no longer exists; restore it into another " + parentRef.type()));
            if (!state.active()) {
                throw new ParentInTrashException(record.root().type(), parentRef.type());
            }
        }
        Optional<String> slug = root.slug();
        boolean scoped = type.slugScope().isPresent() && (type.slugScope().get() == SlugScope.WORKSPACE || parent.isPresent());
        if (slug.isPresent() && !Check.blank(slug.get()) && scoped) { // a parent-scoped slug without a parent is in no scope
            Optional<ResourceRef> scope = type.slugScope().get() == SlugScope.PARENT ? parent : Optional.empty();
            slug = Optional.of(freeSlug(type.name(), workspace, scope, slug.get()));
        }
        boolean moved = into.isPresent() && !into.equals(root.parent());
        return new Plan(record, root, parent, moved, slug);
    }

    /** Carries out {@code plan}: takes the item out of the store, moves and renames the root if needed, unmarks. */
    private Restored apply(WorkspaceId workspace, Plan plan, Instant now) {
        TrashRecord record = plan.record();
        TrashItemId id = record.id();
        if (!store.remove(workspace, id, ItemStates.restorable(now))) {
            TrashRecord current = store.find(workspace, id).orElseThrow(() -> notFound(workspace, id));
            requireRestorable(current, now);
            throw new RetryableException("trash item " + id + " changed concurrently; reload and try again");
        }
        if (plan.moved()) {
            resources.moveTo(workspace, record.root(), plan.parent().orElseThrow());
        }
        if (!plan.slug().equals(plan.root().slug())) {
            resources.changeSlug(workspace, record.root(), plan.slug().orElseThrow());
        }
        List<String> types = graph.subtree(record.root().type());
        ItemTree tree = ItemTree.of(record);
        long count = 0;
        // Bottom-up, so that each level is found through its still marked parents (HostResources.unmark);
        // rows hidden with their parent (SPEC R42) are not touched: they come back with it.
        List<String> bottomUp = new ArrayList<>(types.subList(1, types.size()));
        Collections.reverse(bottomUp);
        for (String t : bottomUp) {
            if (graph.type(t).hidden()) {
                continue;
            }
            try {
                count += resources.unmark(workspace, t, tree);
            } catch (SlugTakenException e) {
                throw new ConflictException("cannot restore " + record.root() + ": a cascaded " + t
                        + " has a slug that an active " + t + " took meanwhile (" + e.getMessage()
                        + "); rename one of them and restore again");
            }
        }
        count += resources.unmark(workspace, types.get(0), tree); // the root: a SlugTakenException here is retried
        if (types.stream().anyMatch(t -> graph.type(t).hidden())) {
            // Hidden rows come back with their parent unread (SPEC R42): the item's own count stands for them.
            count = Math.max(count, 1 + record.cascadedCount());
        }
        return new Restored(id, record.root(), plan.root().slug(), plan.slug(), count, plan.parent());
    }

    @Override
    public RestorePreview previewRestore(WorkspaceId workspace, TrashItemId item) {
        Check.notNull(workspace, "workspace");
        Check.notNull(item, "item");
        return preview(workspace, item, Optional.empty());
    }

    @Override
    public RestorePreview previewRestoreInto(WorkspaceId workspace, TrashItemId item, ResourceRef parent) {
        Check.notNull(workspace, "workspace");
        Check.notNull(item, "item");
        Check.notNull(parent, "parent");
        graph.type(parent.type());
        return preview(workspace, item, Optional.of(parent));
    }

    private RestorePreview preview(WorkspaceId workspace, TrashItemId id, Optional<ResourceRef> into) {
        return tx.inTransaction(() -> {
            Instant now = now();
            TrashRecord record = store.find(workspace, id).orElseThrow(() -> notFound(workspace, id));
            Map<String, TypeUsage> types = new LinkedHashMap<>();
            for (String t : graph.subtree(record.root().type())) {
                Marked m = resources.measure(workspace, t, ItemTree.of(record));
                types.put(t, new TypeUsage(m.count(), m.bytes()));
            }
            Optional<ResourceRef> parent = into.isPresent() ? into : record.parent().map(ParentInfo::ref);
            try {
                Plan plan = plan(workspace, id, into, now);
                return new RestorePreview(id, record.root(), plan.parent(), plan.root().slug(), plan.slug(), types,
                        Optional.empty());
            } catch (ExpiredException e) {
                return refused(record, parent, types, RestorePreview.Reason.EXPIRED, e);
            } catch (ParentInTrashException e) {
                return refused(record, parent, types, RestorePreview.Reason.PARENT_IN_TRASH, e);
            } catch (NotFoundException e) {
                if (into.isEmpty() || store.find(workspace, id).isEmpty()) {
                    throw e;
                }
                return refused(record, parent, types, RestorePreview.Reason.PARENT_MISSING, e);
            } catch (ConflictException e) {
                return refused(record, parent, types, record.purge().isPresent() ? RestorePreview.Reason.BEING_PURGED
                        : RestorePreview.Reason.CONFLICT, e);
            }
        });
    }

    private static RestorePreview refused(TrashRecord record, Optional<ResourceRef> parent, Map<String, TypeUsage> types,
                                          RestorePreview.Reason reason, TrashException e) {
        return new RestorePreview(record.id(), record.root(), parent, record.slug(), record.slug(), types,
                Optional.of(new RestorePreview.Refusal(reason, e.getMessage())));
    }

    private String freeSlug(String type, WorkspaceId workspace, Optional<ResourceRef> scope, String slug) {
        Set<String> taken = resources.slugsInUse(workspace, type, scope, slug);
        if (!taken.contains(slug)) {
            return slug;
        }
        for (int n = 2; n <= MAX_SLUG_SUFFIX; n++) {
            String suffix = "-" + n;
            String base = slug.length() + suffix.length() <= Check.MAX_TEXT ? slug
                    : slug.substring(0, Check.MAX_TEXT - suffix.length());
            String candidate = base + suffix;
            if (base.length() < slug.length() ? !resources.slugsInUse(workspace, type, scope, candidate).contains(candidate)
                    : !taken.contains(candidate)) {
                return candidate;
            }
        }
        throw new ConflictException("no free slug for " + type + " '" + slug + "' up to " + slug + "-" + MAX_SLUG_SUFFIX
                + "; rename the resources that hold them");
    }

    private void requireRestorable(TrashRecord record, Instant now) {
        if (ItemStates.expired(now).test(record)) {
            throw new ExpiredException("trash item " + record.id() + " (" + record.root() + " '" + record.name()
                    + "') expired at " + record.expiresAt() + " and can no longer be restored");
        }
        if (!ItemStates.isRestorable(record, now)) {
            throw new ConflictException("trash item " + record.id() + " (" + record.root() + " '" + record.name()
                    + "') is being purged permanently and can no longer be restored");
        }
    }

    private static NotFoundException notFound(WorkspaceId workspace, TrashItemId id) {
        return new NotFoundException("trash item " + id + " does not exist in the trash of workspace " + workspace
                + " (it may have been restored or purged)");
    }

    private static HeldException held(TrashRecord record, String doing) {
        Hold hold = record.hold().orElseThrow();
        return new HeldException("trash item " + record.id() + " (" + record.root() + " '" + record.name() + "') "
                + doing + "is held since " + hold.at() + " by " + hold.by() + " (" + hold.reason()
                + ") and cannot be purged; release the hold first", record.id());
    }

    @Override
    public Purged purge(WorkspaceId workspace, TrashItemId item, ActorId actor) {
        Check.notNull(workspace, "workspace");
        Check.notNull(item, "item");
        Check.notNull(actor, "actor");
        requireNoTransaction("purge");
        TrashRecord record = store.find(workspace, item).orElseThrow(() -> notFound(workspace, item));
        if (record.hold().isPresent()) {
            throw held(record, "");
        }
        requireNoHeldInside(workspace, record);
        Claim claim = newClaim("purge");
        List<TrashRecord> claimed = tx.inTransaction(() -> store.claim(workspace, List.of(item),
                ItemStates.claimable(claim.now()), ItemStates.claim(claim.owner(), claim.leaseUntil())));
        if (claimed.isEmpty()) {
            TrashRecord now = store.find(workspace, item).orElseThrow(() -> notFound(workspace, item));
            if (now.hold().isPresent()) {
                throw held(now, "");
            }
            throw new ConflictException("trash item " + item + " (" + record.root() + " '" + record.name()
                    + "') is already being purged; the sweeper finishes it");
        }
        return purger.purge(workspace, claimed, claim, purgeOptions, () -> false, Purger.Failures.NONE, actor);
    }

    /**
     * Refuses a manual purge of an item that has a held item nested in it (SPEC R32), before claiming
     * anything. A hold placed after this check still stops the purge: the unit then waits (the
     * {@link Purger} cannot claim the held item), and nothing of it is deleted.
     */
    private void requireNoHeldInside(WorkspaceId workspace, TrashRecord record) {
        List<ItemTree> frontier = List.of(ItemTree.of(record));
        Set<TrashItemId> seen = new HashSet<>(Set.of(record.id()));
        while (!frontier.isEmpty()) {
            Set<TrashItemId> next = new HashSet<>();
            for (TypeLink link : graph.links()) {
                for (TrashItemId nested : resources.nestedItems(workspace, link, frontier).keySet()) {
                    if (seen.add(nested)) {
                        next.add(nested);
                    }
                }
            }
            List<ItemTree> inside = new ArrayList<>();
            for (TrashItemId nested : next) {
                Optional<TrashRecord> inner = store.find(workspace, nested);
                if (inner.isPresent() && inner.get().hold().isPresent()) {
                    throw held(inner.get(), "is nested in trash item " + record.id() + " (" + record.root() + "), and ");
                }
                inner.map(ItemTree::of).ifPresent(inside::add);
            }
            frontier = inside;
        }
    }

    @Override
    public Purged emptyTrash(WorkspaceId workspace, ActorId actor) {
        Check.notNull(workspace, "workspace");
        Check.notNull(actor, "actor");
        requireNoTransaction("emptyTrash");
        Instant started = now();
        Purged total = Purged.NONE;
        while (true) {
            Claim claim = newClaim("empty");
            List<TrashRecord> claimed = tx.inTransaction(() -> store.claimAny(workspace, ItemStates.emptiable(),
                    ItemStates.claim(claim.owner(), claim.leaseUntil()), purgeOptions.batchSize()));
            if (claimed.isEmpty()) {
                break;
            }
            total = total.plus(purger.purge(workspace, claimed, claim, purgeOptions, () -> false, Purger.Failures.NONE,
                    actor));
        }
        Purged result = total.withHeld(store.summarize(workspace, ItemStates.kept()).items());
        events.fire(new TrashEvent.Emptied(workspace, result, actor, started));
        return result;
    }

    @Override
    public BulkResult restoreAll(WorkspaceId workspace, List<TrashItemId> items, ActorId actor) {
        checkBulk(workspace, items, actor, "restoreAll");
        List<BulkResult.Outcome> outcomes = new ArrayList<>();
        for (TrashItemId item : items) {
            try {
                Restored r = restore(workspace, item, Optional.empty(), actor);
                outcomes.add(new BulkResult.Outcome(item, r.renamed() ? BulkResult.Status.RENAMED : BulkResult.Status.RESTORED,
                        r.renamed() ? "restored as '" + r.slug().orElseThrow() + "' (its slug '" + r.originalSlug().orElseThrow()
                                + "' is taken)" : "restored", Optional.of(r), Optional.empty()));
            } catch (TrashException e) {
                outcomes.add(refusal(workspace, item, e));
            }
        }
        return new BulkResult(outcomes);
    }

    @Override
    public BulkResult purgeAll(WorkspaceId workspace, List<TrashItemId> items, ActorId actor) {
        checkBulk(workspace, items, actor, "purgeAll");
        List<BulkResult.Outcome> outcomes = new ArrayList<>();
        for (TrashItemId item : items) {
            try {
                Purged p = purge(workspace, item, actor);
                boolean done = p.retrying() == 0;
                outcomes.add(new BulkResult.Outcome(item, done ? BulkResult.Status.PURGED : BulkResult.Status.RETRYING,
                        done ? "purged" : "out of the trash, but a purge hook failed: the sweeper retries it",
                        Optional.empty(), Optional.of(p)));
            } catch (TrashException e) {
                outcomes.add(refusal(workspace, item, e));
            }
        }
        return new BulkResult(outcomes);
    }

    private void checkBulk(WorkspaceId workspace, List<TrashItemId> items, ActorId actor, String operation) {
        Check.notNull(workspace, "workspace");
        Check.notNull(items, "items");
        Check.notNull(actor, "actor");
        if (items.isEmpty()) {
            throw new InvalidArgumentException("items must not be empty: give " + operation + " at least one item");
        }
        if (items.size() > MAX_BULK) {
            throw new InvalidArgumentException("items must be at most " + MAX_BULK + ", was " + items.size()
                    + "; split the list into calls of at most " + MAX_BULK);
        }
        Set<TrashItemId> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            TrashItemId item = Check.notNull(items.get(i), "items[" + i + "]");
            if (!seen.add(item)) {
                throw new InvalidArgumentException("items names trash item " + item + " twice (again at index " + i
                        + "); give each item once");
            }
        }
        requireNoTransaction(operation);
    }

    /** The outcome of an item a bulk call could not restore or purge, by the error a single call met. */
    private BulkResult.Outcome refusal(WorkspaceId workspace, TrashItemId item, TrashException e) {
        BulkResult.Status status;
        if (e instanceof NotFoundException) {
            status = BulkResult.Status.NOT_FOUND;
        } else if (e instanceof ExpiredException) {
            status = BulkResult.Status.EXPIRED;
        } else if (e instanceof ParentInTrashException) {
            status = BulkResult.Status.PARENT_IN_TRASH;
        } else if (e instanceof RetryableException) {
            status = BulkResult.Status.RETRY;
        } else if (e instanceof BackendException) {
            status = BulkResult.Status.FAILED;
        } else if (e instanceof HeldException) {
            status = BulkResult.Status.HELD;
        } else if (e instanceof ConflictException) {
            status = BulkResult.Status.CONFLICT;
        } else {
            throw e; // invalid argument, configuration: not a refusal of this item
        }
        return new BulkResult.Outcome(item, status, e.getMessage(), Optional.empty(), Optional.empty());
    }

    @Override
    public TrashItem hold(WorkspaceId workspace, TrashItemId item, String reason, ActorId actor) {
        Check.notNull(workspace, "workspace");
        Check.notNull(item, "item");
        Check.notNull(actor, "actor");
        Instant now = now();
        Hold hold = new Hold(reason, actor, now);
        TrashRecord held = tx.inTransaction(() -> {
            TrashRecord record = store.find(workspace, item).orElseThrow(() -> notFound(workspace, item));
            requireHoldable(record, now);
            if (!store.setHold(workspace, item, ItemStates.holdable(now), Optional.of(hold))) {
                requireHoldable(store.find(workspace, item).orElseThrow(() -> notFound(workspace, item)), now);
                throw new RetryableException("trash item " + item + " changed concurrently; reload and try again");
            }
            tx.afterCommit(() -> events.fire(new TrashEvent.Held(workspace, item, record.root(), hold)));
            return record.withHold(Optional.of(hold));
        });
        return view(held, now);
    }

    private static void requireHoldable(TrashRecord record, Instant now) {
        if (record.hold().isPresent()) {
            Hold hold = record.hold().get();
            throw new ConflictException("trash item " + record.id() + " is already held since " + hold.at() + " by "
                    + hold.by() + " (" + hold.reason() + "); release that hold first to place another");
        }
        if (record.purge().isPresent()) {
            throw new ConflictException("trash item " + record.id() + " (" + record.root() + " '" + record.name()
                    + "') is being purged permanently and can no longer be held");
        }
        if (ItemStates.expired(now).test(record)) {
            throw new ExpiredException("trash item " + record.id() + " (" + record.root() + " '" + record.name()
                    + "') expired at " + record.expiresAt() + " and can no longer be held");
        }
    }

    @Override
    public TrashItem releaseHold(WorkspaceId workspace, TrashItemId item, ActorId actor) {
        Check.notNull(workspace, "workspace");
        Check.notNull(item, "item");
        Check.notNull(actor, "actor");
        Instant now = now();
        TrashRecord released = tx.inTransaction(() -> {
            TrashRecord record = store.find(workspace, item).orElseThrow(() -> notFound(workspace, item));
            Hold hold = record.hold().orElseThrow(() -> new ConflictException("trash item " + item
                    + " is not held; there is no hold to release"));
            if (!store.setHold(workspace, item, ItemStates.held(), Optional.empty())) {
                throw new RetryableException("trash item " + item + " changed concurrently; reload and try again");
            }
            tx.afterCommit(() -> events.fire(new TrashEvent.Released(workspace, item, record.root(), hold, actor, now)));
            return record.withHold(Optional.empty());
        });
        return view(released, now);
    }

    @Override
    public long reapplyRetention(WorkspaceId workspace, ActorId actor) {
        Check.notNull(workspace, "workspace");
        Check.notNull(actor, "actor");
        Instant now = now();
        long changed = tx.inTransaction(() -> {
            long n = 0;
            for (String type : graph.types().keySet()) {
                n += store.changeExpiry(workspace, type, retention(workspace, type), now, ItemStates.reexpirable(now));
            }
            long count = n;
            tx.afterCommit(() -> events.fire(new TrashEvent.RetentionReapplied(workspace, count, actor, now)));
            return n;
        });
        return changed;
    }

    /** Purges run their hooks after their own commits; inside a caller's transaction they could not. */
    private void requireNoTransaction(String operation) {
        if (tx.isActive()) {
            throw new IllegalStateException(operation + " cannot run inside a transaction: its purge hooks delete data "
                    + "outside the database that a rollback could not bring back; call it after your transaction ends");
        }
    }

    private Claim newClaim(String kind) {
        Instant now = now();
        return new Claim(kind + "-" + UUID.randomUUID(), now, now.plus(purgeOptions.lease()));
    }

    @Override
    public StorageSummary storageSummary(WorkspaceId workspace) {
        Check.notNull(workspace, "workspace");
        return store.summarize(workspace, ItemStates.listed(now()));
    }

    @Override
    public Treemap treemap(WorkspaceId workspace, TreemapOptions options) {
        Check.notNull(workspace, "workspace");
        Check.notNull(options, "options");
        Instant now = now();
        return tx.inTransaction(() -> {
            StorageSummary summary = store.summarize(workspace, ItemStates.listed(now));
            List<TrashRecord> largest = store.largest(workspace, ItemStates.listed(now), options.maxTiles());
            return TreemapLayout.layout(largest, summary.bytes(), summary.items(), options);
        });
    }

    @Override
    public TrashTotals totals() {
        Instant now = now();
        ItemTotals listed = store.totals(ItemStates.listed(now));
        ItemTotals purging = store.totals(ItemStates.purging(now));
        ItemTotals retrying = store.totals(ItemStates.retrying());
        ItemTotals due = store.totals(ItemStates.due(now));
        return new TrashTotals(now, listed.items(), listed.bytes(), purging.items(), purging.bytes(), retrying.items(),
                due.earliestDueAt());
    }

    @Override
    public TrashSweeper sweeper(SweeperOptions options) {
        Check.notNull(options, "options");
        return new DefaultSweeper(store, tx, clock, purger, options, events,
                warnings.map(w -> new Warner(w, store, tx, clock)));
    }

    /** {@return the item as the Trash shows it at {@code now}} */
    static TrashItem view(TrashRecord r, Instant now) {
        return new TrashItem(r.id(), r.workspace(), r.root(), r.name(), r.slug(), r.parent(), r.deletedAt(),
                r.deletedBy(), r.expiresAt(), expiresInDays(now, r.expiresAt()), r.sizeBytes(), r.cascadedCount(),
                r.hold());
    }

    /** Whole days until expiry, rounded up: "30d" right after deletion, "1d" in the last day, 0 once expired. */
    static long expiresInDays(Instant now, Instant expiresAt) {
        if (!now.isBefore(expiresAt)) {
            return 0;
        }
        Duration left = Duration.between(now, expiresAt);
        long days = left.toDays();
        return left.minusDays(days).isZero() ? days : days + 1;
    }
}

package dev.trash.testkit;

import dev.trash.ActorId;
import dev.trash.Page;
import dev.trash.ResourceRef;
import dev.trash.StorageSummary;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.TrashEvent;
import dev.trash.memory.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the suites: a fresh backend, a {@link ManualClock} and a manager over the reference
 * types for every test, events collected, and helpers that seed the reference platform's resources.
 */
public abstract class TrashFixture {
    /** A workspace. */
    protected static final WorkspaceId W1 = WorkspaceId.of("w1");
    /** Another workspace, that must never see W1's items. */
    protected static final WorkspaceId W2 = WorkspaceId.of("w2");
    /** Who deletes, unless a test says otherwise. */
    protected static final ActorId ALICE = ActorId.of("alice");
    /** The time every test starts at. */
    protected static final Instant START = Instant.parse("2026-03-01T10:15:30.123456Z");

    /** The backend under test. */
    protected TrashBackend backend;
    /** The clock of the manager. */
    protected ManualClock clock;
    /** The manager under test. */
    protected TrashManager trash;
    /** Every event the manager told its listener, in order. */
    protected final List<TrashEvent> events = new CopyOnWriteArrayList<>();

    /** @return a fresh, empty backend */
    protected abstract TrashBackend newBackend() throws Exception;

    @BeforeEach
    void setUpFixture() throws Exception {
        backend = newBackend();
        clock = ManualClock.at(START);
        trash = builder().build();
    }

    @AfterEach
    void tearDownFixture() throws Exception {
        if (backend != null) {
            backend.close();
        }
    }

    /** @return a builder wired to this test's backend, clock and event list, with the reference types */
    protected TrashManager.Builder builder() {
        return ReferenceTypes.declare(portsOnly());
    }

    /**
     * @return a builder wired to this test's backend, clock and event list, but with no type
     *     declared: for tests that declare the reference types themselves (e.g. with their own retention)
     */
    protected TrashManager.Builder portsOnly() {
        return TrashManager.builder()
                .store(backend.store())
                .resources(backend.resources())
                .transactions(backend.transactions())
                .storageLedger(backend.ledger())
                .clock(clock)
                .listener(events::add);
    }

    /** Adds a project whose slug is its id. */
    protected ResourceRef project(WorkspaceId ws, String id, long size) {
        ResourceRef ref = ResourceRef.of(ReferenceTypes.PROJECT, id);
        backend.add(HostResource.root(ref, ws, "Project " + id, id, size));
        return ref;
    }

    /** Adds a project with its own slug. */
    protected ResourceRef project(WorkspaceId ws, String id, String slug, long size) {
        ResourceRef ref = ResourceRef.of(ReferenceTypes.PROJECT, id);
        backend.add(HostResource.root(ref, ws, "Project " + id, slug, size));
        return ref;
    }

    /** Adds a model with its own slug. */
    protected ResourceRef model(ResourceRef project, String id, String slug, long size) {
        ResourceRef ref = ResourceRef.of(ReferenceTypes.MODEL, id);
        backend.add(new HostResource(ref, workspaceOf(project), Optional.of(project), "Model " + id, Optional.of(slug), size));
        return ref;
    }

    /** Adds a model whose slug is its id. */
    protected ResourceRef model(ResourceRef project, String id, long size) {
        ResourceRef ref = ResourceRef.of(ReferenceTypes.MODEL, id);
        backend.add(new HostResource(ref, workspaceOf(project), Optional.of(project), "Model " + id, Optional.of(id), size));
        return ref;
    }

    /** Adds a dataset whose slug is its id. */
    protected ResourceRef dataset(WorkspaceId ws, String id, long size) {
        ResourceRef ref = ResourceRef.of(ReferenceTypes.DATASET, id);
        backend.add(HostResource.root(ref, ws, "Dataset " + id, id, size));
        return ref;
    }

    /** Adds a child without slug (image, annotation, weights, training_run, export). */
    protected ResourceRef child(String type, ResourceRef parent, String id, long size) {
        ResourceRef ref = ResourceRef.of(type, id);
        backend.add(HostResource.child(ref, parent, workspaceOf(parent), type + " " + id, size));
        return ref;
    }

    /** Adds {@code count} children of {@code type} with ids {@code prefix-0…}, each of {@code size} bytes. */
    protected List<ResourceRef> children(String type, ResourceRef parent, String prefix, int count, long size) {
        List<ResourceRef> refs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            refs.add(child(type, parent, prefix + "-" + i, size));
        }
        return refs;
    }

    private WorkspaceId workspaceOf(ResourceRef ref) {
        return backend.resources().find(ref).orElseThrow().resource().workspace();
    }

    /** @return whether the resource exists and is active (visible to the host's normal views) */
    protected boolean isActive(ResourceRef ref) {
        return backend.resources().find(ref).map(s -> s.active()).orElse(false);
    }

    /** @return the resource's current slug (it must exist) */
    protected Optional<String> slugOf(ResourceRef ref) {
        return backend.resources().find(ref).orElseThrow().resource().slug();
    }

    /** @return the ids of every item listed in the workspace's Trash, newest first, through all pages */
    protected List<TrashItemId> listedIds(WorkspaceId ws) {
        return allPages(trash, ws, TrashQuery.all().limit(TrashQuery.MAX_LIMIT));
    }

    /** @return the ids of every item {@code trash} lists in the workspace, page after page from {@code first} */
    public static List<TrashItemId> allPages(TrashManager trash, WorkspaceId ws, TrashQuery first) {
        List<TrashItemId> ids = new ArrayList<>();
        TrashQuery query = first;
        while (true) {
            Page<TrashItem> page = trash.list(ws, query);
            page.items().forEach(i -> ids.add(i.id()));
            if (page.nextCursor().isEmpty()) {
                return ids;
            }
            query = query.after(page.nextCursor().get());
        }
    }

    /**
     * Everything a caller can observe of both workspaces: their listings, storage, the active
     * resources of every type and the ledger. Equal snapshots mean nothing changed.
     */
    protected record Snapshot(List<TrashItem> w1Items, List<TrashItem> w2Items, StorageSummary w1Storage,
                              StorageSummary w2Storage, Map<String, List<ResourceRef>> active, long freedW1,
                              long freedW2) {
    }

    /** @return what both workspaces look like now */
    protected Snapshot snapshot() {
        Map<String, List<ResourceRef>> active = new TreeMap<>();
        for (WorkspaceId ws : List.of(W1, W2)) {
            for (var type : ReferenceTypes.ALL) {
                active.put(ws + "/" + type.name(), backend.active(ws, type.name()));
            }
        }
        return new Snapshot(trash.list(W1, TrashQuery.all().limit(TrashQuery.MAX_LIMIT)).items(),
                trash.list(W2, TrashQuery.all().limit(TrashQuery.MAX_LIMIT)).items(),
                trash.storageSummary(W1), trash.storageSummary(W2), active,
                backend.freedBytes(W1), backend.freedBytes(W2));
    }

    /** @return the item that holds the resource in the Trash; empty if it is active (it must exist) */
    protected Optional<TrashItemId> trashedBy(ResourceRef ref) {
        return backend.resources().find(ref).orElseThrow().trashedBy();
    }

    /** @return whether the resource exists and is in the Trash */
    protected boolean isTrashed(ResourceRef ref) {
        return backend.resources().find(ref).map(s -> !s.active()).orElse(false);
    }
}

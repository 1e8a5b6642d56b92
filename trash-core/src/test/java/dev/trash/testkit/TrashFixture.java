package dev.trash.testkit;

import dev.trash.ActorId;
import dev.trash.Page;
import dev.trash.ResourceType;
import dev.trash.ResourceRef;
import dev.trash.StorageSummary;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashTransactions;
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
 * The base of the suites: a fresh backend over the reference types ({@link #newBackend}), a
 * {@link ManualClock} and a manager over them for every test, events collected, and helpers that
 * seed the reference platform's resources. A store author extends a suite and implements
 * {@link #newBackend}, the one factory every suite uses.
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

    /** The backend under test, with its host side. */
    protected SuiteBackend backend;
    /** The clock of the manager. */
    protected ManualClock clock;
    /** The manager under test. */
    protected TrashManager trash;
    /** Every event the manager told its listener, in order. */
    protected final List<TrashEvent> events = new CopyOnWriteArrayList<>();

    /**
     * Makes a fresh, empty backend holding exactly {@code types}, each as described (its parent,
     * slug scope and retention): {@link ReferenceTypes#ALL}, or for the retention tests a variant
     * of it from {@link ReferenceTypes#withRetention}. Called before every test, and again by
     * {@link #useTypes}; each backend made is closed after the test.
     *
     * @param types the description of every type the backend must hold, parents before children
     * @return the backend and its host side
     */
    protected abstract SuiteBackend newBackend(List<ResourceType> types) throws Exception;

    private final List<SuiteBackend> made = new ArrayList<>();

    @BeforeEach
    void setUpFixture() throws Exception {
        clock = ManualClock.at(START);
        useTypes(ReferenceTypes.ALL);
    }

    @AfterEach
    void tearDownFixture() throws Exception {
        for (SuiteBackend b : made) {
            b.close();
        }
        made.clear();
    }

    /**
     * Replaces this test's backend by a fresh one holding {@code types}, and {@link #trash} by a
     * manager over it: for tests that need other type descriptions (e.g. a type's own retention).
     * Call it before seeding anything.
     */
    protected void useTypes(List<ResourceType> types) throws Exception {
        backend = newBackend(types);
        made.add(backend);
        trash = builder().build();
    }

    /**
     * @return a builder wired to this test's backend, its ledger, the clock and the event list; a
     *     test may still replace the backend (e.g. with {@link Fault#inStore}) or add hooks
     */
    protected TrashManager.Builder builder() {
        return TrashManager.builder()
                .backend(backend.backend())
                .storageLedger(backend.ledger())
                .clock(clock)
                .listener(events::add);
    }

    /** @return the transactions of the backend under test */
    protected TrashTransactions transactions() {
        return backend.backend().transactions();
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
        return backend.find(ref).orElseThrow().resource().workspace();
    }

    /** @return whether the resource exists and is active (visible to the host's normal views) */
    protected boolean isActive(ResourceRef ref) {
        return backend.find(ref).map(s -> s.active()).orElse(false);
    }

    /** @return the resource's current slug (it must exist) */
    protected Optional<String> slugOf(ResourceRef ref) {
        return backend.find(ref).orElseThrow().resource().slug();
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
        return backend.find(ref).orElseThrow().trashedBy();
    }

    /** @return whether the resource exists and is in the Trash */
    protected boolean isTrashed(ResourceRef ref) {
        return backend.find(ref).map(s -> !s.active()).orElse(false);
    }
}

package dev.trash.testkit;

import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.TrashEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the suites: a fresh backend, a {@link TestClock} and a manager over the reference
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
    protected TestClock clock;
    /** The manager under test. */
    protected TrashManager trash;
    /** Every event the manager told its listener, in order. */
    protected final List<TrashEvent> events = new CopyOnWriteArrayList<>();

    /** @return a fresh, empty backend */
    protected abstract TrashBackend newBackend() throws Exception;

    @BeforeEach
    void setUpFixture() throws Exception {
        backend = newBackend();
        clock = TestClock.at(START);
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
        return ReferenceTypes.declare(TrashManager.builder())
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

    /** @return whether the resource exists and is in the Trash */
    protected boolean isTrashed(ResourceRef ref) {
        return backend.resources().find(ref).map(s -> !s.active()).orElse(false);
    }
}

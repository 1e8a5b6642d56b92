package dev.trash.examples.bench;

import dev.trash.ActorId;
import dev.trash.Page;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.SlugScope;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import dev.trash.memory.InMemoryResources;
import dev.trash.memory.InMemoryTrash;
import dev.trash.memory.ManualClock;
import dev.trash.spi.HostResource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark {@code memory} (issue 5 item 5): the in-memory backend ({@link InMemoryTrash},
 * {@link InMemoryResources}) with 1,000,000 items in the Trash, so that hosts know their unit tests
 * stay fast: delete, list and restore throughput, and the heap it takes. Two rows carry a goal (issue
 * 16): the heap per item, taken after a full collection with 1,000,000 items in the Trash (the
 * backend's whole heap, resources included, over the items), at most {@value #MAX_BYTES_PER_ITEM}
 * bytes; and the share of the delete phase's time the collectors took (their MXBeans' collection
 * time), under {@value #MAX_GC_PERCENT} %; at the quick scale they report only. The other rows
 * report only; none has a baseline. Not thread-safe; one run at a time.
 *
 * <p>The items are mixed roots, deleted in turn: a project with one model (cascaded), a model on its
 * own (its project stays active), and two datasets. The clock moves 1 ms per delete.
 */
final class MemoryBenchmark implements Benchmark {
    private static final WorkspaceId WORKSPACE = WorkspaceId.of("ws-memory");
    private static final ActorId ACTOR = ActorId.of("bench");
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    /** Lone models are spread over this many active projects. */
    private static final int MODELS_PER_HOME = 250;
    /** The goal for the heap per item in the Trash, in bytes (issue 16). */
    static final int MAX_BYTES_PER_ITEM = 600;
    /** The goal for the share of the delete phase spent in garbage collection, in percent (issue 16); strictly under. */
    static final int MAX_GC_PERCENT = 15;

    /** A backend and a manager over it, with the resources of {@code items} deletes. */
    private static final class Fixture {
        final InMemoryTrash memory = InMemoryTrash.create(
                ResourceType.of("project").slugUniqueIn(SlugScope.WORKSPACE),
                ResourceType.of("model").childOf("project").slugUniqueIn(SlugScope.PARENT),
                ResourceType.of("dataset").slugUniqueIn(SlugScope.WORKSPACE));
        final ManualClock clock = ManualClock.at(START);
        final TrashManager trash;
        final int items;
        final TrashItemId[] deleted;
        int resources;

        Fixture(int items) {
            this.items = items;
            this.deleted = new TrashItemId[items];
            trash = TrashManager.builder()
                    .backend(memory)
                    .storageLedger(memory.ledger())
                    .clock(clock)
                    .build();
        }

        /** Adds the resources: per group of 4 deletes, a project with a model, a lone model, two datasets. */
        void seed() {
            InMemoryResources r = memory.resources();
            for (int home = 0; home * MODELS_PER_HOME < items / 4 + MODELS_PER_HOME; home++) {
                add(r, HostResource.root(ref("project", "home-" + home), WORKSPACE, "Home " + home, "home-" + home, 1));
            }
            for (int i = 0; i < items; i++) {
                switch (i % 4) {
                    case 0 -> {
                        ResourceRef project = ref("project", "p" + i);
                        add(r, HostResource.root(project, WORKSPACE, "Project " + i, "p" + i, 1_000 + i));
                        add(r, HostResource.child(ref("model", "pm" + i), project, WORKSPACE, "Model " + i, 5_000)
                                .withSlug("m" + i));
                    }
                    case 1 -> add(r, HostResource.child(ref("model", "m" + i),
                            ref("project", "home-" + (i / 4 / MODELS_PER_HOME)), WORKSPACE, "Model " + i, 5_000)
                            .withSlug("m" + i));
                    default -> add(r, HostResource.root(ref("dataset", "d" + i), WORKSPACE, "Dataset " + i, "d" + i, 700));
                }
            }
        }

        private void add(InMemoryResources r, HostResource resource) {
            r.add(resource);
            resources++;
        }

        /** Deletes the roots {@code from} (inclusive) to {@code to} (exclusive). */
        void delete(int from, int to) {
            for (int i = from; i < to; i++) {
                clock.advance(Duration.ofMillis(1));
                deleted[i] = trash.delete(WORKSPACE, root(i), ACTOR).id();
            }
        }

        /** Restores the items of the deletes {@code from} to {@code to}. */
        void restore(int from, int to) {
            for (int i = from; i < to; i++) {
                trash.restore(WORKSPACE, deleted[i], ACTOR);
            }
        }

        private static ResourceRef root(int i) {
            return switch (i % 4) {
                case 0 -> ref("project", "p" + i);
                case 1 -> ref("model", "m" + i);
                default -> ref("dataset", "d" + i);
            };
        }

        private static ResourceRef ref(String type, String id) {
            return ResourceRef.of(type, id);
        }
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        Scale scale = context.scale();
        int items = scale.pick(1_000_000, 10_000);
        int chunks = 10;
        int restores = items / 10;
        int listCalls = scale.pick(30_000, 500);
        int listReps = scale.pick(7, 3);

        warmUp(scale.pick(40_000, 1_000), listCalls / 4);
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        long before = liveHeap();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);

        Fixture f = new Fixture(items);
        double seedMs = Timer.once(f::seed);
        context.progress(String.format(Locale.ROOT, "added %,d resources in %.1f s", f.resources, seedMs / 1000));

        // Deletes, timed in chunks: each chunk is one sample.
        int chunk = items / chunks;
        List<Double> deleteSamples = new ArrayList<>();
        long gcBefore = gcMillis();
        for (int c = 0; c < chunks; c++) {
            int from = c * chunk;
            deleteSamples.add(Timer.once(() -> f.delete(from, from + chunk)));
        }
        if (f.memory.store().size() != items) {
            throw new AssertionError("expected " + items + " items in the Trash, found " + f.memory.store().size());
        }
        long deleteGc = gcMillis() - gcBefore;
        double deleteMs = deleteSamples.stream().mapToDouble(Double::doubleValue).sum();
        long live = liveHeap() - before;
        context.progress(String.format(Locale.ROOT, "deleted %,d roots in %.1f s (garbage collection: %.1f s)", items,
                deleteMs / 1000, deleteGc / 1000.0));

        // Cursors spread over the whole list, from one walk with the library's own cursors.
        List<String> cursors = new ArrayList<>();
        String cursor = null;
        TrashQuery walk = TrashQuery.all().limit(1000);
        do {
            Page<TrashItem> page = f.trash.list(WORKSPACE, cursor == null ? walk : walk.after(cursor));
            cursor = page.nextCursor().orElse(null);
            if (cursor != null) {
                cursors.add(cursor);
            }
        } while (cursor != null);
        if (cursors.size() != items / 1000 - 1) {
            throw new AssertionError("walked " + cursors.size() + " cursors, expected " + (items / 1000 - 1));
        }
        context.progress(String.format(Locale.ROOT, "walked %,d pages of 1000", cursors.size() + 1));
        TrashQuery first = TrashQuery.all();
        TrashQuery models = first.type("model");
        int[] next = {0};
        List<Timer.Action> lists = List.of(
                () -> list(f, first, listCalls),
                () -> {
                    for (int i = 0; i < listCalls; i++) {
                        f.trash.list(WORKSPACE, first.after(cursors.get(next[0]++ % cursors.size())));
                    }
                },
                () -> list(f, models, listCalls));
        // Warm-up until the young generation has been collected a few times: the JVM grows it after the
        // full collection above, and the first touch of its fresh pages (page faults) slows the
        // allocating code up to tenfold; bounded in time.
        long collections = gcCount();
        long warmUntil = System.nanoTime() + 20_000_000_000L;
        while (gcCount() < collections + 4 && System.nanoTime() < warmUntil) {
            for (Timer.Action l : lists) {
                l.run();
            }
        }
        context.progress(String.format(Locale.ROOT, "warmed the listing up over %d collections", gcCount() - collections));
        // The three kinds of page in turn, rep after rep, so that noise from the machine spreads over all three.
        List<List<Double>> listSamples = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int rep = 0; rep < listReps; rep++) {
            for (int k = 0; k < lists.size(); k++) {
                listSamples.get(k).add(Timer.once(lists.get(k)));
            }
        }
        Stats firstPages = new Stats(listSamples.get(0));
        Stats cursorPages = new Stats(listSamples.get(1));
        Stats modelPages = new Stats(listSamples.get(2));
        // Restores, timed in chunks, of the first deletes (every kind of root in turn).
        int restoreChunk = restores / 5;
        List<Double> restoreSamples = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            int from = c * restoreChunk;
            restoreSamples.add(Timer.once(() -> f.restore(from, from + restoreChunk)));
        }
        if (f.memory.store().size() != items - restores) {
            throw new AssertionError("expected " + (items - restores) + " items after the restores, found "
                    + f.memory.store().size());
        }
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        String rows = String.format(Locale.ROOT, "%,d items", items);
        double gcPercent = 100 * deleteGc / deleteMs;
        double bytesPerItem = (double) live / items;
        String calls = String.format(Locale.ROOT, "%d × %,d calls", listReps, listCalls);
        return List.of(
                Result.reported("in-memory delete (¼ project +1 model, ¼ model, ½ dataset)", rows,
                        throughput(new Stats(deleteSamples), chunk, String.format(Locale.ROOT,
                                "%d × %,d; %.0f %% of the time in GC pauses", chunks, chunk, gcPercent))),
                goal(scale, "in-memory delete: share of the time in garbage collection", rows,
                        String.format(Locale.ROOT, "%.1f %% (%,d ms of %,.0f ms, the collectors' MXBeans)", gcPercent,
                                deleteGc, deleteMs),
                        "< " + MAX_GC_PERCENT + " %", gcPercent < MAX_GC_PERCENT),
                Result.reported("in-memory list: first page of 50", rows, throughput(firstPages, listCalls, calls)),
                Result.reported("in-memory list: page of 50 after a cursor", rows,
                        throughput(cursorPages, listCalls, calls + ", cursors all over the list")),
                Result.reported("in-memory list: first page of 50 of type model", rows,
                        throughput(modelPages, listCalls, calls)),
                Result.reported("in-memory restore", String.format(Locale.ROOT, "%,d of %,d items", restores, items),
                        throughput(new Stats(restoreSamples), restoreChunk,
                                String.format(Locale.ROOT, "5 × %,d", restoreChunk))),
                Result.reported("in-memory heap", String.format(Locale.ROOT, "%,d items, %,d resources", items,
                        f.resources), String.format(Locale.ROOT, "%s live after the deletes; peak ≤ %s (heap pools' peaks)",
                        mib(live), mib(peak))),
                goal(scale, "in-memory heap per item (after a full GC)", String.format(Locale.ROOT,
                        "%,d items, %,d resources", items, f.resources), String.format(Locale.ROOT,
                        "%,.0f bytes (%,d bytes live over %,d items)", bytesPerItem, live, items),
                        "≤ " + MAX_BYTES_PER_ITEM + " bytes", bytesPerItem <= MAX_BYTES_PER_ITEM));
    }

    /**
     * @return a row with its goal checked at full scale; at the quick scale (10,000 items) the heap
     *     and the collections are too small to judge, so the row only reports
     */
    private static Result goal(Scale scale, String operation, String rows, String value, String goal, boolean met) {
        return !scale.quick() ? Result.checked(operation, rows, value, goal, met)
                : Result.reported(operation, rows, value);
    }

    /** Runs the same operations on a small backend, so that the timed ones run compiled code. */
    private static void warmUp(int items, int listCalls) {
        Fixture f = new Fixture(items);
        f.seed();
        f.delete(0, items);
        list(f, TrashQuery.all(), listCalls);
        list(f, TrashQuery.all().type("model"), listCalls);
        f.restore(0, items / 2);
    }

    private static void list(Fixture f, TrashQuery query, int calls) {
        for (int i = 0; i < calls; i++) {
            f.trash.list(WORKSPACE, query);
        }
    }

    /** @return e.g. {@code 412,000 ops/s (380,000–430,000; 10 × 100,000)}, from timings of {@code ops} operations each */
    private static String throughput(Stats stats, int ops, String runs) {
        return String.format(Locale.ROOT, "%,.0f ops/s (%,.0f–%,.0f; %s)", ops / stats.median() * 1000,
                ops / stats.max() * 1000, ops / stats.min() * 1000, runs);
    }

    /** @return the heap in use after a full collection */
    @SuppressWarnings("java:S1215") // a benchmark that reports the live heap may ask for a collection
    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** @return the time the collectors have taken since the JVM started (pauses, and concurrent work for some) */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    /** @return how many collections the collectors have run since the JVM started */
    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
    }
}

package dev.trash.examples;

import dev.trash.ActorId;
import dev.trash.ParentInTrashException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.Restored;
import dev.trash.SlugScope;
import dev.trash.StorageSummary;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TreemapOptions;
import dev.trash.WorkspaceId;
import dev.trash.Sizes;
import dev.trash.memory.InMemoryResources;
import dev.trash.memory.InMemoryTrash;
import dev.trash.memory.ManualClock;
import dev.trash.spi.HostResource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A walk through the core API on the in-memory backend: delete a project with its models, a
 * dataset with images and a lone model; list the Trash; hit the parent-in-trash rule; restore onto
 * a taken slug; let 31 days pass and sweep. Run: {@code mvn -B -q -pl trash-examples -am package
 * exec:java -DskipTests -Dexec.mainClass=dev.trash.examples.QuickStart}. Writes the treemap SVG to
 * {@code quickstart-treemap.svg} in the module's target folder (or the path given as first argument).
 */
public final class QuickStart {
    private static final WorkspaceId ACME = WorkspaceId.of("acme");
    private static final ActorId ALICE = ActorId.of("alice");

    private QuickStart() {
    }

    /** Runs the walk-through, printing to standard output. */
    public static void main(String[] args) throws IOException {
        Path svg = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("trash.examples.dir", "target"), "quickstart-treemap.svg");
        run(System.out, svg);
    }

    /** Runs the walk-through, printing to {@code out} and writing the treemap to {@code svg}. */
    static void run(PrintStream out, Path svg) throws IOException {
        ManualClock clock = ManualClock.at(Instant.parse("2026-11-01T09:00:00Z"));
        // Each type described once: its parent and where its slugs are unique (SPEC R25).
        InMemoryTrash memory = InMemoryTrash.create(
                ResourceType.of("project").slugUniqueIn(SlugScope.WORKSPACE),
                ResourceType.of("model").childOf("project").slugUniqueIn(SlugScope.PARENT),
                ResourceType.of("dataset").slugUniqueIn(SlugScope.WORKSPACE),
                ResourceType.of("image").childOf("dataset"),
                ResourceType.of("annotation").childOf("dataset"));
        InMemoryResources resources = memory.resources();

        TrashManager trash = TrashManager.builder()
                .backend(memory)
                .storageLedger(memory.ledger())
                .retention(Duration.ofDays(30))
                .purgeHook(target -> out.println("  hook: deleting stored files of " + target.root()))
                .clock(clock)
                .build();

        ResourceRef vision = ResourceRef.of("project", "p-1");
        ResourceRef detector = ResourceRef.of("model", "m-1");
        ResourceRef classifier = ResourceRef.of("model", "m-2");
        ResourceRef segmenter = ResourceRef.of("model", "m-3");
        ResourceRef speech = ResourceRef.of("project", "p-2");
        ResourceRef whisper = ResourceRef.of("model", "m-4");
        ResourceRef street = ResourceRef.of("dataset", "d-1");
        resources.add(HostResource.root(vision, ACME, "Vision", "vision", 2_000_000))
                .add(model(detector, vision, "Detector", 180_000_000))
                .add(model(classifier, vision, "Classifier", 95_000_000))
                .add(model(segmenter, vision, "Segmenter", 240_000_000))
                .add(HostResource.root(speech, ACME, "Speech", "speech", 1_000_000))
                .add(model(whisper, speech, "Whisper tiny", 150_000_000))
                .add(HostResource.root(street, ACME, "Street scenes", "street-scenes", 5_000_000));
        for (int i = 0; i < 40; i++) {
            resources.add(HostResource.child(ResourceRef.of("image", "img-" + i), street, ACME, "img-" + i + ".jpg", 2_400_000));
            resources.add(HostResource.child(ResourceRef.of("annotation", "ann-" + i), street, ACME, "ann-" + i + ".json", 12_000));
        }

        out.println("== Delete: a lone model, a project with its models, a dataset with its images");
        trash.delete(ACME, segmenter, ALICE);
        clock.advance(Duration.ofHours(2));
        TrashItem visionItem = trash.delete(ACME, vision, ALICE);
        clock.advance(Duration.ofHours(1));
        trash.delete(ACME, street, ALICE);
        clock.advance(Duration.ofMinutes(5));
        trash.delete(ACME, whisper, ALICE);
        printTrash(out, trash, TrashQuery.all(), "All");
        printTrash(out, trash, TrashQuery.all().type("model"), "Models");

        StorageSummary storage = trash.storageSummary(ACME);
        out.println("\n== Storage held by the Trash: " + Sizes.human(storage.bytes()) + " in " + storage.items() + " items");
        storage.byTypeSorted().forEach((type, usage) ->
                out.printf("  %-8s %3d items  %s%n", type, usage.items(), Sizes.human(usage.bytes())));

        Path parent = svg.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(svg, trash.treemap(ACME, TreemapOptions.defaults()).toSvg());
        out.println("  treemap (projects blue, datasets green, models purple) written to " + svg.toAbsolutePath());

        out.println("\n== Restore the lone model while its project is in the Trash");
        TrashItem segmenterItem = trash.list(ACME, TrashQuery.all().type("model")).items().stream()
                .filter(i -> i.root().equals(segmenter)).findFirst().orElseThrow();
        try {
            trash.restore(ACME, segmenterItem.id(), ALICE);
        } catch (ParentInTrashException e) {
            out.println("  refused: " + e.getMessage());
        }

        out.println("\n== Meanwhile someone creates a new project with the slug 'vision'; restore the old one");
        resources.add(HostResource.root(ResourceRef.of("project", "p-9"), ACME, "Vision (new)", "vision", 1_000));
        Restored restored = trash.restore(ACME, visionItem.id(), ALICE);
        out.println("  restored " + restored.root() + " with " + (restored.restoredCount() - 1)
                + " models; slug 'vision' was taken, it is now '" + restored.slug().orElseThrow() + "'");
        out.println("  the lone model stayed in the Trash; restoring it now works: "
                + trash.restore(ACME, segmenterItem.id(), ALICE).root());

        out.println("\n== 31 days later the host's scheduler runs the sweeper");
        clock.advance(Duration.ofDays(31));
        Purged purged = trash.sweeper(SweeperOptions.defaults()).sweepOnce();
        out.println("  purged " + purged.items() + " items, freed " + Sizes.human(purged.bytes())
                + " (ledger: " + Sizes.human(memory.ledger().freedBytes(ACME)) + ")");
        out.println("  dataset still exists: " + resources.contains(street) + ", images left: "
                + resources.activeResources(ACME, "image").size());
        printTrash(out, trash, TrashQuery.all(), "All, after the sweep");
    }

    private static HostResource model(ResourceRef ref, ResourceRef project, String name, long size) {
        return new HostResource(ref, ACME, Optional.of(project), name,
                Optional.of(name.toLowerCase().replace(' ', '-')), size);
    }

    private static void printTrash(PrintStream out, TrashManager trash, TrashQuery query, String title) {
        out.println("\n== Trash: " + title);
        TrashTable.print(out, trash.list(ACME, query).items());
    }
}

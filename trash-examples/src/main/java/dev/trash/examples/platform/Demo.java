package dev.trash.examples.platform;

import static dev.trash.examples.platform.PlatformSchema.DATASET;
import static dev.trash.examples.platform.PlatformSchema.DELETABLE;
import static dev.trash.examples.platform.PlatformSchema.MODEL;
import static dev.trash.examples.platform.PlatformSchema.PROJECT;
import static dev.trash.examples.platform.PlatformSchema.type;

import dev.trash.ActorId;
import dev.trash.ParentInTrashException;
import dev.trash.Purged;
import dev.trash.Restored;
import dev.trash.StorageSummary;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.TreemapOptions;
import dev.trash.WorkspaceId;
import dev.trash.examples.TrashTable;
import dev.trash.examples.platform.Platform.Resource;
import dev.trash.jdbi.ResourceTable;
import dev.trash.Sizes;
import dev.trash.memory.ManualClock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The walkthrough the README's run command prints: the reference platform on a fresh database
 * (embedded H2 under the data folder, or the database of a JDBC URL) with real stored files. It
 * seeds a workspace; deletes a lone model, a project with its models, a dataset with its images and
 * another project; prints the Trash, filtered views and the storage summary; writes the treemap
 * SVG; shows the parent-in-trash refusal (R12), a project restore (R13) and a restore onto a taken
 * slug (R11); then lets 31 days pass, runs the sweeper, and shows the stored files gone and the
 * storage freed. Runs on a {@link ManualClock}, so its output is the same on every run. Not
 * thread-safe: one walkthrough runs on one thread.
 */
final class Demo {
    static final WorkspaceId ACME = WorkspaceId.of("acme");
    static final Instant START = Instant.parse("2026-11-01T09:00:00Z");

    private static final ActorId ALICE = ActorId.of("alice");
    private static final long MB = 1_000_000;

    private final PrintStream out;
    private final Platform platform;
    private final TrashManager trash;
    private final ManualClock clock;

    private Demo(PrintStream out, Platform platform, ManualClock clock) {
        this.out = out;
        this.platform = platform;
        this.trash = platform.trash();
        this.clock = clock;
    }

    /**
     * Runs the walkthrough on the platform at {@code dataDir} (and {@code jdbcUrl}, if given), which
     * must not hold workspace {@code acme} yet, and writes the treemap to {@code svg}.
     *
     * @throws IllegalStateException if the database already holds the demo's workspace
     */
    static void run(PrintStream out, Path dataDir, Optional<String> jdbcUrl, Path svg) throws IOException {
        ManualClock clock = ManualClock.at(START);
        try (Platform platform = Platform.open(dataDir, jdbcUrl, clock)) {
            out.println("Platform on " + platform.database() + (jdbcUrl.isPresent() ? " (" + masked(jdbcUrl.get()) + ")"
                    : " (embedded, " + dataDir.toAbsolutePath().normalize().resolve("db") + ")")
                    + ", stored files under " + platform.files().root());
            if (platform.workspaceExists(ACME.value())) {
                throw new IllegalStateException("the database already holds the demo's workspace '" + ACME.value()
                        + "'; run the demo on an empty database or data folder");
            }
            new Demo(out, platform, clock).walk(svg);
        }
    }

    private void walk(Path svg) throws IOException {
        section("Seed workspace acme");
        platform.createWorkspace(ACME.value(), "Acme Robotics");
        Resource vision = platform.createProject(ACME, "Vision", "vision");
        Resource detector = platform.createModel(ACME, vision.id(), "Detector", "detector", 6 * MB);
        Resource classifier = platform.createModel(ACME, vision.id(), "Classifier", "classifier", 3_500_000);
        Resource segmenter = platform.createModel(ACME, vision.id(), "Segmenter", "segmenter", 8 * MB);
        Resource speech = platform.createProject(ACME, "Speech", "speech");
        platform.createModel(ACME, speech.id(), "Whisper tiny", "whisper-tiny", 4 * MB);
        Resource street = platform.createDataset(ACME, "Street scenes", "street-scenes", 60, 150_000);
        platform.createDataset(ACME, "Faces", "faces", 20, 80_000);
        out.println("  projects Vision (Detector, Classifier, Segmenter) and Speech (Whisper tiny);"
                + " datasets Street scenes (60 images) and Faces (20 images)");
        printStorage();

        section("Delete: a lone model, a project with its models, a dataset with its images, another project");
        platform.delete(ACME, MODEL, segmenter.id(), ALICE);
        clock.advance(Duration.ofHours(2));
        TrashItem visionItem = platform.delete(ACME, PROJECT, vision.id(), ALICE);
        clock.advance(Duration.ofMinutes(40));
        platform.delete(ACME, DATASET, street.id(), ALICE);
        clock.advance(Duration.ofMinutes(15));
        TrashItem speechItem = platform.delete(ACME, PROJECT, speech.id(), ALICE);
        out.println("  active projects left: " + names(platform.list(ACME, PROJECT))
                + "; active models left: " + names(platform.list(ACME, MODEL)));
        printTrash("All items", TrashQuery.all());
        for (ResourceTable kind : DELETABLE) {
            String type = type(kind);
            printTrash("only " + type + "s", TrashQuery.all().type(type));
        }

        section("Storage");
        StorageSummary summary = trash.storageSummary(ACME);
        out.println("  the Trash holds " + Sizes.human(summary.bytes()) + " in " + summary.items() + " items:");
        summary.byTypeSorted().forEach((type, usage) -> out.printf("    %-8s %2d items  %10s%n", type, usage.items(),
                Sizes.human(usage.bytes())));
        printStorage();
        out.println("  (deleting freed nothing: items in the Trash still count toward the workspace's storage, R20)");
        Path parent = svg.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(svg, trash.treemap(ACME, TreemapOptions.defaults()).toSvg());
        out.println("  treemap of the Trash (projects blue, datasets green, models purple) written to "
                + svg.toAbsolutePath().normalize());

        section("Restore the lone model Segmenter while its project is in the Trash");
        TrashItem segmenterItem = trash.list(ACME, TrashQuery.all().type(type(MODEL))).items().get(0);
        try {
            trash.restore(ACME, segmenterItem.id(), ALICE);
            throw new IllegalStateException("the restore of a model whose project is in the Trash was not refused");
        } catch (ParentInTrashException refused) {
            out.println("  refused: " + refused.getMessage());
        }

        section("Restore the project Vision");
        Restored visionBack = trash.restore(ACME, visionItem.id(), ALICE);
        out.println("  restored " + visionBack.restoredCount() + " rows: Vision and the models deleted with it, "
                + names(platform.list(ACME, MODEL)) + ", with their weights, runs and exports");
        out.println("  Segmenter was deleted on its own before, so it stays in the Trash (R13) and could now be"
                + " restored by itself");

        section("A new project takes the slug 'speech'; restore the old Speech");
        platform.createProject(ACME, "Speech (new)", "speech");
        Restored speechBack = trash.restore(ACME, speechItem.id(), ALICE);
        out.println("  slug '" + speechBack.originalSlug().orElseThrow() + "' was taken, so the old project came back as '"
                + speechBack.slug().orElseThrow() + "' (renamed: " + speechBack.renamed() + ")");
        out.println("  projects now: " + platform.list(ACME, PROJECT).stream()
                .map(p -> p.name() + " (" + p.slug() + ")").toList());

        section("20 days later: delete the model Classifier");
        clock.advance(Duration.ofDays(20));
        platform.delete(ACME, MODEL, classifier.id(), ALICE);
        printTrash("All items", TrashQuery.all());

        section("31 days after the first deletes, the host's scheduler runs the sweeper");
        clock.set(START.plus(Duration.ofDays(31)));
        FileStore.Usage before = platform.files().usage();
        long storageBefore = platform.storageBytes(ACME);
        String someImage = ACME.value() + "/datasets/" + street.id() + "/images/img-00001.jpg";
        out.println("  before: " + before.files() + " stored files, " + Sizes.human(before.bytes()) + " on disk; "
                + "an image of Street scenes exists: " + platform.files().exists(someImage));
        Purged purged = trash.sweeper(SweeperOptions.defaults()).sweepOnce();
        FileStore.Usage after = platform.files().usage();
        long storageAfter = platform.storageBytes(ACME);
        out.println("  the sweeper purged " + purged.items() + " items, " + Sizes.human(purged.bytes()) + " ("
                + purged.retrying() + " waiting for a retry)");
        out.println("  after:  " + after.files() + " stored files, " + Sizes.human(after.bytes()) + " on disk; "
                + "an image of Street scenes exists: " + platform.files().exists(someImage));
        out.println("  files deleted: " + (before.files() - after.files()) + " (" + Sizes.human(before.bytes() - after.bytes())
                + "); workspace storage " + Sizes.human(storageBefore) + " -> " + Sizes.human(storageAfter)
                + " (freed " + Sizes.human(storageBefore - storageAfter) + ")");
        out.println("  datasets now: " + names(platform.list(ACME, DATASET)) + "; deployments "
                + platform.count(ACME, "deployments") + ", export jobs " + platform.count(ACME, "export_jobs")
                + " (Segmenter's were deleted by the purge hook)");
        printTrash("All items, after the sweep", TrashQuery.all());
        out.println("\nDone. Classifier expires in " + trash.list(ACME, TrashQuery.all()).items().get(0).expiresInLabel()
                + "; treemap: " + svg.toAbsolutePath().normalize());
    }

    /** @return the URL with the value of a {@code password} parameter replaced by {@code ***} */
    static String masked(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private void section(String title) {
        out.println("\n== " + title);
    }

    private void printStorage() {
        FileStore.Usage usage = platform.files().usage();
        out.println("  workspace storage: " + Sizes.human(platform.storageBytes(ACME)) + " (" + usage.files()
                + " stored files, " + Sizes.human(usage.bytes()) + " on disk); deployments "
                + platform.count(ACME, "deployments") + ", export jobs " + platform.count(ACME, "export_jobs"));
    }

    private void printTrash(String title, TrashQuery query) {
        out.println("\n  Trash: " + title);
        TrashTable.print(out, trash.list(ACME, query).items());
    }

    private static List<String> names(List<Resource> resources) {
        return resources.stream().map(Resource::name).toList();
    }
}

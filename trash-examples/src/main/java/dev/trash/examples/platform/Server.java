package dev.trash.examples.platform;

import dev.trash.ActorId;
import dev.trash.SweeperOptions;
import dev.trash.TrashSweeper;
import dev.trash.WorkspaceId;
import dev.trash.examples.platform.Platform.Resource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the README's serve command runs: the platform on the system clock, seeded on first start
 * with two workspaces (acme and globex) and an admin API key each, the HTTP API, and the expiry sweeper
 * on an hourly schedule the host (this class) starts. The keys are kept in {@code api-keys.txt} in
 * the data folder (the folder 0700, the file created 0600 and moved into place) and printed at every start. Thread-safe; {@link #close()} stops everything once.
 */
final class Server implements AutoCloseable {
    static final List<String> WORKSPACES = List.of("acme", "globex");
    static final String KEYS_FILE = "api-keys.txt";

    private final Platform platform;
    private final TrashSweeper sweeper;
    private final ScheduledExecutorService scheduler;
    private final ApiServer api;
    private final PrintStream out;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private Server(Platform platform, TrashSweeper sweeper, ScheduledExecutorService scheduler, ApiServer api,
                   PrintStream out) {
        this.out = out;
        this.platform = platform;
        this.sweeper = sweeper;
        this.scheduler = scheduler;
        this.api = api;
    }

    /**
     * Opens (and on first start seeds) the platform at {@code data}, starts the sweeper and the API on
     * {@code bind}:{@code port}.
     */
    static Server start(Path data, Optional<String> jdbcUrl, InetAddress bind, int port, PrintStream out)
            throws IOException {
        privateFolder(data);
        Platform platform = Platform.open(data, jdbcUrl, Clock.systemUTC());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trash-sweeper");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, String> keys = keys(platform, data);
            TrashSweeper sweeper = platform.trash().sweeper(SweeperOptions.defaults().interval(Duration.ofHours(1)));
            sweeper.start(scheduler);
            ApiServer api = ApiServer.start(platform, new InetSocketAddress(bind, port));
            Server server = new Server(platform, sweeper, scheduler, api, out);
            String base = "http://localhost:" + api.port();
            out.println("trash platform API on " + base + " (listening on " + bind.getHostAddress() + ", "
                    + platform.database() + ", data in " + data.toAbsolutePath().normalize() + "); the sweeper runs hourly");
            out.println("API keys (send as 'Authorization: Bearer <key>'):");
            keys.forEach((workspace, key) -> out.printf("  %-8s %s%n", workspace, key));
            out.println("try: curl -H 'Authorization: Bearer " + keys.values().iterator().next() + "' " + base
                    + "/api/trash");
            out.println("the Trash page: " + base + TrashPage.PATH + " (sign in with a key above)");
            out.println("stop with Ctrl+C");
            return server;
        } catch (IOException | RuntimeException e) {
            scheduler.shutdownNow();
            platform.close();
            throw e;
        }
    }

    /** @return the port the API listens on */
    int port() {
        return api.port();
    }

    /** @return the platform behind the API */
    Platform platform() {
        return platform;
    }

    /** Blocks until {@link #close()} has finished. */
    void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops the API (finishing requests in flight), the sweeper (no new purge starts; waits up to
     * 30 s for the one running, SPEC R30) and the pool.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            api.close();
            if (!sweeper.stop(Duration.ofSeconds(30))) {
                // Its claim stays (SPEC R30): a sweep of any instance takes the item over when the lease ends.
                out.println("the sweeper's running purge did not end within 30 s; a later sweep finishes it when its lease ends");
            }
            scheduler.shutdownNow();
            platform.close();
            out.println("trash platform API stopped");
        } finally {
            closed.countDown();
        }
    }

    /**
     * Seeds the workspaces missing from the database, issues keys for workspaces that have none in
     * the keys file, and returns the keys by workspace.
     */
    private static Map<String, String> keys(Platform platform, Path data) throws IOException {
        Path file = data.resolve(KEYS_FILE);
        Map<String, String> keys = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && platform.authenticate(parts[1]).isPresent()) {
                    keys.put(parts[0], parts[1]);
                }
            }
        }
        for (String workspace : WORKSPACES) {
            if (!platform.workspaceExists(workspace)) {
                seed(platform, workspace);
            }
            // The printed key is the workspace owner's: an admin, who may also change the plan (SPEC R36).
            keys.computeIfAbsent(workspace, w -> platform.issueApiKey(WorkspaceId.of(w), w + "-api", Platform.Role.ADMIN));
        }
        StringBuilder text = new StringBuilder();
        keys.forEach((w, k) -> text.append(w).append(' ').append(k).append('\n'));
        writePrivately(file, text.toString());
        return keys;
    }

    /**
     * Creates the data folder readable by its owner only (0700), or makes an existing one so: the
     * database and the stored files under it are then out of other users' reach whatever the umask.
     */
    static void privateFolder(Path data) throws IOException {
        if (!data.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(data);
            return;
        }
        var owner = PosixFilePermissions.fromString("rwx------");
        if (Files.isDirectory(data)) {
            Files.setPosixFilePermissions(data, owner);
        } else {
            Path parent = data.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(data, PosixFilePermissions.asFileAttribute(owner));
        }
    }

    /**
     * Writes the file so that it is never readable by others, not even for a moment: a new file in
     * the same folder created 0600 (the permission is part of the create call), then moved over the
     * old one atomically.
     */
    static void writePrivately(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temp = posix
                ? Files.createTempFile(dir, ".api-keys", ".tmp", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".api-keys", ".tmp");
        try {
            Files.writeString(temp, text);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A workspace with a project of two models and a dataset; one model and the dataset are in the Trash. */
    private static void seed(Platform platform, String id) {
        WorkspaceId workspace = platform.createWorkspace(id, id.substring(0, 1).toUpperCase() + id.substring(1));
        ActorId seeder = ActorId.of("seed");
        Resource project = platform.createProject(workspace, "Vision", "vision");
        platform.createModel(workspace, project.id(), "Detector", "detector", 2_000_000);
        Resource old = platform.createModel(workspace, project.id(), "Detector (old)", "detector-old", 1_500_000);
        Resource dataset = platform.createDataset(workspace, "Street scenes", "street-scenes", 12, 40_000);
        platform.createProject(workspace, "Speech", "speech");
        platform.delete(workspace, PlatformSchema.MODEL, old.id(), seeder);
        platform.delete(workspace, PlatformSchema.DATASET, dataset.id(), seeder);
    }
}

package dev.trash.examples.platform;

import static dev.trash.examples.platform.PlatformSchema.ANNOTATION;
import static dev.trash.examples.platform.PlatformSchema.DATASET;
import static dev.trash.examples.platform.PlatformSchema.EXPORT;
import static dev.trash.examples.platform.PlatformSchema.IMAGE;
import static dev.trash.examples.platform.PlatformSchema.MODEL;
import static dev.trash.examples.platform.PlatformSchema.PROJECT;
import static dev.trash.examples.platform.PlatformSchema.TRAINING_RUN;
import static dev.trash.examples.platform.PlatformSchema.WEIGHTS;
import static dev.trash.examples.platform.PlatformSchema.type;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ActorId;
import dev.trash.ConflictException;
import dev.trash.InvalidArgumentException;
import dev.trash.NotFoundException;
import dev.trash.ResourceRef;
import dev.trash.Sizes;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.jdbi.Database;
import dev.trash.jdbi.JdbiTrash;
import dev.trash.jdbi.ResourceTable;
import dev.trash.spi.PurgeTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The reference ML platform rebuilt on the library: workspaces with API keys; projects holding
 * models; a model's weights, training runs and exports; datasets holding images and annotations;
 * every leaf row owning one stored file under the data folder; deployments and export jobs tied
 * to models. Its Trash is a {@link TrashManager} over {@link JdbiTrash}; its purge hook deletes
 * the stored files, deployments and export jobs of a purged item, its storage ledger gives the
 * freed bytes back to the workspace's quota, and its retention policy gives each workspace the
 * retention of its {@link Plan} (SPEC R36).
 *
 * <p>Runs on an embedded H2 database under the data folder, or on the database of a JDBC URL
 * (PostgreSQL, MariaDB or H2). Thread-safe: every method runs in its own transaction.
 */
final class Platform implements AutoCloseable {
    /** An active platform resource as the platform lists it. */
    record Resource(String type, long id, String name, String slug, Optional<Long> parentId) {
    }

    /**
     * Who an API key speaks for: the one workspace it sees and changes, the actor its deletes,
     * restores, purges and holds record (SPEC R5a, R40), and whether it may administer the workspace
     * (change its plan).
     */
    record ApiKey(WorkspaceId workspace, ActorId actor, Role role) {
    }

    /** What an API key may do in its workspace. */
    enum Role {
        /** Everything on the workspace's resources and Trash. */
        MEMBER,
        /** Also administer the workspace: change its plan (SPEC R36). */
        ADMIN
    }

    /**
     * A workspace's plan after a change.
     *
     * @param plan the plan now
     * @param reapplied how many items of the Trash got a new expiry, if the plan was re-applied to them
     */
    record PlanChange(Plan plan, OptionalLong reapplied) {
    }

    /** Retention of the platform's Trash for a workspace without a plan (the free plan's). */
    static final Duration RETENTION = Plan.FREE.retention();
    static final long MAX_WEIGHTS_BYTES = 256L << 20;
    static final long MAX_IMAGE_BYTES = 16L << 20;
    static final int MAX_IMAGES = 10_000;
    /** The most one dataset upload may store (images times their size). */
    static final long MAX_DATASET_BYTES = 256L << 20;
    /** Each workspace's storage quota; items in the Trash count toward it until they are purged (R20). */
    static final long QUOTA_BYTES = 1L << 30;

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern WORKSPACE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** SQLSTATE of a unique violation on PostgreSQL and H2. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** MariaDB's (and MySQL's) error code of a duplicate key (its SQLSTATE, 23000, foreign keys share). */
    private static final int DUPLICATE_KEY = 1062;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How long a request waits for a database connection before it fails (and the API answers 503). */
    static final long CONNECTION_TIMEOUT_MS = 2_000;

    private final HikariDataSource pool;
    private final JdbiTrash db;
    private final Jdbi jdbi;
    private final FileStore files;
    private final TrashManager trash;

    private Platform(HikariDataSource pool, FileStore files, Clock clock) {
        this.pool = pool;
        this.db = JdbiTrash.create(pool, PlatformSchema.ALL).createSchemaIfMissing();
        this.jdbi = db.jdbi();
        this.files = files;
        jdbi.useTransaction(h -> PlatformSchema.ddl(db.database()).forEach(h::execute));
        this.trash = TrashManager.builder()
                .backend(db)
                .retention(RETENTION)
                .retentionPolicy((workspace, type, defaultRetention) -> plan(workspace).retention())
                .purgeHook(this::purgeExternalData)
                .storageLedger((workspace, item, bytes) -> jdbi.useHandle(h -> h.createUpdate(
                                "UPDATE workspaces SET storage_bytes = storage_bytes - :bytes WHERE id = :ws")
                        .bind("bytes", bytes).bind("ws", workspace.value()).execute()))
                .clock(clock)
                .build();
    }

    /**
     * Opens the platform: stored files under {@code dataDir/files}; the database at {@code jdbcUrl},
     * or else an H2 file database under {@code dataDir/db}. Creates the library's and the platform's
     * tables if missing.
     */
    static Platform open(Path dataDir, Optional<String> jdbcUrl, Clock clock) {
        Path dir = dataDir.toAbsolutePath().normalize();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl.orElse("jdbc:h2:file:" + dir.resolve("db").resolve("platform")));
        config.setMaximumPoolSize(8);
        // A request waits at most this long for a connection: with the database down it is answered
        // 503 (with Retry-After) in about two seconds instead of holding a worker for Hikari's 30 s.
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(1_000);
        config.setPoolName("trash-platform");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            return new Platform(pool, new FileStore(dir.resolve("files")), clock);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** @return the platform's Trash */
    TrashManager trash() {
        return trash;
    }

    /** @return the stored files */
    FileStore files() {
        return files;
    }

    /** @return the database access the platform uses */
    Jdbi jdbi() {
        return jdbi;
    }

    /** @return which database the platform runs on */
    Database database() {
        return db.database();
    }

    /**
     * Creates a workspace.
     *
     * @throws InvalidArgumentException if the id is not 1–64 of {@code a-z 0-9 -} or the name is blank
     * @throws ConflictException if it exists
     */
    WorkspaceId createWorkspace(String id, String name) {
        if (id == null || !WORKSPACE_ID.matcher(id).matches()) {
            throw new InvalidArgumentException("workspace id must be 1-64 characters of a-z, 0-9 and '-', got: " + id);
        }
        String checkedName = name(name);
        uniqueDo(() -> jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO workspaces (id, name, quota_bytes) VALUES (:id, :name, :quota)")
                .bind("id", id).bind("name", checkedName).bind("quota", QUOTA_BYTES).execute()), "workspace '" + id + "' already exists");
        return WorkspaceId.of(id);
    }

    /** @return whether the workspace exists */
    boolean workspaceExists(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM workspaces WHERE id = :id")
                .bind("id", id).mapTo(Long.class).one()) > 0;
    }

    /**
     * Issues a new member API key for {@code workspace}, acting as {@code actor}. Only its SHA-256 is
     * stored: the key itself is returned once.
     */
    String issueApiKey(WorkspaceId workspace, String actor) {
        return issueApiKey(workspace, actor, Role.MEMBER);
    }

    /**
     * Issues a new API key for {@code workspace}, acting as {@code actor}, with {@code role}. Only its
     * SHA-256 is stored: the key itself is returned once.
     */
    String issueApiKey(WorkspaceId workspace, String actor, Role role) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String key = "trk_" + HexFormat.of().formatHex(secret);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO api_keys (key_hash, workspace_id, actor, is_admin) "
                        + "VALUES (:hash, :ws, :actor, :admin)")
                .bind("hash", sha256(key)).bind("ws", workspace.value()).bind("actor", name(actor))
                .bind("admin", role == Role.ADMIN).execute());
        return key;
    }

    /** @return who {@code key} speaks for, if it is a key this platform issued */
    Optional<ApiKey> authenticate(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT workspace_id, actor, is_admin FROM api_keys WHERE key_hash = :hash")
                .bind("hash", sha256(key))
                .map((rs, ctx) -> new ApiKey(WorkspaceId.of(rs.getString(1)), ActorId.of(rs.getString(2)),
                        rs.getBoolean(3) ? Role.ADMIN : Role.MEMBER))
                .findOne());
    }

    /**
     * {@return the workspace's plan}: {@link Plan#FREE} for a workspace the database does not hold.
     * The Trash's retention policy asks this at every delete, inside the delete's transaction (on its
     * connection: Jdbi hands a nested call the thread's open handle), so a plan changed in the same
     * transaction is seen at once.
     */
    Plan plan(WorkspaceId workspace) {
        return jdbi.withHandle(h -> h.createQuery("SELECT plan FROM workspaces WHERE id = :ws")
                .bind("ws", workspace.value()).mapTo(String.class).findOne()).map(Plan::of).orElse(Plan.FREE);
    }

    /**
     * Changes the workspace's plan (SPEC R36). Items already in the Trash keep their expiry, unless
     * {@code reapply}: then the new plan's retention is re-applied to them
     * ({@link TrashManager#reapplyRetention}; no item expires before now), in the same transaction
     * as the change, so either both happen or neither does.
     *
     * @param actor who changes it (told to the Trash's listeners when it is re-applied, SPEC R40)
     * @throws NotFoundException if the workspace does not exist
     */
    PlanChange changePlan(WorkspaceId workspace, Plan plan, boolean reapply, ActorId actor) {
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE workspaces SET plan = :plan WHERE id = :ws")
                    .bind("plan", plan.id()).bind("ws", workspace.value()).execute();
            if (updated == 0) {
                throw new NotFoundException("workspace " + workspace.value() + " does not exist");
            }
            // Joins this transaction (SPEC R27); its policy reads the plan just written on the same connection.
            return new PlanChange(plan, reapply ? OptionalLong.of(trash.reapplyRetention(workspace, actor))
                    : OptionalLong.empty());
        });
    }

    /** Creates an empty project. */
    Resource createProject(WorkspaceId workspace, String name, String slug) {
        String n = name(name);
        String s = slug(slug);
        long id = unique(() -> jdbi.inTransaction(h -> insert(h, "projects (workspace_id, name, slug)",
                        "(:ws, :name, :slug)", workspace, n, s)),
                "a project with slug '" + s + "' already exists in workspace " + workspace.value() + "; choose another slug");
        return new Resource(type(PROJECT), id, n, s, Optional.empty());
    }

    /**
     * Creates a model in an active project, with its stored files (weights of {@code weightsBytes},
     * two training runs' logs and an ONNX export), a deployment and a finished export job.
     */
    Resource createModel(WorkspaceId workspace, long projectId, String name, String slug, long weightsBytes) {
        String n = name(name);
        String s = slug(slug);
        if (weightsBytes < 1 || weightsBytes > MAX_WEIGHTS_BYTES) {
            throw new InvalidArgumentException("weightsBytes must be 1 to " + MAX_WEIGHTS_BYTES + ", got " + weightsBytes);
        }
        long id = createWithFiles("a model with slug '" + s + "' already exists in project " + projectId
                + "; choose another slug", (h, written) -> {
            lockActive(h, workspace, PROJECT, projectId);
            long model = h.createUpdate("INSERT INTO models (workspace_id, project_id, name, slug) "
                            + "VALUES (:ws, :project, :name, :slug)")
                    .bind("ws", workspace.value()).bind("project", projectId).bind("name", n).bind("slug", s)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            String dir = workspace.value() + "/models/" + model + "/";
            addFiles(h, workspace, WEIGHTS, model, List.of(
                    new NewFile("weights.safetensors", dir + "weights.safetensors", weightsBytes)), written);
            addFiles(h, workspace, TRAINING_RUN, model, List.of(
                    new NewFile("run 1", dir + "runs/run-1.log", 4_000 + weightsBytes / 200),
                    new NewFile("run 2", dir + "runs/run-2.log", 6_000 + weightsBytes / 150)), written);
            addFiles(h, workspace, EXPORT, model, List.of(
                    new NewFile("model.onnx", dir + "exports/model.onnx", weightsBytes / 2 + 1)), written);
            h.createUpdate("INSERT INTO deployments (workspace_id, project_id, model_id, endpoint) "
                            + "VALUES (:ws, :project, :model, :endpoint)")
                    .bind("ws", workspace.value()).bind("project", projectId).bind("model", model)
                    .bind("endpoint", "https://serve.example/" + workspace.value() + "/" + s).execute();
            h.createUpdate("INSERT INTO export_jobs (workspace_id, model_id, format, status) "
                            + "VALUES (:ws, :model, 'onnx', 'done')")
                    .bind("ws", workspace.value()).bind("model", model).execute();
            return model;
        });
        return new Resource(type(MODEL), id, n, s, Optional.of(projectId));
    }

    /** Creates a dataset with {@code images} images of {@code imageBytes} each, and one annotation file per image. */
    Resource createDataset(WorkspaceId workspace, String name, String slug, int images, long imageBytes) {
        String n = name(name);
        String s = slug(slug);
        if (images < 0 || images > MAX_IMAGES) {
            throw new InvalidArgumentException("images must be 0 to " + MAX_IMAGES + ", got " + images);
        }
        if (imageBytes < 1 || imageBytes > MAX_IMAGE_BYTES) {
            throw new InvalidArgumentException("imageBytes must be 1 to " + MAX_IMAGE_BYTES + ", got " + imageBytes);
        }
        if (images * imageBytes > MAX_DATASET_BYTES) {
            throw new InvalidArgumentException("images x imageBytes must be at most " + MAX_DATASET_BYTES + " bytes ("
                    + Sizes.human(MAX_DATASET_BYTES) + "), got " + images + " x " + imageBytes);
        }
        long id = createWithFiles("a dataset with slug '" + s + "' already exists in workspace " + workspace.value()
                + "; choose another slug", (h, written) -> {
            long dataset = insert(h, "datasets (workspace_id, name, slug)", "(:ws, :name, :slug)", workspace, n, s);
            String dir = workspace.value() + "/datasets/" + dataset + "/";
            List<NewFile> pictures = new ArrayList<>();
            List<NewFile> labels = new ArrayList<>();
            for (int i = 1; i <= images; i++) {
                String file = String.format("img-%05d", i);
                pictures.add(new NewFile(file + ".jpg", dir + "images/" + file + ".jpg", imageBytes));
                labels.add(new NewFile(file + ".json", dir + "annotations/" + file + ".json", 300 + i % 700));
            }
            addFiles(h, workspace, IMAGE, dataset, pictures, written);
            addFiles(h, workspace, ANNOTATION, dataset, labels, written);
            return dataset;
        });
        return new Resource(type(DATASET), id, n, s, Optional.empty());
    }

    /**
     * @return the active resources of {@code kind} (one of {@link PlatformSchema#DELETABLE}) in the
     *     workspace, by id
     */
    List<Resource> list(WorkspaceId workspace, ResourceTable kind) {
        String parent = kind.parentColumn().orElse("NULL");
        return jdbi.withHandle(h -> h.createQuery("SELECT " + kind.idColumn() + ", " + kind.nameColumn() + ", "
                        + kind.slugColumn().orElseThrow() + ", " + parent + " FROM " + kind.table() + " WHERE "
                        + kind.workspaceColumn() + " = :ws AND " + kind.trashColumn() + " IS NULL ORDER BY "
                        + kind.idColumn())
                .bind("ws", workspace.value())
                .map((rs, ctx) -> {
                    long parentId = rs.getLong(4);
                    boolean noParent = rs.wasNull(); // before reading other columns, which reset it
                    return new Resource(type(kind), rs.getLong(1), rs.getString(2), rs.getString(3),
                            noParent ? Optional.empty() : Optional.of(parentId));
                })
                .list());
    }

    /** Moves a project, model or dataset (with everything inside it) to the workspace's Trash. */
    TrashItem delete(WorkspaceId workspace, ResourceTable kind, long id, ActorId actor) {
        return trash.delete(workspace, ResourceRef.of(type(kind), Long.toString(id)), actor);
    }

    /** @return the bytes the workspace stores (active and in the Trash): what its quota counts */
    long storageBytes(WorkspaceId workspace) {
        return jdbi.withHandle(h -> h.createQuery("SELECT storage_bytes FROM workspaces WHERE id = :ws")
                .bind("ws", workspace.value()).mapTo(Long.class).findOne().orElse(0L));
    }

    /** @return the rows of {@code table} (e.g. {@code deployments}) that belong to the workspace */
    long count(WorkspaceId workspace, String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE workspace_id = :ws")
                .bind("ws", workspace.value()).mapTo(Long.class).one());
    }

    /**
     * The purge hook: deletes the stored files of every row of the item, then the deployments and
     * export jobs of its models. The rows still carry the item's id in their trash column (they are
     * deleted after the hook), so one query per table finds them; every statement names the item's
     * workspace, like the library's own (SPEC R44). Idempotent.
     */
    private void purgeExternalData(PurgeTarget target) {
        String item = target.item().value().toString();
        String ws = target.workspace().value();
        List<String> paths = jdbi.withHandle(h -> {
            List<String> found = new ArrayList<>();
            for (ResourceTable kind : PlatformSchema.STORED_FILES) {
                found.addAll(h.createQuery("SELECT " + PlatformSchema.PATH + " FROM " + kind.table() + " WHERE "
                                + kind.workspaceColumn() + " = :ws AND " + kind.trashColumn() + " = CAST(:item AS UUID)")
                        .bind("ws", ws).bind("item", item).mapTo(String.class).list());
            }
            return found;
        });
        files.delete(paths);
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM deployments WHERE workspace_id = :ws AND (model_id IN "
                            + "(SELECT id FROM models WHERE workspace_id = :ws AND trash_item = CAST(:item AS UUID)) "
                            + "OR project_id IN "
                            + "(SELECT id FROM projects WHERE workspace_id = :ws AND trash_item = CAST(:item AS UUID)))")
                    .bind("ws", ws).bind("item", item).execute();
            h.createUpdate("DELETE FROM export_jobs WHERE workspace_id = :ws AND model_id IN "
                            + "(SELECT id FROM models WHERE workspace_id = :ws AND trash_item = CAST(:item AS UUID))")
                    .bind("ws", ws).bind("item", item).execute();
        });
    }

    private record NewFile(String name, String path, long bytes) {
    }

    /**
     * Runs {@code work} in one transaction; the stored files it wrote (their paths collected in the
     * list it is given) are deleted again if the transaction does not commit, so the disk never
     * holds a file that no row counts.
     */
    private long createWithFiles(String slugConflict, BiFunction<Handle, List<String>, Long> work) {
        List<String> written = new ArrayList<>();
        try {
            return unique(() -> jdbi.inTransaction(h -> work.apply(h, written)), slugConflict);
        } catch (RuntimeException e) {
            try {
                files.delete(written);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Charges the files to the workspace's quota, inserts their rows (one batch) and writes them,
     * adding each written path to {@code written}.
     *
     * @throws ConflictException if the workspace's quota would be exceeded
     */
    private void addFiles(Handle h, WorkspaceId workspace, ResourceTable kind, long parentId, List<NewFile> newFiles,
                          List<String> written) {
        if (newFiles.isEmpty()) {
            return;
        }
        long total = newFiles.stream().mapToLong(NewFile::bytes).sum();
        int charged = h.createUpdate("UPDATE workspaces SET storage_bytes = storage_bytes + :bytes "
                        + "WHERE id = :ws AND storage_bytes + :bytes <= quota_bytes")
                .bind("bytes", total).bind("ws", workspace.value()).execute();
        if (charged == 0) {
            throw new ConflictException("workspace " + workspace.value() + " would exceed its storage quota of "
                    + Sizes.human(QUOTA_BYTES) + " (items in the Trash count until they are purged); "
                    + "empty the Trash or delete items permanently to free storage");
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO " + kind.table() + " (" + kind.workspaceColumn() + ", "
                + kind.parentColumn().orElseThrow() + ", " + kind.nameColumn() + ", " + kind.sizeColumn().orElseThrow()
                + ", " + PlatformSchema.PATH + ") VALUES (:ws, :parent, :name, :bytes, :path)");
        for (NewFile f : newFiles) {
            batch.bind("ws", workspace.value()).bind("parent", parentId).bind("name", f.name())
                    .bind("bytes", f.bytes()).bind("path", f.path()).add();
        }
        batch.execute();
        for (NewFile f : newFiles) {
            files.write(f.path(), f.bytes());
            written.add(f.path());
        }
    }

    private static long insert(Handle h, String into, String values, WorkspaceId workspace, String name, String slug) {
        return h.createUpdate("INSERT INTO " + into + " VALUES " + values)
                .bind("ws", workspace.value()).bind("name", name).bind("slug", slug)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    private static void lockActive(Handle h, WorkspaceId workspace, ResourceTable kind, long id) {
        // The README's recipe for children the host inserts: lock the parent, check it is active.
        boolean trashed = h.createQuery("SELECT " + kind.trashColumn() + " IS NOT NULL FROM " + kind.table()
                        + " WHERE " + kind.idColumn() + " = :id AND " + kind.workspaceColumn() + " = :ws FOR UPDATE")
                .bind("id", id).bind("ws", workspace.value()).mapTo(Boolean.class).findOne()
                .orElseThrow(() -> new NotFoundException(type(kind) + " " + id + " does not exist in workspace "
                        + workspace.value()));
        if (trashed) {
            throw new ConflictException(type(kind) + " " + id + " is in the Trash; restore it first");
        }
    }

    private static <T> T unique(java.util.function.Supplier<T> insert, String conflict) {
        try {
            return insert.get();
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql
                    && (UNIQUE_VIOLATION.equals(sql.getSQLState()) || sql.getErrorCode() == DUPLICATE_KEY)) {
                throw new ConflictException(conflict, e);
            }
            throw e;
        }
    }

    private static void uniqueDo(Runnable insert, String conflict) {
        unique(() -> {
            insert.run();
            return null;
        }, conflict);
    }

    private static String name(String name) {
        if (name == null || name.isBlank() || name.length() > 255) {
            throw new InvalidArgumentException("name must be 1 to 255 characters and not blank, got: " + name);
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidArgumentException("name must not contain control characters (such as NUL or newlines)");
        }
        return name;
    }

    private static String slug(String slug) {
        if (slug == null || slug.length() > 100 || !SLUG.matcher(slug).matches()) {
            throw new InvalidArgumentException(
                    "slug must be 1 to 100 characters of a-z and 0-9 in words joined by '-', got: " + slug);
        }
        return slug;
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Closes the connection pool. The Trash's sweeper, if started, must be stopped first. */
    @Override
    public void close() {
        pool.close();
    }
}

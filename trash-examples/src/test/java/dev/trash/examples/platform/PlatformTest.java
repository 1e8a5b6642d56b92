package dev.trash.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.NotFoundException;
import dev.trash.Purged;
import dev.trash.ResourceType;
import dev.trash.SlugScope;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.WorkspaceId;
import dev.trash.memory.ManualClock;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The platform itself, on H2, PostgreSQL and MariaDB: stored files and the storage counter stay equal to what
 * the rows say, through failed uploads, deletes, restores and purges (R15, R18, R20); each workspace's plan
 * gives its retention (R36), and a database made before plans is upgraded in place.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class PlatformTest {
    @TempDir
    Path dir;

    @Parameter
    TestDatabase database;

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-11-01T09:00:00Z"));
    private Optional<String> jdbcUrl;
    private Platform platform;
    private WorkspaceId acme;

    @BeforeEach
    void open() {
        jdbcUrl = database.newJdbcUrl();
        platform = Platform.open(dir, jdbcUrl, clock);
        acme = platform.createWorkspace("acme", "Acme");
    }

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    @DisplayName("R25 R26 the kinds, each described once, give the library its type graph and the database every column and recommended index")
    void kindsDescribedOnce() {
        var types = platform.trash().types();
        assertThat(types.keySet()).containsExactly("project", "model", "weights", "training_run", "export", "dataset",
                "image", "annotation");
        assertThat(types.get("project")).isEqualTo(ResourceType.of("project").slugUniqueIn(SlugScope.WORKSPACE));
        assertThat(types.get("model")).isEqualTo(ResourceType.of("model").childOf("project").slugUniqueIn(SlugScope.PARENT));
        assertThat(types.get("weights")).isEqualTo(ResourceType.of("weights").childOf("model"));
        assertThat(types.get("dataset")).isEqualTo(ResourceType.of("dataset").slugUniqueIn(SlugScope.WORKSPACE));
        assertThat(types.get("annotation")).isEqualTo(ResourceType.of("annotation").childOf("dataset"));
        // The DDL derived from the same descriptions has every column the library checks, and every
        // index it recommends (else validate() would name the missing CREATE INDEX).
        assertThat(platform.trash().validate()).isEmpty();
    }

    @Test
    @DisplayName("an upload that fails half-way (a file cannot be written) leaves no row, no file and no charged byte behind")
    void failedUploadLeavesNothing() throws Exception {
        long vision = platform.createProject(acme, "Vision", "vision").id();
        // The next model gets id 1; a file already at the path of its second file makes the write fail.
        Path blocker = platform.files().root().resolve("acme/models/1/runs/run-1.log");
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "not ours");

        assertThatThrownBy(() -> platform.createModel(acme, vision, "Detector", "detector", 50_000))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(FileAlreadyExistsException.class);

        assertThat(platform.files().exists("acme/models/1/weights.safetensors")).isFalse();
        assertThat(blocker).hasContent("not ours");
        assertThat(platform.files().usage()).isEqualTo(new FileStore.Usage(1, 8));
        assertThat(platform.storageBytes(acme)).isZero();
        assertThat(platform.list(acme, PlatformSchema.MODEL)).isEmpty();
        assertThat(platform.count(acme, "deployments")).isZero();
        assertThat(platform.count(acme, "model_weights")).isZero();
    }

    @Test
    @DisplayName("R18 R20 purging a project deletes the files, deployments and export jobs of its models, also of one trashed on its own")
    void purgeDeletesEverythingTiedToTheProject() {
        long vision = platform.createProject(acme, "Vision", "vision").id();
        long detector = platform.createModel(acme, vision, "Detector", "detector", 30_000).id();
        platform.createModel(acme, vision, "Segmenter", "segmenter", 40_000);
        long other = platform.createProject(acme, "Other", "other").id();
        platform.createModel(acme, other, "Kept", "kept", 10_000);
        long total = platform.storageBytes(acme);
        assertThat(platform.files().usage()).isEqualTo(new FileStore.Usage(12, total));

        ActorId alice = ActorId.of("alice");
        platform.delete(acme, PlatformSchema.MODEL, detector, alice);
        clock.advance(Duration.ofHours(1));
        TrashItem project = platform.delete(acme, PlatformSchema.PROJECT, vision, alice);
        assertThat(platform.storageBytes(acme)).isEqualTo(total);

        Purged purged = platform.trash().purge(acme, project.id(), alice);
        assertThat(purged.items()).isEqualTo(2);
        long keptBytes = total - purged.bytes();
        assertThat(platform.storageBytes(acme)).isEqualTo(keptBytes);
        assertThat(platform.files().usage()).isEqualTo(new FileStore.Usage(4, keptBytes));
        assertThat(platform.files().root().resolve("acme/models/" + detector)).doesNotExist();
        assertThat(platform.count(acme, "deployments")).isEqualTo(1);
        assertThat(platform.count(acme, "export_jobs")).isEqualTo(1);
        assertThat(platform.list(acme, PlatformSchema.MODEL)).extracting(Platform.Resource::name).containsExactly("Kept");

        clock.advance(Duration.ofDays(31));
        assertThat(platform.trash().sweeper(SweeperOptions.defaults()).sweepOnce()).isEqualTo(Purged.NONE);
    }

    @Test
    @DisplayName("R36 the retention policy is the workspace's plan, read at each delete and fixed on the item: 30 days on free, "
            + "180 on pro; a plan change leaves earlier items alone")
    void retentionComesFromThePlan() {
        WorkspaceId globex = platform.createWorkspace("globex", "Globex");
        long vision = platform.createProject(acme, "Vision", "vision").id();
        long speech = platform.createProject(acme, "Speech", "speech").id();
        long bobs = platform.createProject(globex, "Vision", "vision").id();
        ActorId admin = ActorId.of("admin");
        assertThat(platform.plan(acme)).isEqualTo(Plan.FREE);
        TrashItem free = platform.delete(acme, PlatformSchema.PROJECT, vision, admin);

        assertThat(platform.changePlan(acme, Plan.PRO, false, admin)).isEqualTo(new Platform.PlanChange(Plan.PRO,
                java.util.OptionalLong.empty()));

        TrashItem pro = platform.delete(acme, PlatformSchema.PROJECT, speech, admin);
        TrashItem other = platform.delete(globex, PlatformSchema.PROJECT, bobs, admin);
        assertThat(platform.plan(acme)).isEqualTo(Plan.PRO);
        assertThat(Duration.between(free.deletedAt(), free.expiresAt())).isEqualTo(Duration.ofDays(30));
        assertThat(Duration.between(pro.deletedAt(), pro.expiresAt())).isEqualTo(Duration.ofDays(180));
        assertThat(Duration.between(other.deletedAt(), other.expiresAt())).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> platform.changePlan(WorkspaceId.of("initech"), Plan.PRO, false, admin))
                .isInstanceOf(NotFoundException.class).hasMessage("workspace initech does not exist");
    }

    @Test
    @DisplayName("R36 a database made before plans and admin keys is upgraded when the platform opens: its workspaces are on "
            + "the free plan, its keys are members'")
    void upgradesADatabaseMadeBeforePlans() {
        String key = platform.issueApiKey(acme, "alice", Platform.Role.ADMIN);
        platform.jdbi().useHandle(h -> {
            h.execute("ALTER TABLE workspaces DROP COLUMN plan");
            h.execute("ALTER TABLE api_keys DROP COLUMN is_admin");
        });
        platform.close();

        platform = Platform.open(dir, jdbcUrl, clock);

        assertThat(platform.plan(acme)).isEqualTo(Plan.FREE);
        assertThat(platform.authenticate(key)).contains(new Platform.ApiKey(acme, ActorId.of("alice"), Platform.Role.MEMBER));
        platform.changePlan(acme, Plan.ENTERPRISE, false, ActorId.of("alice"));
        assertThat(platform.plan(acme)).isEqualTo(Plan.ENTERPRISE);
        String admin = platform.issueApiKey(acme, "root", Platform.Role.ADMIN);
        assertThat(platform.authenticate(admin).orElseThrow().role()).isEqualTo(Platform.Role.ADMIN);
    }
}

package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.ConflictException;
import dev.trash.Purged;
import dev.trash.ResourceRef;
import dev.trash.SweeperOptions;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import dev.trash.memory.ManualClock;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC R29 with a real Flyway (11, Spring Boot 3.5's) on H2, PostgreSQL 17 and MariaDB 11.4: the
 * library's scripts run under a Flyway of their own (history table {@code flyway_trash_history})
 * beside the host's migrations, whose {@code V1} they would clash with in one history; and a
 * database of the library's schema version 1, 2 or 3 that holds items (written as those versions
 * wrote them: no hold columns before version 3, no {@code warned_at} and {@code name_key} before
 * version 4) is upgraded in place to version 4, by {@code createSchemaIfMissing} or by Flyway,
 * keeping every item working: a hold (SPEC R32) can then be placed on an item made before the
 * upgrade, and such items are found by name, sorted by name and warned of their expiry (SPEC R38,
 * R39).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class FlywaySchemaTest {
    private static final WorkspaceId ACME = WorkspaceId.of("acme");
    private static final ActorId ALICE = ActorId.of("alice");

    @Parameter
    TestDatabase database;

    private TestDatabase.Fresh fresh;
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-05-04T08:00:00Z"));

    @BeforeEach
    void open() {
        fresh = database.fresh(4);
    }

    @AfterEach
    void close() {
        fresh.close();
    }

    private Database db() {
        return Database.valueOf(database.name());
    }

    /** The host's own Flyway: its migrations, the default history table. */
    private Flyway hostFlyway() {
        return Flyway.configure().dataSource(fresh.dataSource()).locations("classpath:dev/trash/jdbi/host-migrations")
                .load();
    }

    /** The library's Flyway, as the README shows it: its scripts, its own history table, after the host's. */
    private static Flyway trashFlyway(DataSource dataSource, Database database, String target) {
        return Flyway.configure().dataSource(dataSource)
                .locations("classpath:" + database.schemaLocation())
                .table(Database.FLYWAY_HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .target(target)
                .load();
    }

    private JdbiTrash backend() {
        return JdbiTrash.create(fresh.dataSource(), ResourceTable.of("folder", "folders").size("size_bytes"),
                ResourceTable.of("document", "documents").childOf("folder", "folder_id").size("size_bytes"));
    }

    private void seedFolders(int count) {
        fresh.jdbi().useHandle(h -> {
            for (int i = 1; i <= count; i++) {
                h.execute("INSERT INTO folders (id, workspace_id, name, size_bytes) VALUES (?, 'acme', ?, 100)", "f" + i,
                        "Folder " + i);
                h.execute("INSERT INTO documents (id, workspace_id, folder_id, name, size_bytes) VALUES (?, 'acme', ?, 'doc', 10)",
                        "f" + i + "-d", "f" + i);
            }
        });
    }

    private static List<String> applied(Flyway flyway) {
        List<String> versions = new ArrayList<>();
        for (MigrationInfo info : flyway.info().applied()) {
            if (info.getVersion() != null && info.getState().isApplied() && !info.getType().isBaseline()) {
                versions.add(info.getVersion().getVersion());
            }
        }
        return versions;
    }

    private boolean hasIndex(String index) {
        try (Connection c = fresh.dataSource().getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            String table = md.storesUpperCaseIdentifiers() ? "TRASH_ITEM" : "trash_item";
            try (ResultSet rs = md.getIndexInfo(c.getCatalog(), c.getSchema(), table, false, false)) {
                while (rs.next()) {
                    String name = rs.getString("INDEX_NAME");
                    if (name != null && name.toLowerCase(Locale.ROOT).equals(index)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("R29 the library's scripts under a Flyway of their own, after the host's V1 and V2: both histories apply, the manager works")
    void besideTheHostsMigrations() {
        Flyway host = hostFlyway();
        host.migrate();
        Flyway trash = trashFlyway(fresh.dataSource(), db(), "latest");
        trash.migrate();

        assertThat(applied(host)).containsExactly("1", "2");
        assertThat(applied(trash)).as("the library's V1 to V5, beside the host's V1 and V2")
                .containsExactly("1", "2", "3", "4", "5");
        assertThat(hasIndex("trash_item_retrying")).isTrue();
        assertThat(hasHoldColumns()).isTrue();
        assertThat(hasFindAndWarnColumns()).isTrue();
        assertThat(hasIndex("trash_item_by_workspace_name")).isTrue();
        TrashManager manager = TrashManager.builder().backend(backend()).clock(clock).build();
        assertThat(manager.validate()).isEmpty();
        seedFolders(1);
        TrashItem item = manager.delete(ACME, ResourceRef.of("folder", "f1"), ALICE);
        assertThat(item.cascadedCount()).isEqualTo(1);
        assertThat(manager.restore(ACME, item.id(), ALICE).restoredCount()).isEqualTo(2);

        assertThat(hostFlyway().migrate().migrationsExecuted).as("migrating again does nothing").isZero();
        assertThat(trashFlyway(fresh.dataSource(), db(), "latest").migrate().migrationsExecuted).isZero();
        assertThat(trashFlyway(fresh.dataSource(), db(), "latest").validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    @DisplayName("R29 in the host's own Flyway history the library's V1 clashes with the host's: why the library's scripts have their own")
    void oneHistoryClashes() {
        Flyway together = Flyway.configure().dataSource(fresh.dataSource())
                .locations("classpath:dev/trash/jdbi/host-migrations", "classpath:" + db().schemaLocation()).load();
        assertThatThrownBy(together::migrate).isInstanceOf(FlywayException.class)
                .hasMessageContaining("Found more than one migration with version 1");
    }

    @Test
    @DisplayName("R29 a version-1 database holding items is upgraded in place by createSchemaIfMissing: V2's index, "
            + "V3's hold columns and V4's columns and indexes added, every item kept, a hold works on an item made before")
    void createSchemaIfMissingUpgradesVersion1() {
        hostFlyway().migrate();
        Jdbi jdbi = fresh.jdbi();
        jdbi.useHandle(h -> h.createScript(db().schemaSql().get(0)).execute()); // the library's schema of version 1
        assertThat(hasIndex("trash_item_retrying")).isFalse();
        assertThat(hasHoldColumns()).isFalse();
        Upgrade before = seedLegacyItems();

        JdbiTrash upgraded = backend().createSchemaIfMissing();

        assertThat(hasIndex("trash_item_retrying")).as("version 2").isTrue();
        assertThat(hasHoldColumns()).as("version 3").isTrue();
        assertThat(hasFindAndWarnColumns()).as("version 4").isTrue();
        before.stillWorks(upgraded);
    }

    @Test
    @DisplayName("R29 R32 a version-2 database holding items is upgraded in place by createSchemaIfMissing: V3's hold "
            + "columns and V4's columns added, every item kept, a hold works on an item made before")
    void createSchemaIfMissingUpgradesVersion2() {
        hostFlyway().migrate();
        fresh.jdbi().useHandle(h -> db().schemaSql().subList(0, 2).forEach(sql -> h.createScript(sql).execute()));
        assertThat(hasIndex("trash_item_retrying")).isTrue();
        assertThat(hasHoldColumns()).isFalse();
        assertThatThrownBy(() -> TrashManager.builder().backend(backend()).clock(clock).build())
                .as("refused until upgraded (SPEC R26)").hasMessageContaining(Database.HOLDS_SCRIPT);
        Upgrade before = seedLegacyItems();

        JdbiTrash upgraded = backend().createSchemaIfMissing();

        assertThat(hasHoldColumns()).as("version 3").isTrue();
        assertThat(hasFindAndWarnColumns()).as("version 4").isTrue();
        before.stillWorks(upgraded);
        assertThat(backend().createSchemaIfMissing().validate()).as("running the scripts again changes nothing").isEmpty();
    }

    @Test
    @DisplayName("R29 a version-1 database migrated by Flyway and holding items: a later Flyway run applies only V2 to "
            + "V5, keeping every item")
    void flywayUpgradesVersion1() {
        hostFlyway().migrate();
        assertThat(trashFlyway(fresh.dataSource(), db(), "1").migrate().migrationsExecuted).isEqualTo(1);
        assertThat(hasIndex("trash_item_retrying")).isFalse();
        Upgrade before = seedLegacyItems();

        Flyway later = trashFlyway(fresh.dataSource(), db(), "latest");
        assertThat(later.migrate().migrationsExecuted).as("only V2 to V5").isEqualTo(4);

        assertThat(applied(later)).containsExactly("1", "2", "3", "4", "5");
        assertThat(hasIndex("trash_item_retrying")).isTrue();
        assertThat(hasHoldColumns()).isTrue();
        before.stillWorks(backend());
    }

    @Test
    @DisplayName("R29 R32 a version-2 database migrated by Flyway and holding items: a later Flyway run applies only V3, "
            + "V4 and V5, keeping every item; a hold works on an item made before")
    void flywayUpgradesVersion2() {
        hostFlyway().migrate();
        assertThat(trashFlyway(fresh.dataSource(), db(), "2").migrate().migrationsExecuted).isEqualTo(2);
        assertThat(hasHoldColumns()).isFalse();
        Upgrade before = seedLegacyItems();

        Flyway later = trashFlyway(fresh.dataSource(), db(), "latest");
        assertThat(later.migrate().migrationsExecuted).as("only V3, V4 and V5").isEqualTo(3);

        assertThat(applied(later)).containsExactly("1", "2", "3", "4", "5");
        assertThat(hasHoldColumns()).isTrue();
        before.stillWorks(backend());
        assertThat(trashFlyway(fresh.dataSource(), db(), "latest").validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    @DisplayName("R29 a schema made by createSchemaIfMissing can be handed to Flyway later: baselineVersion 0 re-runs V1 to V5 as no-ops")
    void createdByTheLibraryThenFlyway() {
        hostFlyway().migrate();
        JdbiTrash backend = backend().createSchemaIfMissing();
        Upgrade before = seedItems(backend);

        assertThat(trashFlyway(fresh.dataSource(), db(), "latest").migrate().migrationsExecuted).isEqualTo(5);
        before.stillWorks(backend());
    }

    @Test
    @DisplayName("R29 R38 R39 a version-3 database holding items is upgraded in place by createSchemaIfMissing: V4's "
            + "warned_at, name_key (filled for the items made before) and indexes added; those items are found by name, "
            + "sorted by name across pages, warned of their expiry once; every item kept, holds work")
    void createSchemaIfMissingUpgradesVersion3() {
        hostFlyway().migrate();
        fresh.jdbi().useHandle(h -> db().schemaSql().subList(0, 3).forEach(sql -> h.createScript(sql).execute()));
        assertThat(hasHoldColumns()).isTrue();
        assertThat(hasFindAndWarnColumns()).isFalse();
        assertThatThrownBy(() -> TrashManager.builder().backend(backend()).clock(clock).build())
                .as("refused until upgraded (SPEC R26)").hasMessageContaining("schema version 3")
                .hasMessageContaining(Database.FIND_AND_WARN_SCRIPT);
        Upgrade before = seedLegacyItems();
        TrashItemId soon = seedLegacyItemExpiringSoon();

        JdbiTrash upgraded = backend().createSchemaIfMissing();

        assertThat(hasFindAndWarnColumns()).as("version 4").isTrue();
        for (String index : List.of("trash_item_by_workspace_expiry", "trash_item_by_workspace_size",
                "trash_item_by_workspace_name", "trash_item_to_warn")) {
            assertThat(hasIndex(index)).as(index).isTrue();
        }
        findsAndWarns(upgraded, before, soon);
        before.stillWorks(upgraded);
        assertThat(backend().createSchemaIfMissing().validate()).as("running the scripts again changes nothing").isEmpty();
    }

    @Test
    @DisplayName("R29 R38 R39 a version-3 database migrated by Flyway and holding items: a later Flyway run applies only "
            + "V4 and V5, keeping every item; those items are found and sorted by name and warned of their expiry")
    void flywayUpgradesVersion3() {
        hostFlyway().migrate();
        assertThat(trashFlyway(fresh.dataSource(), db(), "3").migrate().migrationsExecuted).isEqualTo(3);
        assertThat(hasFindAndWarnColumns()).isFalse();
        Upgrade before = seedLegacyItems();
        TrashItemId soon = seedLegacyItemExpiringSoon();

        Flyway later = trashFlyway(fresh.dataSource(), db(), "latest");
        assertThat(later.migrate().migrationsExecuted).as("only V4 and V5").isEqualTo(2);

        assertThat(applied(later)).containsExactly("1", "2", "3", "4", "5");
        assertThat(hasFindAndWarnColumns()).isTrue();
        findsAndWarns(backend(), before, soon);
        before.stillWorks(backend());
        assertThat(trashFlyway(fresh.dataSource(), db(), "latest").validateWithResult().validationSuccessful).isTrue();
    }

    /**
     * A legacy item (as versions 1 to 3 wrote it) of a fourth folder and its document, deleted 23 days
     * ago: it expires within the week, so a sweeper with warnings of 7 days tells it at once.
     */
    private TrashItemId seedLegacyItemExpiringSoon() {
        fresh.jdbi().useHandle(h -> {
            h.execute("INSERT INTO folders (id, workspace_id, name, size_bytes) VALUES ('f4', 'acme', 'Folder 4', 100)");
            h.execute("INSERT INTO documents (id, workspace_id, folder_id, name, size_bytes) VALUES ('f4-d', 'acme', 'f4', 'doc', 10)");
        });
        return legacyItem("f4", clock.instant().minus(Duration.ofDays(23)), null);
    }

    /**
     * SPEC R38 and R39 on items made before version 4: found by name (whose name_key the script filled),
     * sorted by name both ways, page by page, and the one expiring within the week warned of once;
     * then that one is restored, leaving the items {@link Upgrade#stillWorks} checks.
     */
    private void findsAndWarns(JdbiTrash upgraded, Upgrade before, TrashItemId soon) {
        List<TrashItem> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        TrashManager manager = TrashManager.builder().backend(upgraded).clock(clock)
                .expiryWarnings(Duration.ofDays(7), told::addAll).build();
        assertThat(manager.validate()).isEmpty();
        assertThat(manager.list(ACME, TrashQuery.all().nameContains("FOLDER 4")).items()).extracting(TrashItem::id)
                .containsExactly(soon);
        assertThat(manager.list(ACME, TrashQuery.all().nameContains("older")).items()).hasSize(3);
        List<TrashItemId> byName = new ArrayList<>(List.of(soon, before.listed().get(1), before.listed().get(0)));
        assertThat(dev.trash.testkit.TrashFixture.allPages(manager, ACME,
                TrashQuery.all().order(dev.trash.SortOrder.NAME_DESCENDING).limit(1))).containsExactlyElementsOf(byName);
        java.util.Collections.reverse(byName);
        assertThat(dev.trash.testkit.TrashFixture.allPages(manager, ACME,
                TrashQuery.all().order(dev.trash.SortOrder.NAME_ASCENDING).limit(2))).containsExactlyElementsOf(byName);
        assertThat(manager.list(ACME, manager.expiringWithin(Duration.ofDays(7))).items()).extracting(TrashItem::id)
                .containsExactly(soon);

        manager.sweeper(SweeperOptions.defaults()).sweepOnce();
        manager.sweeper(SweeperOptions.defaults()).sweepOnce();
        assertThat(told).extracting(TrashItem::id).as("told once").containsExactly(soon);
        assertThat(manager.restore(ACME, soon, ALICE).restoredCount()).isEqualTo(2);
    }

    /** @return whether {@code trash_item} has all three columns of a hold (schema version 3) */
    private boolean hasHoldColumns() {
        return columns().containsAll(Validator.HOLD_COLUMNS);
    }

    /** @return whether {@code trash_item} has the columns of expiry warnings and name_key (schema version 4) */
    private boolean hasFindAndWarnColumns() {
        return columns().containsAll(Validator.FIND_AND_WARN_COLUMNS);
    }

    /** @return the columns of {@code trash_item}, lower-cased; it has at least those of version 1 */
    private List<String> columns() {
        List<String> found = new ArrayList<>();
        try (Connection c = fresh.dataSource().getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            String table = md.storesUpperCaseIdentifiers() ? "TRASH_ITEM" : "trash_item";
            try (ResultSet rs = md.getColumns(c.getCatalog(), c.getSchema(), table, null)) {
                while (rs.next()) {
                    found.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(found).as("the columns of version 1").contains("id", "workspace", "due_at");
        return found;
    }

    /**
     * Items made before the upgrade: two listed ({@code listed}, oldest first), one whose purge failed and is
     * retried ({@code retrying}) while its hook fails as long as {@code fail} is set.
     */
    private record Upgrade(List<TrashItemId> listed, TrashItemId retrying, AtomicBoolean fail, ManualClock clock) {
        void stillWorks(JdbiTrash upgraded) {
            TrashManager after = TrashManager.builder().backend(upgraded).clock(clock).purgeHook(t -> {
                if (fail.get()) {
                    throw new IOException("storage down");
                }
            }).build();
            assertThat(after.validate()).isEmpty();
            assertThat(after.list(ACME, TrashQuery.all().order(dev.trash.SortOrder.OLDEST_FIRST)).items()).extracting(TrashItem::id)
                    .as("every listed item kept").containsExactlyElementsOf(listed);
            assertThat(after.list(ACME, TrashQuery.all()).items()).as("nothing held yet").noneMatch(TrashItem::held);
            assertThat(after.totals().retrying()).as("the failed purge kept its attempts").isEqualTo(1);
            assertThat(after.restore(ACME, listed.get(0), ALICE).restoredCount()).isEqualTo(2);

            // SPEC R32 on an item made before the upgrade: held, it is not purged; released, it is.
            TrashItem held = after.hold(ACME, listed.get(1), "audit 2026-05", ALICE);
            assertThat(held.hold()).isPresent();
            assertThat(after.get(ACME, listed.get(1)).orElseThrow().hold()).as("read back from the database")
                    .isEqualTo(held.hold());
            assertThatThrownBy(() -> after.purge(ACME, listed.get(1), ALICE)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("release the hold first");
            fail.set(false);
            clock.advance(Duration.ofMinutes(2));
            assertThat(after.sweeper(SweeperOptions.defaults()).sweepOnce()).as("the retry finishes; the held item stays")
                    .isEqualTo(new Purged(1, 110, 0));
            assertThat(after.releaseHold(ACME, listed.get(1), ALICE).held()).isFalse();
            assertThat(after.purge(ACME, listed.get(1), ALICE)).isEqualTo(new Purged(1, 110, 0));
            assertThat(after.totals().items()).isZero();
        }
    }

    /** Items made by this version of the library (the schema is of this version). */
    private Upgrade seedItems(JdbiTrash backend) {
        AtomicBoolean fail = new AtomicBoolean(true);
        TrashManager manager = TrashManager.builder().backend(backend).clock(clock).purgeHook(t -> {
            if (fail.get()) {
                throw new IOException("storage down");
            }
        }).build();
        seedFolders(3);
        List<TrashItemId> listed = new ArrayList<>();
        listed.add(manager.delete(ACME, ResourceRef.of("folder", "f1"), ALICE).id());
        clock.advance(Duration.ofSeconds(1));
        listed.add(manager.delete(ACME, ResourceRef.of("folder", "f2"), ALICE).id());
        TrashItemId retrying = manager.delete(ACME, ResourceRef.of("folder", "f3"), ALICE).id();
        assertThat(manager.purge(ACME, retrying, ALICE)).isEqualTo(new Purged(0, 0, 1));
        return new Upgrade(listed, retrying, fail, clock);
    }

    /**
     * Items as the library's versions 1 and 2 left them, written in SQL (this version's store needs the
     * hold columns, which the schema does not have yet): the host rows marked with the item's id and
     * one {@code trash_item} row of the 19 columns those versions wrote. The same three as
     * {@link #seedItems}: f1 and f2 in the Trash, f3 claimed by a purge whose hook failed once, to be
     * retried a minute later.
     */
    private Upgrade seedLegacyItems() {
        seedFolders(3);
        Instant now = clock.instant();
        List<TrashItemId> listed = List.of(legacyItem("f1", now, null), legacyItem("f2", now.plusSeconds(1), null));
        TrashItemId retrying = legacyItem("f3", now.plusSeconds(1), now.plus(Duration.ofMinutes(1)));
        clock.advance(Duration.ofSeconds(1));
        return new Upgrade(listed, retrying, new AtomicBoolean(true), clock);
    }

    /** @return the id of a legacy item of {@code folder} and its document; claimed and failed once if {@code retryAt} is given */
    private TrashItemId legacyItem(String folder, Instant deletedAt, Instant retryAt) {
        TrashItemId id = TrashItemId.random();
        Dialect dialect = db().dialect();
        Instant expiresAt = deletedAt.plus(Duration.ofDays(30));
        fresh.jdbi().useTransaction(h -> {
            h.createUpdate("UPDATE folders SET trash_item = :item WHERE workspace_id = 'acme' AND id = :id")
                    .bind("item", dialect.uuid(id.value())).bind("id", folder).execute();
            h.createUpdate("UPDATE documents SET trash_item = :item WHERE workspace_id = 'acme' AND folder_id = :id")
                    .bind("item", dialect.uuid(id.value())).bind("id", folder).execute();
            h.createUpdate("""
                            INSERT INTO trash_item (id, workspace, root_type, root_id, name, slug, parent_type, parent_id,
                                parent_name, deleted_at, deleted_by, expires_at, size_bytes, cascaded_count, purge_owner,
                                available_at, attempts, last_error, due_at)
                            VALUES (:id, 'acme', 'folder', :root, :name, NULL, NULL, NULL, NULL, :deletedAt, 'alice',
                                :expiresAt, 110, 1, :owner, :availableAt, :attempts, :error, :due)""")
                    .bind("id", dialect.uuid(id.value()))
                    .bind("root", folder)
                    .bind("name", "Folder " + folder.substring(1))
                    .bind("deletedAt", dialect.time(deletedAt))
                    .bind("expiresAt", dialect.time(expiresAt))
                    .bind("owner", retryAt == null ? null : "purge-" + UUID.randomUUID())
                    .bind("availableAt", retryAt == null ? dialect.nullTime() : dialect.time(retryAt))
                    .bind("attempts", retryAt == null ? 0 : 1)
                    .bind("error", retryAt == null ? null : "java.io.IOException: storage down")
                    .bind("due", dialect.time(retryAt == null ? expiresAt : retryAt))
                    .execute();
        });
        return id;
    }
}

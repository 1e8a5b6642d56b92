package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trash.ActorId;
import dev.trash.ResourceRef;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.TrashQuery;
import dev.trash.WorkspaceId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Name search and the name order (schema V4, SPEC R38) on PostgreSQL databases unlike the tests'
 * own: each test makes a database of its own on the embedded server and runs the scripts as an
 * ordinary user (no superuser). Where the extension {@code pg_trgm} is not installed yet (the tests'
 * own database has it, as a DBA would install it; see {@link PostgresBackend}): a user allowed to
 * create in the database makes the script create the extension and the trigram index; for one who
 * is not, the script skips the index without failing, the start-up check warns of it, and name
 * search still finds what it should, by reading the workspace's items. And on a database whose
 * {@code LC_CTYPE} and {@code LC_COLLATE} are {@code C}, where {@code LOWER('É')} is {@code 'É'}
 * and text sorts byte by byte: the search and the order are still those of trash-core, since
 * {@code name_key} is lower-cased by Java.
 */
class PostgresNameSearchTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final WorkspaceId ACME = WorkspaceId.of("acme");

    /**
     * A new database owned by the superuser, with a schema {@code app} owned by a new login role, and
     * that role's pool; the role may create in the database (so also trusted extensions) if
     * {@code mayCreate}.
     */
    private record Fresh(String database, String role, HikariDataSource pool) implements AutoCloseable {
        static Fresh make(boolean mayCreate) {
            return make(mayCreate, "");
        }

        /** As {@link #make(boolean)}, the database created with {@code options} ({@code CREATE DATABASE … options}). */
        static Fresh make(boolean mayCreate, String options) {
            int n = DATABASES.incrementAndGet();
            String database = "names" + n;
            String role = "trash_app" + n;
            PostgresBackend.execute("CREATE DATABASE " + database + options);
            PostgresBackend.execute("CREATE ROLE " + role + " LOGIN");
            if (mayCreate) {
                PostgresBackend.execute("GRANT CREATE ON DATABASE " + database + " TO " + role);
            }
            Jdbi.create(PostgresBackend.server().getJdbcUrl("postgres", database), "postgres", "")
                    .useHandle(h -> h.execute("CREATE SCHEMA app AUTHORIZATION " + role));
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(PostgresBackend.server().getJdbcUrl(role, database) + "&currentSchema=app");
            config.setMaximumPoolSize(2);
            config.setPoolName(database);
            return new Fresh(database, role, new HikariDataSource(config));
        }

        Jdbi jdbi() {
            return Jdbi.create(pool);
        }

        @Override
        public void close() {
            pool.close();
            PostgresBackend.execute("DROP DATABASE " + database + " WITH (FORCE)");
            PostgresBackend.execute("DROP ROLE " + role);
        }
    }

    private static JdbiTrash backend(Fresh fresh) {
        fresh.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE folders (id VARCHAR(64) PRIMARY KEY, workspace_id VARCHAR(64) NOT NULL,"
                    + " name VARCHAR(255) NOT NULL, size_bytes BIGINT NOT NULL DEFAULT 0, trash_item UUID)");
            h.execute("CREATE INDEX folders_trash ON folders (trash_item)");
        });
        return JdbiTrash.create(fresh.pool(), ResourceTable.of("folder", "folders").size("size_bytes"));
    }

    private static String extensionSchema(Fresh fresh) {
        return fresh.jdbi().withHandle(h -> h.createQuery("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                + " ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'").mapTo(String.class).findOne().orElse(null));
    }

    private static boolean hasSearchIndex(Fresh fresh) {
        return fresh.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pg_indexes WHERE schemaname = 'app'"
                + " AND indexname = 'trash_item_name_search'").mapTo(Integer.class).one()) == 1;
    }

    /** Deletes three folders and searches their names: the search finds exactly the one it should. */
    private static void searchWorks(Fresh fresh, TrashManager trash) {
        fresh.jdbi().useHandle(h -> h.execute("INSERT INTO folders (id, workspace_id, name) VALUES ('a', 'acme', 'Résumé ÉTÉ'),"
                + " ('b', 'acme', 'Budget 100%'), ('c', 'acme', 'budget_2026')"));
        for (String id : List.of("a", "b", "c")) {
            trash.delete(ACME, ResourceRef.of("folder", id), ActorId.of("alice"));
        }
        assertThat(trash.list(ACME, TrashQuery.all().nameContains("été")).items()).extracting(TrashItem::name)
                .containsExactly("Résumé ÉTÉ");
        assertThat(trash.list(ACME, TrashQuery.all().nameContains("t_2")).items()).extracting(TrashItem::name)
                .containsExactly("budget_2026");
        assertThat(trash.list(ACME, TrashQuery.all().nameContains("0%")).items()).extracting(TrashItem::name)
                .containsExactly("Budget 100%");
    }

    @Test
    @DisplayName("R38 on a database whose LC_CTYPE is C (LOWER lowers ASCII only): a name is found by its lower-cased "
            + "accented letters and sorted as trash-core sorts it, page by page, since name_key is lower-cased by Java")
    void independentOfTheDatabaseLocale() {
        try (Fresh fresh = Fresh.make(true, " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")) {
            String lowered = fresh.jdbi().withHandle(h -> h.createQuery("SELECT LOWER('Résumé ÉTÉ')").mapTo(String.class).one());
            assertThat(lowered).as("what LOWER() would have searched").isEqualTo("résumé ÉtÉ").doesNotContain("été");
            TrashManager trash = TrashManager.builder().backend(backend(fresh).createSchemaIfMissing()).build();
            searchWorks(fresh, trash);
            fresh.jdbi().useHandle(h -> h.execute("INSERT INTO folders (id, workspace_id, name) VALUES ('d', 'acme', 'Émile'),"
                    + " ('e', 'acme', 'émilie'), ('f', 'acme', 'zoé'), ('g', 'acme', 'ÖL')"));
            for (String id : List.of("d", "e", "f", "g")) {
                trash.delete(ACME, ResourceRef.of("folder", id), ActorId.of("alice"));
            }
            List<String> expected = new java.util.ArrayList<>(List.of("Résumé ÉTÉ", "Budget 100%", "budget_2026", "Émile",
                    "émilie", "zoé", "ÖL"));
            expected.sort(java.util.Comparator.comparing((String name) -> name.toLowerCase(java.util.Locale.ROOT)));
            assertThat(dev.trash.testkit.TrashFixture.allPages(trash, ACME,
                    TrashQuery.all().order(dev.trash.SortOrder.NAME_ASCENDING).limit(2)))
                    .extracting(id -> trash.get(ACME, id).orElseThrow().name()).containsExactlyElementsOf(expected);
            assertThat(trash.list(ACME, TrashQuery.all().nameContains("ÉMIL")).items()).extracting(TrashItem::name)
                    .containsExactlyInAnyOrder("Émile", "émilie");
        }
    }

    @Test
    @DisplayName("R38 R26 an ordinary user allowed to create in the database: V4 creates pg_trgm in the current schema "
            + "and the trigram index on name_key; nothing to warn of")
    void createsTheExtension() {
        try (Fresh fresh = Fresh.make(true)) {
            assertThat(extensionSchema(fresh)).isNull();
            JdbiTrash backend = backend(fresh).createSchemaIfMissing();

            assertThat(extensionSchema(fresh)).isEqualTo("app");
            assertThat(hasSearchIndex(fresh)).isTrue();
            TrashManager trash = TrashManager.builder().backend(backend).build();
            assertThat(trash.validate()).isEmpty();
            searchWorks(fresh, trash);
            assertThat(backend.createSchemaIfMissing().validate()).as("running the scripts again changes nothing").isEmpty();
        }
    }

    @Test
    @DisplayName("R38 R26 a user who may not create pg_trgm: V4 skips the trigram index without failing, the start-up "
            + "check warns of it (naming the extension), and name search still finds what it should")
    void skipsTheIndexWithoutTheExtension() {
        try (Fresh fresh = Fresh.make(false)) {
            JdbiTrash backend = backend(fresh).createSchemaIfMissing();

            assertThat(extensionSchema(fresh)).isNull();
            assertThat(hasSearchIndex(fresh)).isFalse();
            assertThat(backend.validate()).singleElement().asString()
                    .isEqualTo("table trash_item in schema app has no index trash_item_name_search: name search (the "
                            + "index needs the extension pg_trgm: CREATE EXTENSION pg_trgm, by a user allowed to; the script "
                            + "creates it where it can) reads more of the table without it; the schema script "
                            + "dev/trash/jdbi/schema/postgresql/V4__trash_item_find_and_warn.sql creates it (re-runnable: "
                            + "run it again, or JdbiTrash.createSchemaIfMissing())");
            TrashManager trash = TrashManager.builder().backend(backend).build(); // a warning does not stop the build
            searchWorks(fresh, trash);

            // Once a DBA installs the extension (here in public), running the scripts again creates the index.
            Jdbi.create(PostgresBackend.server().getJdbcUrl("postgres", fresh.database()), "postgres", "")
                    .useHandle(h -> h.execute("CREATE EXTENSION pg_trgm SCHEMA public"));
            backend.createSchemaIfMissing();
            assertThat(hasSearchIndex(fresh)).isTrue();
            assertThat(trash.validate()).isEmpty();
        }
    }
}

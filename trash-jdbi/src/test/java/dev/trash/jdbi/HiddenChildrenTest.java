package dev.trash.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ActorId;
import dev.trash.InvalidArgumentException;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.TrashItem;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.testkit.ReferenceTypes;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashBehaviourSuite;
import dev.trash.testkit.TrashBeyondSuite;
import dev.trash.testkit.TrashHiddenSuite;
import dev.trash.testkit.TrashNestingSuite;
import dev.trash.testkit.TrashPurgeSuite;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * R42 on the databases: the hidden-children suite on H2, PostgreSQL and MariaDB; the behaviour,
 * purge and nesting suites unchanged on the reference types with every leaf type hidden with its
 * parent (the holds/previews suite too on PostgreSQL); and the host's condition and view for active
 * rows ({@link JdbiTrash#activeRows}, {@link JdbiTrash#activeView}) on each database. The host
 * tables have no index on a child table's trash column (the README's recipe): every statement
 * finds an item's rows from its root down.
 */
@DisplayName("R42 children hidden with their parent, on H2, PostgreSQL and MariaDB")
class HiddenChildrenTest {
    private static SuiteBackend h2(List<ResourceType> types) {
        return H2Backend.create(ReferenceTypes.hidden(types));
    }

    private static SuiteBackend postgres(List<ResourceType> types) {
        return PostgresBackend.create(ReferenceTypes.hidden(types));
    }

    private static SuiteBackend mariadb(List<ResourceType> types) {
        return MariadbBackend.create(ReferenceTypes.hidden(types));
    }

    @Nested
    @DisplayName("H2 hidden children")
    class H2Hidden extends TrashHiddenSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return h2(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL hidden children")
    class PostgresHidden extends TrashHiddenSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("MariaDB hidden children")
    class MariadbHidden extends TrashHiddenSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return mariadb(types);
        }
    }

    @Nested
    @DisplayName("H2 behaviour, leaves hidden")
    class H2Behaviour extends TrashBehaviourSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return h2(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL behaviour, leaves hidden")
    class PostgresBehaviour extends TrashBehaviourSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("MariaDB behaviour, leaves hidden")
    class MariadbBehaviour extends TrashBehaviourSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return mariadb(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL purge, leaves hidden")
    class PostgresPurge extends TrashPurgeSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("MariaDB purge, leaves hidden")
    class MariadbPurge extends TrashPurgeSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return mariadb(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL holds, previews, restore elsewhere, bulk, leaves hidden")
    class PostgresBeyond extends TrashBeyondSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL folders in folders, documents hidden")
    class PostgresNesting extends TrashNestingSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("MariaDB folders in folders, documents hidden")
    class MariadbNesting extends TrashNestingSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return mariadb(types);
        }
    }

    @Nested
    @DisplayName("the host's condition and view for active rows")
    class ActiveRows {
        private static final WorkspaceId W = WorkspaceId.of("w1");

        @ParameterizedTest
        @EnumSource(TestDatabase.class)
        @DisplayName("R42 R1 activeView hides the images of a trashed dataset and shows them again on restore; activeRows refuses unknown types and bad aliases")
        void viewAndCondition(TestDatabase database) throws Exception {
            try (SuiteBackend backend = database.backend(ReferenceTypes.hidden(ReferenceTypes.ALL))) {
                JdbiTrash adapter = (JdbiTrash) backend.backend();
                ResourceRef d = ResourceRef.of("dataset", "d");
                backend.add(dev.trash.spi.HostResource.root(d, W, "D", "d", 1));
                backend.add(dev.trash.spi.HostResource.child(ResourceRef.of("image", "i1"), d, W, "I1", 10));
                backend.add(dev.trash.spi.HostResource.child(ResourceRef.of("image", "i2"), d, W, "I2", 10));
                adapter.jdbi().useHandle(h -> h.execute(adapter.activeView("image", "active_image")));
                TrashManager trash = TrashManager.builder().backend(adapter).build();
                String count = "SELECT COUNT(*) FROM active_image WHERE workspace_id = 'w1'";

                TrashItem item = trash.delete(W, d, ActorId.of("a"));
                long hidden = adapter.jdbi().withHandle(h -> h.createQuery(count).mapTo(Long.class).one());
                long marked = adapter.jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM image WHERE trash_item IS NOT NULL").mapTo(Long.class).one());
                trash.restore(W, item.id(), ActorId.of("a"));
                long shown = adapter.jdbi().withHandle(h -> h.createQuery(count).mapTo(Long.class).one());

                assertThat(item.cascadedCount()).isEqualTo(2);
                assertThat(hidden).isZero();
                assertThat(marked).as("no image row was written").isZero();
                assertThat(shown).isEqualTo(2);
                assertThat(adapter.activeRows("dataset", "x")).isEqualTo("x.trash_item IS NULL");
                assertThat(adapter.activeRows("image", "i")).isEqualTo("i.trash_item IS NULL AND NOT EXISTS (SELECT 1 FROM "
                        + "dataset hidden_parent WHERE hidden_parent.id = i.dataset_id AND hidden_parent.workspace_id = "
                        + "i.workspace_id AND hidden_parent.trash_item IS NOT NULL)");
                assertThatThrownBy(() -> adapter.activeRows("nope", "n")).isInstanceOf(InvalidArgumentException.class)
                        .hasMessageContaining("unknown resource type 'nope'");
                assertThatThrownBy(() -> adapter.activeRows("image", "i; DROP")).isInstanceOf(InvalidArgumentException.class)
                        .hasMessageContaining("alias must be a plain SQL identifier");
                assertThatThrownBy(() -> adapter.activeView("image", "1view")).isInstanceOf(InvalidArgumentException.class)
                        .hasMessageContaining("view must be a plain SQL identifier");
            }
        }
    }
}

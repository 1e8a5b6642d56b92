package dev.trash.jdbi;

import dev.trash.ResourceType;
import dev.trash.jdbi.ReferenceSchema.Layout;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashBehaviourSuite;
import dev.trash.testkit.TrashBeyondSuite;
import dev.trash.testkit.TrashConcurrencySuite;
import dev.trash.testkit.TrashListingSuite;
import dev.trash.testkit.TrashNestingSuite;
import dev.trash.testkit.TrashPurgeSuite;
import dev.trash.testkit.TrashSafetySuite;
import dev.trash.testkit.TrashStoreContractSuite;
import dev.trash.testkit.TrashWarningSuite;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * R44: the suites of trash-core, unchanged, on the sharding-ready host tables of the README
 * ({@link Layout#SHARDED}: primary keys {@code (workspace_id, id)}, foreign keys
 * {@code (workspace_id, parent_id)}, every index led by {@code workspace_id}), on PostgreSQL (the
 * expiry warnings' suite, SPEC R39, too), and
 * (four suites each) on MariaDB and H2; and the suite of folders in folders (R37: the folders'
 * foreign key to their own table is {@code (workspace_id, parent_id)} too) on all three. The plain layout runs in {@code Postgres*Test},
 * {@code Mariadb*Test} and {@code H2*Test}.
 */
@DisplayName("R44 the suites on sharding-ready tables (keys and indexes led by workspace_id)")
class ShardedSchemaTest {
    private static SuiteBackend postgres(List<ResourceType> types) {
        return PostgresBackend.create(types, Layout.SHARDED);
    }

    private static SuiteBackend mariadb(List<ResourceType> types) {
        return MariadbBackend.create(types, Layout.SHARDED);
    }

    private static SuiteBackend h2(List<ResourceType> types) {
        return H2Backend.create(types, Layout.SHARDED);
    }

    @Nested
    @DisplayName("PostgreSQL behaviour")
    class PostgresBehaviour extends TrashBehaviourSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL holds, previews, restore elsewhere, bulk, retention policies")
    class PostgresBeyond extends TrashBeyondSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL expiry warnings")
    class PostgresWarning extends TrashWarningSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("MariaDB holds, previews, restore elsewhere, bulk, retention policies")
    class MariadbBeyond extends TrashBeyondSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return mariadb(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL listing")
    class PostgresListing extends TrashListingSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL purge")
    class PostgresPurge extends TrashPurgeSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL safety")
    class PostgresSafety extends TrashSafetySuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL store contract")
    class PostgresStoreContract extends TrashStoreContractSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL concurrency")
    class PostgresConcurrency extends TrashConcurrencySuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("PostgreSQL folders in folders")
    class PostgresNesting extends TrashNestingSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return postgres(types);
        }
    }

    @Nested
    @DisplayName("MariaDB folders in folders")
    class MariadbNesting extends TrashNestingSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return mariadb(types);
        }
    }

    @Nested
    @DisplayName("H2 folders in folders")
    class H2Nesting extends TrashNestingSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return h2(types);
        }
    }

    @Nested
    @DisplayName("MariaDB behaviour")
    class MariadbBehaviour extends TrashBehaviourSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return mariadb(types);
        }
    }

    @Nested
    @DisplayName("MariaDB purge")
    class MariadbPurge extends TrashPurgeSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return mariadb(types);
        }
    }

    @Nested
    @DisplayName("MariaDB store contract")
    class MariadbStoreContract extends TrashStoreContractSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return mariadb(types);
        }
    }

    @Nested
    @DisplayName("MariaDB concurrency")
    class MariadbConcurrency extends TrashConcurrencySuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return mariadb(types);
        }
    }

    @Nested
    @DisplayName("H2 behaviour")
    class H2Behaviour extends TrashBehaviourSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return h2(types);
        }
    }

    @Nested
    @DisplayName("H2 purge")
    class H2Purge extends TrashPurgeSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return h2(types);
        }
    }

    @Nested
    @DisplayName("H2 store contract")
    class H2StoreContract extends TrashStoreContractSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return h2(types);
        }
    }

    @Nested
    @DisplayName("H2 concurrency")
    class H2Concurrency extends TrashConcurrencySuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return h2(types);
        }
    }
}

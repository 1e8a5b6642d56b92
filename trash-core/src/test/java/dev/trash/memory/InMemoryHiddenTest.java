package dev.trash.memory;

import dev.trash.ResourceType;
import dev.trash.testkit.ReferenceTypes;
import dev.trash.testkit.SuiteBackend;
import dev.trash.testkit.TrashBehaviourSuite;
import dev.trash.testkit.TrashBeyondSuite;
import dev.trash.testkit.TrashConcurrencySuite;
import dev.trash.testkit.TrashHiddenSuite;
import dev.trash.testkit.TrashListingSuite;
import dev.trash.testkit.TrashNestingSuite;
import dev.trash.testkit.TrashPurgeSuite;
import dev.trash.testkit.TrashSafetySuite;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * R42 in memory: the hidden-children suite, and the behaviour suites unchanged on the reference
 * types with every leaf type hidden with its parent ({@link ReferenceTypes#hidden}): what a host
 * sees does not depend on how children are kept in the Trash.
 */
@DisplayName("R42 in memory: children hidden with their parent")
class InMemoryHiddenTest {
    private static SuiteBackend hidden(List<ResourceType> types) {
        return new InMemoryBackend(ReferenceTypes.hidden(types));
    }

    @Nested
    @DisplayName("hidden children")
    class Hidden extends TrashHiddenSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return hidden(types);
        }
    }

    @Nested
    @DisplayName("behaviour, leaves hidden")
    class Behaviour extends TrashBehaviourSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return hidden(types);
        }
    }

    @Nested
    @DisplayName("purge, leaves hidden")
    class Purge extends TrashPurgeSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return hidden(types);
        }
    }

    @Nested
    @DisplayName("holds, previews, restore elsewhere, bulk, leaves hidden")
    class Beyond extends TrashBeyondSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return hidden(types);
        }
    }

    @Nested
    @DisplayName("folders in folders, documents hidden")
    class Nesting extends TrashNestingSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return hidden(types);
        }
    }

    @Nested
    @DisplayName("safety, leaves hidden")
    class Safety extends TrashSafetySuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return hidden(types);
        }
    }

    @Nested
    @DisplayName("concurrency, leaves hidden")
    class Concurrency extends TrashConcurrencySuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return hidden(types);
        }
    }

    @Nested
    @DisplayName("listing, leaves hidden")
    class Listing extends TrashListingSuite {
        @Override
        protected SuiteBackend newBackend(List<ResourceType> types) {
            return hidden(types);
        }
    }
}

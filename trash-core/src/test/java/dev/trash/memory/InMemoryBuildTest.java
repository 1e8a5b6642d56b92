package dev.trash.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ConfigurationException;
import dev.trash.InvalidArgumentException;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.SlugScope;
import dev.trash.TrashManager;
import dev.trash.WorkspaceId;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import dev.trash.spi.TrashBackend;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import dev.trash.testkit.ReferenceTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC R25 on the in-memory backend: the manager is built from one backend that describes each
 * type once, and {@code build()} refuses every inconsistency that is still possible, naming it.
 */
class InMemoryBuildTest {
    /**
     * A backend that hands out {@code memory}'s ports but describes {@code types} and may lack a
     * port: what a faulty third-party backend could do, which {@code build()} must catch.
     */
    private static TrashBackend describing(InMemoryTrash memory, List<ResourceType> types, boolean store,
                                           boolean resources, boolean transactions) {
        return new TrashBackend() {
            @Override
            public List<ResourceType> types() {
                return types;
            }

            @Override
            public TrashStore store() {
                return store ? memory.store() : null;
            }

            @Override
            public HostResources resources() {
                return resources ? memory.resources() : null;
            }

            @Override
            public TrashTransactions transactions() {
                return transactions ? memory.transactions() : null;
            }
        };
    }

    private static TrashManager build(TrashBackend backend) {
        return TrashManager.builder().backend(backend).build();
    }

    @Test
    @DisplayName("R25 build() refuses a builder with no backend, saying what to pass")
    void noBackend() {
        assertThatThrownBy(() -> TrashManager.builder().build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("a backend is required").hasMessageContaining("backend(")
                .hasMessageContaining("InMemoryTrash.create");
        assertThatThrownBy(() -> TrashManager.builder().backend(null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("backend");
    }

    @Test
    @DisplayName("R25 a type described twice is refused by name: by InMemoryTrash.create, and by build() for any backend")
    void typeDescribedTwice() {
        assertThatThrownBy(() -> InMemoryTrash.create(ResourceType.of("project"),
                ResourceType.of("project").slugUniqueIn(SlugScope.WORKSPACE)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("type 'project' is described twice");
        InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);
        List<ResourceType> twice = new ArrayList<>(ReferenceTypes.ALL);
        twice.add(ResourceType.of("model").childOf("project"));

        assertThatThrownBy(() -> build(describing(memory, twice, true, true, true)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("type model is described twice; describe each type once");
    }

    @Test
    @DisplayName("R25 a child of a type the backend does not describe is refused, naming both types")
    void childOfUndescribedType() {
        InMemoryTrash memory = InMemoryTrash.create(ResourceType.of("dataset"),
                ResourceType.of("model").childOf("project").slugUniqueIn(SlugScope.PARENT));

        assertThatThrownBy(() -> build(memory)).isInstanceOf(ConfigurationException.class)
                .hasMessage("type model is a child of type project, which the backend does not describe; describe "
                        + "project too (described: [dataset, model])");
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a cycle that slipped through loops forever
    @DisplayName("R25 types whose parents form a cycle are refused, naming the types of the cycle")
    void cycle() {
        InMemoryTrash memory = InMemoryTrash.create(ResourceType.of("root"), ResourceType.of("folder").childOf("album"),
                ResourceType.of("album").childOf("folder"));

        assertThatThrownBy(() -> build(memory)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("resource types form a cycle through").hasMessageContaining("folder")
                .hasMessageContaining("album").hasMessageNotContaining("root");
    }

    @Test
    @DisplayName("R25 slugs unique in the parent of a type that has no parent are refused, naming the type and the fix")
    void parentScopeWithoutParent() {
        InMemoryTrash memory = InMemoryTrash.create(ResourceType.of("project").slugUniqueIn(SlugScope.PARENT));

        assertThatThrownBy(() -> build(memory)).isInstanceOf(ConfigurationException.class)
                .hasMessage("type project has slugs unique in its parent but no parent type; use SlugScope.WORKSPACE "
                        + "or childOf(...)");
    }

    @Test
    @DisplayName("R25 a backend whose store, resources or transactions is null is refused, naming the port")
    void nullPort() {
        InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);

        assertThatThrownBy(() -> build(describing(memory, ReferenceTypes.ALL, false, true, true)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the backend's store() returned null; a backend must provide every port");
        assertThatThrownBy(() -> build(describing(memory, ReferenceTypes.ALL, true, false, true)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the backend's resources() returned null; a backend must provide every port");
        assertThatThrownBy(() -> build(describing(memory, ReferenceTypes.ALL, true, true, false)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("the backend's transactions() returned null; a backend must provide every port");
        assertThat(build(describing(memory, ReferenceTypes.ALL, true, true, true)).types())
                .as("with every port it builds").hasSize(8);
    }

    @Test
    @DisplayName("R25 a backend that describes no type is refused, saying how to describe them")
    void noTypes() {
        InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);
        assertThatThrownBy(() -> InMemoryTrash.create()).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("types must not be empty");

        for (List<ResourceType> none : java.util.Arrays.asList(List.<ResourceType>of(), (List<ResourceType>) null)) {
            assertThatThrownBy(() -> build(describing(memory, none, true, true, true)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("the backend describes no resource type")
                    .hasMessageContaining("InMemoryTrash.create(ResourceType.of(\"project\"))");
        }
    }

    @Test
    @DisplayName("R25 the type graph is the backend's one description: the manager's types, and the host rows it accepts")
    void oneDescription() {
        InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.withRetention(ReferenceTypes.MODEL, java.time.Duration.ofDays(7)));
        TrashManager trash = build(memory);

        assertThat(List.copyOf(trash.types().values())).isEqualTo(memory.types());
        assertThat(trash.types().get(ReferenceTypes.MODEL).retention()).contains(java.time.Duration.ofDays(7));
        WorkspaceId w = WorkspaceId.of("w");
        ResourceRef d = ResourceRef.of(ReferenceTypes.DATASET, "d");
        memory.resources().add(HostResource.root(d, w, "D", "d", 1));
        assertThatThrownBy(() -> memory.resources().add(new HostResource(ResourceRef.of(ReferenceTypes.MODEL, "m"), w,
                Optional.of(d), "M", Optional.of("m"), 1)))
                .as("a host row whose parent link disagrees with the description")
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("must be a project");
        assertThatThrownBy(() -> memory.resources().add(HostResource.root(ResourceRef.of("folder", "f"), w, "F", "f", 1)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'folder'");
    }

    @Test
    @DisplayName("R26 build() runs the backend's check: its error stops the build, its warnings are what validate() returns")
    void buildValidatesTheBackend() {
        InMemoryTrash memory = InMemoryTrash.create(ReferenceTypes.ALL);
        TrashBackend broken = new DelegatingBackend(memory) {
            @Override
            public List<String> validate() {
                throw new ConfigurationException("table trash_item does not exist; create it with ...");
            }
        };
        TrashBackend warns = new DelegatingBackend(memory) {
            @Override
            public List<String> validate() {
                return List.of("missing index: CREATE INDEX trash_item_due ON trash_item (due_at)");
            }
        };

        assertThatThrownBy(() -> build(broken)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("table trash_item does not exist");
        assertThat(build(warns).validate()).containsExactly("missing index: CREATE INDEX trash_item_due ON trash_item (due_at)");
        assertThat(build(memory).validate()).isEmpty();
    }

    /** A backend that is {@code memory} in every respect, for tests to override one method. */
    private static class DelegatingBackend implements TrashBackend {
        private final InMemoryTrash memory;

        DelegatingBackend(InMemoryTrash memory) {
            this.memory = memory;
        }

        @Override
        public List<ResourceType> types() {
            return memory.types();
        }

        @Override
        public TrashStore store() {
            return memory.store();
        }

        @Override
        public HostResources resources() {
            return memory.resources();
        }

        @Override
        public TrashTransactions transactions() {
            return memory.transactions();
        }
    }

    @Test
    @DisplayName("R42 R25 only a leaf child type can be hidden with its parent: no parent, nested in itself, or with children is refused, naming the type")
    void hiddenTypesAreChecked() {
        assertThatThrownBy(() -> ResourceType.of("dataset").hiddenWithParent()).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("type dataset is hidden with its parent but has no parent type; declare childOf(...) first");
        assertThatThrownBy(() -> ResourceType.of("folder").childOf("folder").hiddenWithParent())
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is its own parent");
        InMemoryTrash withChildren = InMemoryTrash.create(ResourceType.of("dataset"),
                ResourceType.of("image").childOf("dataset").hiddenWithParent(), ResourceType.of("tag").childOf("image"));
        assertThatThrownBy(() -> TrashManager.builder().backend(withChildren).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("type tag is a child of type image, which is hidden with its parent (SPEC R42); "
                        + "only a leaf type can be hidden");

        ResourceType image = ResourceType.of("image").childOf("dataset").slugUniqueIn(SlugScope.PARENT).hiddenWithParent();
        assertThat(image.hidden()).isTrue();
        assertThat(image.childOf("dataset").retention(java.time.Duration.ofDays(3)).hidden()).as("withers keep it").isTrue();
        assertThat(TrashManager.builder().backend(InMemoryTrash.create(ResourceType.of("dataset"), image)).build()
                .types().get("image").hidden()).isTrue();
    }
}

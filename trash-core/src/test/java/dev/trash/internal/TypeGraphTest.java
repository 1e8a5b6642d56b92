package dev.trash.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.ConfigurationException;
import dev.trash.InvalidArgumentException;
import dev.trash.ResourceType;
import dev.trash.SlugScope;
import dev.trash.spi.TypeLink;
import dev.trash.testkit.ReferenceTypes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The declared type graph: validation at build time, cascade levels and purge order. */
class TypeGraphTest {
    private static TypeGraph graph(ResourceType... types) {
        return new TypeGraph(List.of(types), Duration.ofDays(30));
    }

    private static TypeGraph reference() {
        return graph(ReferenceTypes.ALL.toArray(ResourceType[]::new));
    }

    @Test
    @DisplayName("R3 a delete cascades level by level through every descendant type")
    void cascadeLevels() {
        TypeGraph g = reference();
        assertThat(g.cascadeLinks("project")).containsExactly(
                new TypeLink("project", "model"), new TypeLink("model", "weights"),
                new TypeLink("model", "training_run"), new TypeLink("model", "export"));
        assertThat(g.cascadeLinks("dataset")).containsExactly(
                new TypeLink("dataset", "image"), new TypeLink("dataset", "annotation"));
        assertThat(g.cascadeLinks("image")).isEmpty();
        assertThat(g.subtree("model")).containsExactly("model", "weights", "training_run", "export");
    }

    @Test
    @DisplayName("R15 purge order puts every type after all of its descendants")
    void bottomUp() {
        List<String> order = reference().bottomUp();
        assertThat(order).hasSize(8);
        for (ResourceType t : ReferenceTypes.ALL) {
            t.parent().ifPresent(parent -> assertThat(order.indexOf(t.name())).isLessThan(order.indexOf(parent)));
        }
    }

    @Test
    @DisplayName("R2 a type's own retention wins over the default")
    void retention() {
        TypeGraph g = graph(ResourceType.of("project"), ResourceType.of("model").childOf("project").retention(Duration.ofDays(7)));
        assertThat(g.retention("project")).isEqualTo(Duration.ofDays(30));
        assertThat(g.retention("model")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    @DisplayName("R25 unknown parents, cycles, no types, a type described twice and parent-scoped slugs without a parent are refused")
    void invalidGraphs() {
        assertThatThrownBy(() -> graph(ResourceType.of("model").childOf("project")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("type model is a child of type project, which the backend does not describe");
        assertThatThrownBy(() -> graph(ResourceType.of("a").childOf("b"), ResourceType.of("b").childOf("a")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("cycle");
        assertThatThrownBy(() -> graph()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("describes no resource type");
        assertThatThrownBy(() -> new TypeGraph(null, Duration.ofDays(30))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("describes no resource type");
        assertThatThrownBy(() -> graph(ResourceType.of("project"), ResourceType.of("project").slugUniqueIn(SlugScope.WORKSPACE)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("type project is described twice");
        assertThatThrownBy(() -> graph(ResourceType.of("project").slugUniqueIn(SlugScope.PARENT)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no parent type");
        assertThatThrownBy(() -> reference().type("modle"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unknown resource type 'modle'");
    }

    @Test
    @DisplayName("R37 a type that is its own parent is a root with a link to itself, cascaded first, purged after its children's types")
    void nestedType() {
        TypeGraph g = graph(ResourceType.of("folder").childOf("folder").slugUniqueIn(SlugScope.PARENT),
                ResourceType.of("document").childOf("folder"), ResourceType.of("page").childOf("document"));
        assertThat(g.type("folder").nested()).isTrue();
        assertThat(g.cascadeLinks("folder")).containsExactly(new TypeLink("folder", "folder"),
                new TypeLink("folder", "document"), new TypeLink("document", "page"));
        assertThat(g.cascadeLinks("document")).containsExactly(new TypeLink("document", "page"));
        assertThat(g.subtree("folder")).containsExactly("folder", "document", "page");
        assertThat(g.bottomUp()).containsExactly("page", "document", "folder");
        assertThat(g.links()).contains(new TypeLink("folder", "folder"));
        TypeGraph under = graph(ResourceType.of("b").childOf("b"), ResourceType.of("a").childOf("b"),
                ResourceType.of("c").childOf("a"));
        assertThat(under.cascadeLinks("b")).as("children of a nested type cascade after its own nesting")
                .containsExactly(new TypeLink("b", "b"), new TypeLink("b", "a"), new TypeLink("a", "c"));
    }
}

package dev.trash.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trash.InvalidArgumentException;
import dev.trash.ResourceType;
import dev.trash.SlugScope;
import dev.trash.spi.TypeLink;
import dev.trash.testkit.ReferenceTypes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The declared type graph: validation at build time, cascade levels and purge order. */
class TypeGraphTest {
    private static TypeGraph graph(ResourceType... types) {
        Map<String, ResourceType> map = new LinkedHashMap<>();
        for (ResourceType t : types) {
            map.put(t.name(), t);
        }
        return new TypeGraph(map, Duration.ofDays(30));
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
    @DisplayName("R23 unknown parents, cycles, no types and parent-scoped slugs without a parent are refused")
    void invalidGraphs() {
        assertThatThrownBy(() -> graph(ResourceType.of("model").childOf("project")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unknown type project");
        assertThatThrownBy(() -> graph(ResourceType.of("a").childOf("b"), ResourceType.of("b").childOf("a")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cycle");
        assertThatThrownBy(() -> graph()).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("no resource type is declared");
        assertThatThrownBy(() -> graph(ResourceType.of("project").slugUniqueIn(SlugScope.PARENT)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no parent type");
        assertThatThrownBy(() -> ResourceType.of("a").childOf("a"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("its own parent");
        assertThatThrownBy(() -> reference().type("modle"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unknown resource type 'modle'");
    }
}

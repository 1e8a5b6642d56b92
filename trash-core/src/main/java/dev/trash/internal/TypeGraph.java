package dev.trash.internal;

import dev.trash.InvalidArgumentException;
import dev.trash.ResourceType;
import dev.trash.SlugScope;
import dev.trash.spi.TypeLink;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated graph of declared resource types: a forest (each type has at most one parent type).
 * Answers which levels a delete cascades through and in which order rows are purged. Immutable
 * and thread-safe.
 */
final class TypeGraph {
    private final Map<String, ResourceType> types;
    private final Map<String, List<String>> children = new LinkedHashMap<>();
    private final Map<String, List<TypeLink>> cascade = new LinkedHashMap<>();
    private final Map<String, List<String>> subtree = new LinkedHashMap<>();
    private final List<TypeLink> links = new ArrayList<>();
    private final List<String> bottomUp;
    private final Duration defaultRetention;

    TypeGraph(Map<String, ResourceType> declared, Duration defaultRetention) {
        if (declared.isEmpty()) {
            throw new InvalidArgumentException("no resource type is declared: call type(ResourceType.of(\"project\")) "
                    + "for each type the Trash should hold");
        }
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(declared));
        this.defaultRetention = defaultRetention;
        for (ResourceType type : types.values()) {
            children.putIfAbsent(type.name(), new ArrayList<>());
            type.parent().ifPresent(parent -> {
                if (!types.containsKey(parent)) {
                    throw new InvalidArgumentException("type " + type.name() + " is a child of unknown type " + parent
                            + "; declare " + parent + " too (declared: " + types.keySet() + ")");
                }
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(type.name());
            });
            if (type.slugScope().orElse(null) == SlugScope.PARENT && type.parent().isEmpty()) {
                throw new InvalidArgumentException("type " + type.name()
                        + " has slugs unique in its parent but no parent type; use SlugScope.WORKSPACE or childOf(...)");
            }
        }
        for (ResourceType type : types.values()) {
            Set<String> seen = new HashSet<>();
            String at = type.name();
            while (at != null) {
                if (!seen.add(at)) {
                    throw new InvalidArgumentException("resource types form a cycle through " + at + ": " + seen);
                }
                at = types.get(at).parent().orElse(null);
            }
        }
        for (String name : types.keySet()) {
            List<TypeLink> levels = new ArrayList<>();
            List<String> below = new ArrayList<>(List.of(name));
            Deque<String> queue = new ArrayDeque<>(List.of(name));
            while (!queue.isEmpty()) {
                String parent = queue.poll();
                for (String child : children.get(parent)) {
                    levels.add(new TypeLink(parent, child));
                    below.add(child);
                    queue.add(child);
                }
            }
            cascade.put(name, List.copyOf(levels));
            subtree.put(name, List.copyOf(below));
            children.get(name).forEach(child -> links.add(new TypeLink(name, child)));
        }
        List<String> topDown = new ArrayList<>();
        types.values().stream().filter(t -> t.parent().isEmpty()).forEach(t -> topDown.addAll(subtree.get(t.name())));
        List<String> reversed = new ArrayList<>(topDown);
        Collections.reverse(reversed);
        this.bottomUp = List.copyOf(reversed);
    }

    Map<String, ResourceType> types() {
        return types;
    }

    ResourceType type(String name) {
        ResourceType type = types.get(name);
        if (type == null) {
            throw new InvalidArgumentException("unknown resource type '" + name + "'; declared types: " + types.keySet());
        }
        return type;
    }

    /** @return the levels a delete of {@code type} cascades through, top-down */
    List<TypeLink> cascadeLinks(String type) {
        return cascade.get(type);
    }

    /** @return {@code type} and all its descendant types, top-down */
    List<String> subtree(String type) {
        return subtree.get(type);
    }

    /** @return every parent/child link */
    List<TypeLink> links() {
        return links;
    }

    /** @return every type, each after all its descendants: the order rows are purged in */
    List<String> bottomUp() {
        return bottomUp;
    }

    Duration retention(String type) {
        return type(type).retention().orElse(defaultRetention);
    }
}

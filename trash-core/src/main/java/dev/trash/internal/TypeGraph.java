package dev.trash.internal;

import dev.trash.ConfigurationException;
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
 * The validated graph of declared resource types: a forest (each type has at most one parent type;
 * a type that is its own parent, SPEC R37, is a root of it with a link to itself). Answers which
 * levels a delete cascades through (a nested type's own link first, as it reaches every depth at
 * once) and in which order rows are purged. A type hidden with its parent (SPEC R42) is a leaf.
 * Immutable and thread-safe.
 */
final class TypeGraph {
    private final Map<String, ResourceType> types;
    private final Map<String, List<String>> children = new LinkedHashMap<>();
    private final Map<String, List<TypeLink>> cascade = new LinkedHashMap<>();
    private final Map<String, List<String>> subtree = new LinkedHashMap<>();
    private final List<TypeLink> links = new ArrayList<>();
    private final List<String> bottomUp;
    private final Duration defaultRetention;

    /**
     * @param described the types as the backend describes them (SPEC R25)
     * @throws ConfigurationException if there is none, a name repeats, a parent is not described,
     *     the parents form a cycle, a type's slugs are unique in a parent it does not have, or a
     *     type hidden with its parent has children
     */
    TypeGraph(List<ResourceType> described, Duration defaultRetention) {
        if (described == null || described.isEmpty()) {
            throw new ConfigurationException("the backend describes no resource type: create it with the type of each "
                    + "resource the Trash should hold, e.g. InMemoryTrash.create(ResourceType.of(\"project\"))");
        }
        Map<String, ResourceType> declared = new LinkedHashMap<>();
        for (ResourceType type : described) {
            if (type == null) {
                throw new ConfigurationException("the backend's types contain null");
            }
            if (declared.putIfAbsent(type.name(), type) != null) {
                throw new ConfigurationException("type " + type.name() + " is described twice; describe each type once");
            }
        }
        this.types = Collections.unmodifiableMap(declared);
        this.defaultRetention = defaultRetention;
        for (ResourceType type : types.values()) {
            children.putIfAbsent(type.name(), new ArrayList<>());
            type.parent().filter(parent -> !type.nested()).ifPresent(parent -> {
                if (!types.containsKey(parent)) {
                    throw new ConfigurationException("type " + type.name() + " is a child of type " + parent
                            + ", which the backend does not describe; describe " + parent + " too (described: "
                            + types.keySet() + ")");
                }
                if (types.get(parent).hidden()) {
                    throw new ConfigurationException("type " + type.name() + " is a child of type " + parent
                            + ", which is hidden with its parent (SPEC R42); only a leaf type can be hidden: declare "
                            + parent + " without hiddenWithParent(), or " + type.name() + " elsewhere");
                }
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(type.name());
            });
            if (type.slugScope().orElse(null) == SlugScope.PARENT && type.parent().isEmpty()) {
                throw new ConfigurationException("type " + type.name()
                        + " has slugs unique in its parent but no parent type; use SlugScope.WORKSPACE or childOf(...)");
            }
        }
        for (ResourceType type : types.values()) {
            Set<String> seen = new HashSet<>();
            String at = type.name();
            while (at != null) {
                if (!seen.add(at)) {
                    throw new ConfigurationException("resource types form a cycle through " + at + ": " + seen);
                }
                ResourceType t = types.get(at);
                at = t.nested() ? null : t.parent().orElse(null);
            }
        }
        for (String name : types.keySet()) {
            List<TypeLink> levels = new ArrayList<>();
            List<String> below = new ArrayList<>(List.of(name));
            Deque<String> queue = new ArrayDeque<>(List.of(name));
            if (types.get(name).nested()) {
                levels.add(new TypeLink(name, name));
            }
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
            if (types.get(name).nested()) {
                links.add(new TypeLink(name, name));
            }
            children.get(name).forEach(child -> links.add(new TypeLink(name, child)));
        }
        List<String> topDown = new ArrayList<>();
        types.values().stream().filter(t -> t.parent().isEmpty() || t.nested())
                .forEach(t -> topDown.addAll(subtree.get(t.name())));
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

    /** {@return the levels a delete of {@code type} cascades through, top-down} */
    List<TypeLink> cascadeLinks(String type) {
        return cascade.get(type);
    }

    /** {@return {@code type} and all its descendant types, top-down} */
    List<String> subtree(String type) {
        return subtree.get(type);
    }

    /** {@return every parent/child link} */
    List<TypeLink> links() {
        return links;
    }

    /** {@return every type, each after all its descendants: the order rows are purged in} */
    List<String> bottomUp() {
        return bottomUp;
    }

    Duration retention(String type) {
        return type(type).retention().orElse(defaultRetention);
    }
}

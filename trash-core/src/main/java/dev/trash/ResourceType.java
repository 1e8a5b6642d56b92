package dev.trash;

import dev.trash.internal.Check;
import java.time.Duration;
import java.util.Optional;

/**
 * A resource type the host declares to the manager: its name, the type of its parent (if it has
 * one), where its slug is unique, and its own retention. Deleting a resource cascades to every
 * active resource of its child types, level by level (SPEC R3). Each type has at most one parent
 * type. A type may be its own parent, for folders in folders (SPEC R37): a delete then cascades
 * the whole subtree; it cannot have another parent type then. {@link TrashManager.Builder#build()}
 * refuses unknown parents and longer cycles. Immutable and thread-safe.
 *
 * <pre>{@code
 * ResourceType.of("model").childOf("project").slugUniqueIn(SlugScope.PARENT)
 * }</pre>
 *
 * @param name the type's name, e.g. {@code model}
 * @param parent the name of the parent type, if any
 * @param slugScope where slugs of this type are unique; empty if the type has no slug
 * @param retention how long items whose root is of this type stay restorable; empty to use the
 *     manager's default
 */
public record ResourceType(String name, Optional<String> parent, Optional<SlugScope> slugScope,
                           Optional<Duration> retention) {
    /** The longest retention the library accepts: ten years. */
    public static final Duration MAX_RETENTION = Duration.ofDays(3650);

    /** Validates every component. */
    public ResourceType {
        Check.text(name, "type name");
        Check.notNull(parent, "parent").ifPresent(p -> Check.text(p, "parent type of " + name));
        Check.notNull(slugScope, "slugScope");
        Check.notNull(retention, "retention").ifPresent(r -> Check.positive(r, MAX_RETENTION, "retention of type " + name));
    }

    /** @return whether this type is its own parent: resources of it nest in each other (SPEC R37) */
    public boolean nested() {
        return parent.isPresent() && parent.get().equals(name);
    }

    /** @return a top-level type without slug or own retention */
    public static ResourceType of(String name) {
        return new ResourceType(name, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** @return this type as a child of {@code parentType} */
    public ResourceType childOf(String parentType) {
        return new ResourceType(name, Optional.of(Check.text(parentType, "parent type of " + name)), slugScope, retention);
    }

    /** @return this type with slugs unique in {@code scope} */
    public ResourceType slugUniqueIn(SlugScope scope) {
        return new ResourceType(name, parent, Optional.of(Check.notNull(scope, "slug scope of " + name)), retention);
    }

    /**
     * @return this type with its own retention
     * @throws InvalidArgumentException if {@code retention} is zero, negative or over {@link #MAX_RETENTION}
     */
    public ResourceType retention(Duration retention) {
        return new ResourceType(name, parent, slugScope, Optional.of(Check.positive(retention, MAX_RETENTION, "retention of type " + name)));
    }
}

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
 * refuses unknown parents and longer cycles. A leaf type may be {@linkplain #hiddenWithParent()
 * hidden with its parent} (SPEC R42): a delete and a restore then leave its rows as they are, and
 * the host's active queries hide them while their parent is in the Trash. Immutable and thread-safe.
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
 * @param hidden whether the type's rows are hidden with their parent instead of being marked
 *     (SPEC R42, see {@link #hiddenWithParent()})
 */
public record ResourceType(String name, Optional<String> parent, Optional<SlugScope> slugScope,
                           Optional<Duration> retention, boolean hidden) {
    /** The longest retention the library accepts: ten years. */
    public static final Duration MAX_RETENTION = Duration.ofDays(3650);

    /**
     * Validates every component.
     *
     * @param name the type's name, e.g. {@code model}
     * @param parent the name of the parent type, if any
     * @param slugScope where slugs of this type are unique; empty if the type has no slug
     * @param retention how long items whose root is of this type stay restorable; empty to use the
     *     manager's default
     * @param hidden whether the type's rows are hidden with their parent instead of being marked
     *     (SPEC R42, see {@link #hiddenWithParent()})
     */
    public ResourceType {
        Check.text(name, "type name");
        Check.notNull(parent, "parent").ifPresent(p -> Check.text(p, "parent type of " + name));
        Check.notNull(slugScope, "slugScope");
        Check.notNull(retention, "retention").ifPresent(r -> Check.positive(r, MAX_RETENTION, "retention of type " + name));
        if (hidden && (parent.isEmpty() || parent.get().equals(name))) {
            throw new InvalidArgumentException("type " + name + " is hidden with its parent but "
                    + (parent.isEmpty() ? "has no parent type; declare childOf(...) first"
                    : "is its own parent; a type nested in itself (SPEC R37) is marked, not hidden"));
        }
    }

    /**
     * A type as before SPEC R42: its rows are marked by a delete.
     *
     * @param name the type's name
     * @param parent the name of the parent type, if any
     * @param slugScope where slugs of this type are unique
     * @param retention the type's own retention, if any
     */
    public ResourceType(String name, Optional<String> parent, Optional<SlugScope> slugScope, Optional<Duration> retention) {
        this(name, parent, slugScope, retention, false);
    }

    /** {@return whether this type is its own parent: resources of it nest in each other (SPEC R37)} */
    public boolean nested() {
        return parent.isPresent() && parent.get().equals(name);
    }

    /**
     * {@return a top-level type without slug or own retention}
     *
     * @param name the type's name, e.g. {@code model}
     */
    public static ResourceType of(String name) {
        return new ResourceType(name, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * {@return this type as a child of {@code parentType}}
     *
     * @param parentType the parent's type
     */
    public ResourceType childOf(String parentType) {
        return new ResourceType(name, Optional.of(Check.text(parentType, "parent type of " + name)), slugScope, retention,
                hidden);
    }

    /**
     * {@return this type with slugs unique in {@code scope}}
     *
     * @param scope where slugs must be unique
     */
    public ResourceType slugUniqueIn(SlugScope scope) {
        return new ResourceType(name, parent, Optional.of(Check.notNull(scope, "slug scope of " + name)), retention, hidden);
    }

    /**
     * {@return this type with its own retention}
     *
     * @param retention how long items whose root is of this type stay restorable; empty to use the
     *     manager's default
     * @throws InvalidArgumentException if {@code retention} is zero, negative or over {@link #MAX_RETENTION}
     */
    public ResourceType retention(Duration retention) {
        return new ResourceType(name, parent, slugScope, Optional.of(Check.positive(retention, MAX_RETENTION, "retention of type " + name)),
                hidden);
    }

    /**
     * Declares this child type hidden with its parent (SPEC R42), for huge leaf levels (images,
     * annotations, file chunks): a delete of an ancestor does not mark its rows and a restore does not
     * unmark them; they are hidden because their parent is in the Trash, so delete and restore cost
     * the same whatever their number. The host's queries of active rows must then also check the
     * parent (trash-jdbi gives the predicate and a view). The item's size and count still include them
     * (SPEC R7); a purge deletes them before their parent; a row of this type deleted on its own is
     * marked and is an item of its own as any other (SPEC R4, R13, R18).
     *
     * <p>Only a leaf type can be hidden: {@link TrashManager.Builder#build()} refuses a hidden type
     * that another type names as its parent.
     *
     * @return this type, hidden with its parent
     * @throws InvalidArgumentException if this type has no parent type or is nested in itself
     */
    public ResourceType hiddenWithParent() {
        return new ResourceType(name, parent, slugScope, retention, true);
    }
}

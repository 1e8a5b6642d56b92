package dev.trash.memory;

import dev.trash.ConflictException;
import dev.trash.InvalidArgumentException;
import dev.trash.NotFoundException;
import dev.trash.ResourceRef;
import dev.trash.SlugScope;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.internal.Check;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import dev.trash.spi.Marked;
import dev.trash.spi.ResourceState;
import dev.trash.spi.SlugTakenException;
import dev.trash.spi.TypeLink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The host's resources, in memory: what a host's unit tests (and the library's) fill with
 * projects, models, datasets and images, and what the manager marks, unmarks and purges. Besides
 * the {@link HostResources} port it offers the host side: {@link #add}, {@link #activeResources},
 * {@link #contains}. Slug uniqueness among active resources is enforced for the types declared
 * with {@link #uniqueSlugs}, as a database's unique index would. Takes part in the
 * {@link InMemoryTrash} transaction. Thread-safe.
 */
public final class InMemoryResources implements HostResources {
    private record Row(HostResource resource, TrashItemId mark) {
        boolean active() {
            return mark == null;
        }

        Row withMark(TrashItemId item) {
            return new Row(resource, item);
        }
    }

    /** A uniqueness scope of a type's slugs: {@code scope} is the workspace id or the parent ref. */
    private record SlugScopeKey(String type, Object scope) {
    }

    private final MemoryDb db;
    private final Map<ResourceRef, Row> rows = new HashMap<>();
    private final Map<ResourceRef, Set<ResourceRef>> children = new HashMap<>();
    private final Map<TrashItemId, Map<String, Set<ResourceRef>>> marked = new HashMap<>();
    /** Active slugs per scope, counted (a scope without a uniqueness constraint may repeat a slug). */
    private final Map<SlugScopeKey, TreeMap<String, Integer>> activeSlugs = new HashMap<>();
    private final Map<String, SlugScope> unique = new HashMap<>();

    InMemoryResources(MemoryDb db) {
        this.db = db;
    }

    /**
     * Declares that active resources of {@code type} have unique slugs in {@code scope}: from now
     * on {@link #add} refuses a duplicate, and bringing one back from the Trash onto a taken slug
     * throws {@link SlugTakenException} (like a partial unique index on a table).
     *
     * @return this registry
     */
    public InMemoryResources uniqueSlugs(String type, SlugScope scope) {
        Check.text(type, "type");
        Check.notNull(scope, "scope");
        db.atomically(() -> unique.put(type, scope));
        return this;
    }

    /**
     * Adds an active resource, as the host's create would.
     *
     * @throws ConflictException if it exists already, or its slug is taken in its scope
     * @throws NotFoundException if its parent does not exist in its workspace
     * @throws InvalidArgumentException if its parent is in the Trash
     */
    public InMemoryResources add(HostResource resource) {
        Check.notNull(resource, "resource");
        db.atomically(() -> {
            if (rows.containsKey(resource.ref())) {
                throw new ConflictException(resource.ref() + " exists already");
            }
            resource.parent().ifPresent(parent -> {
                Row row = rows.get(parent);
                if (row == null || !row.resource().workspace().equals(resource.workspace())) {
                    throw new NotFoundException("parent " + parent + " of " + resource.ref()
                            + " does not exist in workspace " + resource.workspace());
                }
                if (!row.active()) {
                    throw new InvalidArgumentException("parent " + parent + " of " + resource.ref() + " is in the trash");
                }
            });
            Row row = new Row(resource, null);
            requireFreeSlug(row);
            put(null, row);
            return null;
        });
        return this;
    }

    /** Adds every resource, in order (parents first). */
    public InMemoryResources addAll(Collection<HostResource> resources) {
        Check.notNull(resources, "resources");
        db.atomically(() -> {
            resources.forEach(this::add);
            return null;
        });
        return this;
    }

    /** @return whether the resource exists (active or in the Trash) */
    public boolean contains(ResourceRef ref) {
        Check.notNull(ref, "ref");
        return db.atomically(() -> rows.containsKey(ref));
    }

    /** @return the active resources of {@code type} in {@code workspace}, by id: the host's normal view (SPEC R1) */
    public List<HostResource> activeResources(WorkspaceId workspace, String type) {
        Check.notNull(workspace, "workspace");
        Check.text(type, "type");
        return db.atomically(() -> rows.values().stream()
                .filter(r -> r.active() && r.resource().ref().type().equals(type)
                        && r.resource().workspace().equals(workspace))
                .map(Row::resource)
                .sorted(Comparator.comparing(r -> r.ref().id()))
                .toList());
    }

    /** @return how many resources exist, active or in the Trash */
    public int size() {
        return db.atomically(rows::size);
    }

    // ---- the HostResources port ----

    @Override
    public Optional<ResourceState> find(ResourceRef ref) {
        return db.atomically(() -> Optional.ofNullable(rows.get(ref))
                .map(r -> new ResourceState(r.resource(), Optional.ofNullable(r.mark()))));
    }

    /** The same as {@link #find}: a transaction of the in-memory backend already excludes all others. */
    @Override
    public Optional<ResourceState> findForShare(ResourceRef ref) {
        return find(ref);
    }

    @Override
    public boolean mark(ResourceRef ref, TrashItemId item) {
        return db.atomically(() -> {
            Row row = rows.get(ref);
            if (row == null || !row.active()) {
                return false;
            }
            put(row, row.withMark(item));
            return true;
        });
    }

    @Override
    public Marked markChildren(TypeLink link, TrashItemId item) {
        return db.atomically(() -> {
            long count = 0;
            long bytes = 0;
            for (ResourceRef parent : markedRefs(item, link.parentType())) {
                for (ResourceRef child : children.getOrDefault(parent, Set.of()).toArray(ResourceRef[]::new)) {
                    Row row = rows.get(child);
                    if (child.type().equals(link.childType()) && row.active()) {
                        put(row, row.withMark(item));
                        count++;
                        bytes += row.resource().sizeBytes();
                    }
                }
            }
            return new Marked(count, bytes);
        });
    }

    @Override
    public long unmark(String type, TrashItemId item) {
        return db.atomically(() -> {
            long count = 0;
            for (ResourceRef ref : markedRefs(item, type)) {
                Row row = rows.get(ref);
                Row back = row.withMark(null);
                if (slugTaken(back)) {
                    throw new SlugTakenException("slug '" + back.resource().slug().orElseThrow() + "' of " + ref
                            + " is taken", null);
                }
                put(row, back);
                count++;
            }
            return count;
        });
    }

    @Override
    public Set<String> slugsInUse(String type, WorkspaceId workspace, Optional<ResourceRef> parent, String base) {
        return db.atomically(() -> {
            TreeMap<String, Integer> slugs = activeSlugs.get(
                    new SlugScopeKey(type, parent.isPresent() ? parent.get() : workspace));
            Set<String> taken = new TreeSet<>();
            if (slugs != null) {
                if (slugs.containsKey(base)) {
                    taken.add(base);
                }
                String prefix = base + "-";
                taken.addAll(slugs.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet());
            }
            return taken;
        });
    }

    @Override
    public void changeSlug(ResourceRef ref, String slug) {
        Check.text(slug, "slug");
        db.atomically(() -> {
            Row row = rows.get(ref);
            if (row == null) {
                throw new NotFoundException(ref + " does not exist");
            }
            Row renamed = new Row(row.resource().withSlug(slug), row.mark());
            if (renamed.active()) {
                requireFreeSlug(renamed);
            }
            put(row, renamed);
            return null;
        });
    }

    @Override
    public Map<TrashItemId, TrashItemId> nestedItems(TypeLink link, Collection<TrashItemId> items) {
        return db.atomically(() -> {
            Set<TrashItemId> given = new HashSet<>(items);
            Map<TrashItemId, TrashItemId> nested = new LinkedHashMap<>();
            for (TrashItemId item : given) {
                for (ResourceRef parent : markedRefs(item, link.parentType())) {
                    for (ResourceRef child : children.getOrDefault(parent, Set.of())) {
                        TrashItemId mark = rows.get(child).mark();
                        if (child.type().equals(link.childType()) && mark != null && !mark.equals(item)) {
                            nested.put(mark, item);
                        }
                    }
                }
            }
            return nested;
        });
    }

    @Override
    public long purge(String type, Collection<TrashItemId> items) {
        return db.atomically(() -> {
            long count = 0;
            for (TrashItemId item : new HashSet<>(items)) {
                for (ResourceRef ref : markedRefs(item, type)) {
                    if (!children.getOrDefault(ref, Set.of()).isEmpty()) {
                        throw new IllegalStateException("cannot purge " + ref + ": it still has children "
                                + children.get(ref) + " (purge children's types first)");
                    }
                    put(rows.get(ref), null);
                    count++;
                }
            }
            return count;
        });
    }

    @Override
    public List<ResourceRef> marked(String type, TrashItemId item) {
        return db.atomically(() -> markedRefs(item, type));
    }

    // ---- internals, all called under the lock ----

    private List<ResourceRef> markedRefs(TrashItemId item, String type) {
        return new ArrayList<>(marked.getOrDefault(item, Map.of()).getOrDefault(type, Set.of()));
    }

    /** The scopes of an active row's slug: its workspace, and its parent if it has one. */
    private static List<SlugScopeKey> slugScopes(HostResource r) {
        SlugScopeKey inWorkspace = new SlugScopeKey(r.ref().type(), r.workspace());
        return r.parent().isEmpty() ? List.of(inWorkspace)
                : List.of(inWorkspace, new SlugScopeKey(r.ref().type(), r.parent().get()));
    }

    /** Whether {@code row}, active, would share its slug with another active row while the type's slugs are unique. */
    private boolean slugTaken(Row row) {
        HostResource r = row.resource();
        SlugScope scope = unique.get(r.ref().type());
        if (scope == null || r.slug().isEmpty() || (scope == SlugScope.PARENT && r.parent().isEmpty())) {
            return false;
        }
        Object where = scope == SlugScope.PARENT ? r.parent().get() : r.workspace();
        TreeMap<String, Integer> slugs = activeSlugs.get(new SlugScopeKey(r.ref().type(), where));
        return slugs != null && slugs.containsKey(r.slug().get());
    }

    private void requireFreeSlug(Row row) {
        if (slugTaken(row)) {
            throw new ConflictException("slug '" + row.resource().slug().orElseThrow() + "' of type "
                    + row.resource().ref().type() + " is taken; choose another slug");
        }
    }

    /** Replaces {@code old} by {@code now} (either may be null) in every index, undone on rollback. */
    private void put(Row old, Row now) {
        unindex(old);
        index(now);
        db.onRollback(() -> {
            unindex(now);
            index(old);
        });
    }

    private void index(Row row) {
        if (row == null) {
            return;
        }
        HostResource r = row.resource();
        rows.put(r.ref(), row);
        r.parent().ifPresent(p -> children.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(r.ref()));
        if (row.active() && r.slug().isPresent()) {
            slugScopes(r).forEach(k -> activeSlugs.computeIfAbsent(k, key -> new TreeMap<>())
                    .merge(r.slug().get(), 1, Integer::sum));
        } else if (!row.active()) {
            marked.computeIfAbsent(row.mark(), k -> new HashMap<>())
                    .computeIfAbsent(r.ref().type(), k -> new LinkedHashSet<>()).add(r.ref());
        }
    }

    private void unindex(Row row) {
        if (row == null) {
            return;
        }
        HostResource r = row.resource();
        rows.remove(r.ref());
        r.parent().ifPresent(p -> {
            Set<ResourceRef> siblings = children.get(p);
            siblings.remove(r.ref());
            if (siblings.isEmpty()) {
                children.remove(p);
            }
        });
        if (row.active() && r.slug().isPresent()) {
            for (SlugScopeKey k : slugScopes(r)) {
                TreeMap<String, Integer> slugs = activeSlugs.get(k);
                slugs.computeIfPresent(r.slug().get(), (slug, n) -> n == 1 ? null : n - 1);
                if (slugs.isEmpty()) {
                    activeSlugs.remove(k);
                }
            }
        } else if (!row.active()) {
            Map<String, Set<ResourceRef>> byType = marked.get(row.mark());
            Set<ResourceRef> refs = byType.get(r.ref().type());
            refs.remove(r.ref());
            if (refs.isEmpty()) {
                byType.remove(r.ref().type());
                if (byType.isEmpty()) {
                    marked.remove(row.mark());
                }
            }
        }
    }
}

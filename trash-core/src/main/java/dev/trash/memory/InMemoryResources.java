package dev.trash.memory;

import dev.trash.ConflictException;
import dev.trash.InvalidArgumentException;
import dev.trash.NotFoundException;
import dev.trash.ResourceRef;
import dev.trash.ResourceType;
import dev.trash.SlugScope;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import dev.trash.internal.Check;
import dev.trash.spi.HostResource;
import dev.trash.spi.HostResources;
import dev.trash.spi.ItemTree;
import dev.trash.spi.Marked;
import dev.trash.spi.ResourceState;
import dev.trash.spi.SlugTakenException;
import dev.trash.spi.TypeLink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
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
 * projects, models, datasets and images, and what the manager marks, unmarks and purges through
 * the {@link HostResources} port. Besides the port it offers the host side: {@link #add},
 * {@link #addAll}, {@link #activeResources}, {@link #contains}, {@link #size}.
 *
 * <p>It holds only the types of its {@link InMemoryTrash}, each with the parent type that type
 * describes. Slugs of a type described with {@link ResourceType#slugUniqueIn} are unique among
 * the active resources of their scope, as a database's partial unique index makes them: a
 * duplicate is refused by {@link #add}, and bringing one back from the Trash onto a taken slug
 * throws {@link SlugTakenException}. A blank slug never takes part in uniqueness; a slug longer
 * than the library's limits is stored as given; rows with either can be deleted and restored.
 *
 * <p>Every port method works inside the workspace it names: a resource of another workspace is
 * treated as missing, and a cascade never marks a child whose workspace differs from the one given,
 * even if its parent is marked. Such host data (a child whose parent belongs to another workspace)
 * is accepted by {@link #add}, as a database's foreign key would accept it, so that tests can
 * show it is never cascaded; like a foreign key, it keeps its parent from being purged.
 *
 * <p>The rows of a type {@linkplain ResourceType#hiddenWithParent() hidden with its parent} (SPEC
 * R42) are not marked by a cascade: {@link #activeResources} leaves out those whose parent is in
 * the Trash, as the host's queries do with trash-jdbi's predicate.
 *
 * <p>Takes part in the {@link InMemoryTrash} transaction: every change is undone if the
 * transaction fails. Thread-safe.
 */
public final class InMemoryResources implements HostResources {
    /** A resource and the item marking it (null while it is active). */
    private record Row(HostResource resource, TrashItemId mark) {
        boolean active() {
            return mark == null;
        }

        WorkspaceId workspace() {
            return resource.workspace();
        }

        Row withMark(TrashItemId item) {
            return new Row(resource, item);
        }
    }

    /** The children of one type of one parent. */
    private record ChildKey(ResourceRef parent, String type) {
    }

    /** A uniqueness scope of a type's slugs: the workspace, and the parent for {@link SlugScope#PARENT} (else null). */
    private record SlugKey(String type, WorkspaceId workspace, ResourceRef parent) {
    }

    private final MemoryDb db;
    private final Map<String, ResourceType> types = new LinkedHashMap<>();
    private final Map<String, List<String>> childTypes = new HashMap<>();
    /** Every resource and its mark, by ref (see {@link RowTable}). */
    private final RowTable rows = new RowTable();
    private final RefGroups<ChildKey> children = new RefGroups<>();
    /** The resources marked with each item, of every type (a group per item, not per item and type). */
    private final RefGroups<TrashItemId> marked = new RefGroups<>();
    /** Active, non-blank slugs of the types with a slug scope, per scope, counted. */
    private final Map<SlugKey, TreeMap<String, Integer>> activeSlugs = new HashMap<>();

    InMemoryResources(MemoryDb db, List<ResourceType> types) {
        this.db = db;
        for (ResourceType type : types) {
            this.types.put(type.name(), type);
            childTypes.computeIfAbsent(type.name(), t -> new ArrayList<>());
            type.parent().ifPresent(p -> childTypes.computeIfAbsent(p, t -> new ArrayList<>()).add(type.name()));
        }
    }

    // ---- the host side ----

    /**
     * Adds an active resource, as the host's create would. Its parent, if it has one, must exist
     * and be active; it may belong to another workspace (see the class comment).
     *
     * @param resource the resource to add
     * @return this registry
     * @throws InvalidArgumentException if its type is not one of the backend's, it has a parent
     *     although its type has none, or its parent is not of its type's parent type
     * @throws ConflictException if it exists already, its parent is in the Trash, or its slug is
     *     taken among the active resources of its scope
     * @throws NotFoundException if its parent does not exist
     */
    public InMemoryResources add(HostResource resource) {
        Check.notNull(resource, "resource");
        ResourceRef ref = resource.ref();
        ResourceType type = types.get(ref.type());
        if (type == null) {
            throw new InvalidArgumentException("type '" + ref.type() + "' of " + ref + " is not one of the backend's types "
                    + types.keySet() + "; describe it in InMemoryTrash.create(...)");
        }
        resource.parent().ifPresent(parent -> {
            if (type.parent().isEmpty()) {
                throw new InvalidArgumentException(ref + " cannot have a parent (" + parent + "): type '" + ref.type()
                        + "' has no parent type");
            }
            if (!type.parent().get().equals(parent.type())) {
                throw new InvalidArgumentException("the parent of " + ref + " must be a " + type.parent().get()
                        + ", was " + parent);
            }
        });
        db.atomically(() -> {
            if (rows.containsKey(ref)) {
                throw new ConflictException(ref + " exists already");
            }
            resource.parent().ifPresent(parent -> {
                Row row = rows.get(parent);
                if (row == null) {
                    throw new NotFoundException("parent " + parent + " of " + ref + " does not exist");
                }
                if (!row.active()) {
                    throw new ConflictException("parent " + parent + " of " + ref + " is in the trash");
                }
            });
            Row row = new Row(withOwnParent(resource), null);
            if (slugTaken(row)) {
                throw new ConflictException("slug '" + resource.slug().orElseThrow() + "' of type " + ref.type()
                        + " is taken; choose another slug");
            }
            put(null, row);
            return null;
        });
        return this;
    }

    /**
     * Adds every resource, in order (parents first), all or none: if one is refused, none is added.
     *
     * @param resources the resources to add, parents before their children
     * @return this registry
     * @throws InvalidArgumentException as {@link #add} does
     * @throws ConflictException as {@link #add} does
     * @throws NotFoundException as {@link #add} does
     */
    public InMemoryResources addAll(Collection<HostResource> resources) {
        Check.notNull(resources, "resources");
        db.atomically(() -> {
            resources.forEach(this::add);
            return null;
        });
        return this;
    }

    /**
     * @param ref the resource
     * @return whether the resource exists, active or in the Trash, in any workspace
     */
    public boolean contains(ResourceRef ref) {
        Check.notNull(ref, "ref");
        return db.atomically(() -> rows.containsKey(ref));
    }

    /**
     * @param workspace the workspace
     * @param type the type
     * @return the active resources of {@code type} in {@code workspace}, by id: the host's normal
     *     view (SPEC R1; for a type hidden with its parent, SPEC R42, without the rows whose parent
     *     is in the Trash); empty for a type the backend does not hold
     */
    public List<HostResource> activeResources(WorkspaceId workspace, String type) {
        Check.notNull(workspace, "workspace");
        Check.text(type, "type");
        boolean hidden = Optional.ofNullable(types.get(type)).map(ResourceType::hidden).orElse(false);
        return db.atomically(() -> rows.all().stream()
                .filter(r -> r.active() && r.resource().ref().type().equals(type) && r.workspace().equals(workspace))
                .filter(r -> !hidden || r.resource().parent().map(rows::get).map(Row::active).orElse(true))
                .map(Row::resource)
                .sorted(Comparator.comparing(r -> r.ref().id()))
                .toList());
    }

    /** {@return how many resources exist, active or in the Trash, in every workspace} */
    public int size() {
        return db.atomically(rows::size);
    }

    // ---- the HostResources port ----

    /** {@return the resource and its mark; empty if it does not exist in {@code workspace}} */
    @Override
    public Optional<ResourceState> find(WorkspaceId workspace, ResourceRef ref) {
        Check.notNull(workspace, "workspace");
        Check.notNull(ref, "ref");
        return db.atomically(() -> Optional.ofNullable(row(workspace, ref))
                .map(r -> new ResourceState(r.resource(), Optional.ofNullable(r.mark()))));
    }

    /**
     * The same as {@link #find}: a transaction of the in-memory backend already excludes every
     * other, so what it reads stays as it is until it ends.
     *
     * @return the resource and its mark; empty if it does not exist in {@code workspace}
     */
    @Override
    public Optional<ResourceState> findForShare(WorkspaceId workspace, ResourceRef ref) {
        return find(workspace, ref);
    }

    /** {@return whether the resource existed in {@code workspace}, was active and is now marked with {@code item}} */
    @Override
    public boolean mark(WorkspaceId workspace, ResourceRef ref, TrashItemId item) {
        Check.notNull(workspace, "workspace");
        Check.notNull(ref, "ref");
        Check.notNull(item, "item");
        return db.atomically(() -> {
            Row row = row(workspace, ref);
            if (row == null || !row.active()) {
                return false;
            }
            put(row, row.withMark(item));
            return true;
        });
    }

    /**
     * Marks the active children of {@code link.childType()} in {@code workspace} of every parent
     * of {@code link.parentType()} in {@code workspace} marked with the tree's item. A child of
     * another workspace is never marked, whatever its parent. Children of a type hidden with its
     * parent (SPEC R42) are only counted.
     *
     * @return how many resources were marked (or are hidden) and their bytes
     */
    @Override
    public Marked markChildren(WorkspaceId workspace, TypeLink link, ItemTree tree) {
        Check.notNull(workspace, "workspace");
        Check.notNull(link, "link");
        Check.notNull(tree, "tree");
        TrashItemId item = tree.item();
        if (hidden(link.childType())) {
            return measure(workspace, link.childType(), tree);
        }
        return db.atomically(() -> {
            long count = 0;
            long bytes = 0;
            // A nested link (SPEC R37) goes on from the children it marked, down to every depth.
            List<ResourceRef> parents = markedRefs(workspace, item, link.parentType());
            while (!parents.isEmpty()) {
                List<ResourceRef> marked = new ArrayList<>();
                for (ResourceRef parent : parents) {
                    for (ResourceRef child : children.get(new ChildKey(parent, link.childType()))) {
                        Row row = rows.get(child);
                        if (row.active() && row.workspace().equals(workspace)) {
                            put(row, row.withMark(item));
                            count++;
                            bytes += row.resource().sizeBytes();
                            marked.add(child);
                        }
                    }
                }
                parents = link.nested() ? marked : List.of();
            }
            return new Marked(count, bytes);
        });
    }

    /**
     * Clears the mark {@code item} of every resource of {@code type} in {@code workspace}.
     *
     * @return how many resources became active again
     * @throws SlugTakenException if one would share its slug with an active resource of its scope;
     *     then nothing of this call is changed
     */
    @Override
    public long unmark(WorkspaceId workspace, String type, ItemTree tree) {
        Check.notNull(workspace, "workspace");
        Check.notNull(type, "type");
        Check.notNull(tree, "tree");
        TrashItemId item = tree.item();
        return db.atomically(() -> {
            long count = 0;
            for (ResourceRef ref : markedRefs(workspace, item, type)) {
                Row row = rows.get(ref);
                Row back = row.withMark(null);
                if (slugTaken(back)) {
                    throw new SlugTakenException("slug '" + back.resource().slug().orElseThrow() + "' of " + ref
                            + " is taken by an active " + type + " of its scope", null);
                }
                put(row, back);
                count++;
            }
            return count;
        });
    }

    /**
     * {@return the slugs of active resources of {@code type} in the scope ({@code parent}'s
     * children of the workspace, or the workspace if {@code parent} is empty) that are
     * {@code base} or start with {@code base + "-"}; only types with a slug scope have any}
     */
    @Override
    public Set<String> slugsInUse(WorkspaceId workspace, String type, Optional<ResourceRef> parent, String base) {
        Check.notNull(workspace, "workspace");
        Check.notNull(type, "type");
        Check.notNull(parent, "parent");
        Check.notNull(base, "base");
        return db.atomically(() -> {
            Set<String> taken = new TreeSet<>();
            TreeMap<String, Integer> slugs = activeSlugs.get(new SlugKey(type, workspace, parent.orElse(null)));
            if (slugs == null || Check.blank(base)) {
                return taken;
            }
            if (slugs.containsKey(base)) {
                taken.add(base);
            }
            String prefix = base + "-";
            for (String slug : slugs.tailMap(prefix, true).keySet()) {
                if (!slug.startsWith(prefix)) {
                    break;
                }
                taken.add(slug);
            }
            return taken;
        });
    }

    /**
     * Changes the slug of a resource of the workspace (restore renames a trashed root this way).
     *
     * @throws NotFoundException if the resource does not exist in {@code workspace}
     * @throws ConflictException if the resource is active and the slug is taken in its scope
     * @throws InvalidArgumentException if {@code slug} is blank, too long or not valid text
     */
    @Override
    public void changeSlug(WorkspaceId workspace, ResourceRef ref, String slug) {
        Check.notNull(workspace, "workspace");
        Check.notNull(ref, "ref");
        Check.text(slug, "slug");
        db.atomically(() -> {
            Row row = row(workspace, ref);
            if (row == null) {
                throw new NotFoundException(ref + " does not exist in workspace " + workspace);
            }
            Row renamed = new Row(row.resource().withSlug(slug), row.mark());
            if (renamed.active() && !row.resource().slug().equals(renamed.resource().slug()) && slugTaken(renamed)) {
                throw new ConflictException("slug '" + slug + "' of type " + ref.type() + " is taken; choose another slug");
            }
            put(row, renamed);
            return null;
        });
    }

    /**
     * {@return for each child of {@code link.childType()} in {@code workspace} whose parent (in
     * {@code workspace}) is marked with the item of one of {@code trees} and that is marked with
     * another item, that item and the tree's}
     */
    @Override
    public Map<TrashItemId, TrashItemId> nestedItems(WorkspaceId workspace, TypeLink link, Collection<ItemTree> trees) {
        Check.notNull(workspace, "workspace");
        Check.notNull(link, "link");
        Check.notNull(trees, "trees");
        return db.atomically(() -> {
            Map<TrashItemId, TrashItemId> nested = new LinkedHashMap<>();
            for (TrashItemId item : items(trees)) {
                for (ResourceRef parent : markedRefs(workspace, item, link.parentType())) {
                    for (ResourceRef child : children.get(new ChildKey(parent, link.childType()))) {
                        Row row = rows.get(child);
                        if (!row.active() && !row.mark().equals(item) && row.workspace().equals(workspace)) {
                            nested.put(row.mark(), item);
                        }
                    }
                }
            }
            return nested;
        });
    }

    /**
     * Deletes for good every resource of {@code type} in {@code workspace} marked with the item of
     * one of {@code trees}; for a type hidden with its parent (SPEC R42), every resource of the
     * workspace whose parent is marked so.
     *
     * @return how many were deleted
     * @throws IllegalStateException if one of them still has children (of any workspace), as a
     *     foreign key would refuse: children's types must be purged first
     */
    @Override
    public long purge(WorkspaceId workspace, String type, Collection<ItemTree> trees) {
        Check.notNull(workspace, "workspace");
        Check.notNull(type, "type");
        Check.notNull(trees, "trees");
        return db.atomically(() -> {
            Set<ResourceRef> doomed = new LinkedHashSet<>();
            for (TrashItemId item : items(trees)) {
                if (hidden(type) && !type.equals(rootType(trees, item))) {
                    for (ResourceRef parent : markedRefs(workspace, item, types.get(type).parent().orElseThrow())) {
                        for (ResourceRef child : children.get(new ChildKey(parent, type))) {
                            if (rows.get(child).workspace().equals(workspace)) {
                                doomed.add(child);
                            }
                        }
                    }
                } else {
                    doomed.addAll(markedRefs(workspace, item, type));
                }
            }
            // Children first: a nested type's rows of one call are parents and children of each other (SPEC R37).
            long count = 0;
            while (!doomed.isEmpty()) {
                List<ResourceRef> leaves = new ArrayList<>();
                for (ResourceRef ref : doomed) {
                    boolean waits = false;
                    for (String childType : childTypes.getOrDefault(type, List.of())) {
                        for (ResourceRef child : children.get(new ChildKey(ref, childType))) {
                            if (childType.equals(type) && doomed.contains(child)) {
                                waits = true; // a nested child purged by this call: it goes first
                            } else {
                                throw new IllegalStateException("cannot purge " + ref + ": it still has child " + child
                                        + " (purge the children's types first; a child of another workspace is the"
                                        + " host's to move or delete)");
                            }
                        }
                    }
                    if (!waits) {
                        leaves.add(ref);
                    }
                }
                if (leaves.isEmpty()) {
                    throw new IllegalStateException("cannot purge " + doomed + ": their parent links form a cycle");
                }
                for (ResourceRef leaf : leaves) {
                    put(rows.get(leaf), null);
                    doomed.remove(leaf);
                    count++;
                }
            }
            return count;
        });
    }

    /**
     * {@return how many resources of {@code type} in {@code workspace} are marked with the tree's
     * item (or, hidden with their parent, SPEC R42, are active under a parent marked so), and their bytes}
     */
    @Override
    public Marked measure(WorkspaceId workspace, String type, ItemTree tree) {
        Check.notNull(workspace, "workspace");
        Check.notNull(type, "type");
        Check.notNull(tree, "tree");
        return db.atomically(() -> {
            long count = 0;
            long bytes = 0;
            for (ResourceRef ref : treeRefs(workspace, tree, type)) {
                count++;
                bytes += rows.get(ref).resource().sizeBytes();
            }
            return new Marked(count, bytes);
        });
    }

    /**
     * Moves a resource of the workspace under {@code parent} (restore elsewhere, SPEC R34).
     *
     * @throws NotFoundException if the resource or {@code parent} does not exist in {@code workspace}
     * @throws InvalidArgumentException if {@code parent} is not of the resource's parent type
     */
    @Override
    public void moveTo(WorkspaceId workspace, ResourceRef ref, ResourceRef parent) {
        Check.notNull(workspace, "workspace");
        Check.notNull(ref, "ref");
        Check.notNull(parent, "parent");
        db.atomically(() -> {
            Row row = row(workspace, ref);
            if (row == null) {
                throw new NotFoundException(ref + " does not exist in workspace " + workspace);
            }
            if (row(workspace, parent) == null) {
                throw new NotFoundException(parent + " does not exist in workspace " + workspace);
            }
            ResourceType type = types.get(ref.type());
            if (type.parent().isEmpty() || !type.parent().get().equals(parent.type())) {
                throw new InvalidArgumentException("a " + ref.type() + " cannot be moved under " + parent
                        + ": its parent type is " + type.parent().orElse("none"));
            }
            HostResource r = row.resource();
            put(row, new Row(new HostResource(ref, r.workspace(), Optional.of(parent), r.name(), r.slug(), r.sizeBytes()),
                    row.mark()));
            return null;
        });
    }

    /**
     * {@return the resources of {@code type} in {@code workspace} marked with the tree's item (or,
     * hidden with their parent, SPEC R42, active under a parent marked so)}
     */
    @Override
    public List<ResourceRef> marked(WorkspaceId workspace, String type, ItemTree tree) {
        Check.notNull(workspace, "workspace");
        Check.notNull(type, "type");
        Check.notNull(tree, "tree");
        return db.atomically(() -> treeRefs(workspace, tree, type));
    }

    // ---- internals, all called under the lock ----

    /** The row of {@code ref} if it belongs to {@code workspace}; else null (another workspace's is missing). */
    private Row row(WorkspaceId workspace, ResourceRef ref) {
        Row row = rows.get(ref);
        return row != null && row.workspace().equals(workspace) ? row : null;
    }

    private boolean hidden(String type) {
        ResourceType t = types.get(type);
        return t != null && t.hidden();
    }

    private static String rootType(Collection<ItemTree> trees, TrashItemId item) {
        return trees.stream().filter(t -> t.item().equals(item)).findFirst().orElseThrow().root().type();
    }

    private static Set<TrashItemId> items(Collection<ItemTree> trees) {
        Set<TrashItemId> items = new LinkedHashSet<>();
        trees.forEach(t -> items.add(Check.notNull(t, "tree").item()));
        return items;
    }

    /**
     * The resources of {@code type} in {@code workspace} that belong to the tree: marked with its
     * item, or for a type hidden with its parent (SPEC R42) active under a parent marked so; a copy.
     */
    private List<ResourceRef> treeRefs(WorkspaceId workspace, ItemTree tree, String type) {
        if (!hidden(type) || tree.root().type().equals(type)) {
            return markedRefs(workspace, tree.item(), type);
        }
        List<ResourceRef> refs = new ArrayList<>();
        for (ResourceRef parent : markedRefs(workspace, tree.item(), types.get(type).parent().orElseThrow())) {
            for (ResourceRef child : children.get(new ChildKey(parent, type))) {
                Row row = rows.get(child);
                if (row.active() && row.workspace().equals(workspace)) {
                    refs.add(child);
                }
            }
        }
        refs.sort(Comparator.comparing(ResourceRef::id));
        return refs;
    }

    /** The resources of {@code type} in {@code workspace} marked with {@code item}, as a copy. */
    private List<ResourceRef> markedRefs(WorkspaceId workspace, TrashItemId item, String type) {
        List<ResourceRef> refs = marked.get(item);
        refs.removeIf(ref -> !ref.type().equals(type) || !rows.workspace(ref).equals(workspace));
        return refs;
    }

    /**
     * {@code resource}, with its parent ref replaced by the parent row's own instance of it (equal,
     * and held already), so that the registry does not keep the caller's copy of the parent's ref.
     */
    private HostResource withOwnParent(HostResource resource) {
        if (resource.parent().isEmpty()) {
            return resource;
        }
        ResourceRef parent = rows.ref(resource.parent().get());
        return parent == null || parent == resource.parent().get() ? resource : new HostResource(resource.ref(),
                resource.workspace(), Optional.of(parent), resource.name(), resource.slug(), resource.sizeBytes());
    }

    /** The uniqueness scope of {@code r}'s slug, or null if it takes part in none (no scope, no or blank slug). */
    private SlugKey slugKey(HostResource r) {
        ResourceType type = types.get(r.ref().type());
        if (type == null || type.slugScope().isEmpty() || r.slug().isEmpty() || Check.blank(r.slug().get())) {
            return null;
        }
        if (type.slugScope().get() == SlugScope.WORKSPACE) {
            return new SlugKey(type.name(), r.workspace(), null);
        }
        return r.parent().map(p -> new SlugKey(type.name(), r.workspace(), p)).orElse(null);
    }

    /** Whether {@code row}, active, would share its slug with another active row of its scope. */
    private boolean slugTaken(Row row) {
        SlugKey key = slugKey(row.resource());
        if (key == null) {
            return false;
        }
        TreeMap<String, Integer> slugs = activeSlugs.get(key);
        return slugs != null && slugs.containsKey(row.resource().slug().get());
    }

    /** Replaces {@code old} by {@code now} (either may be null, both are of one resource) in every index, undone on rollback. */
    private void put(Row old, Row now) {
        apply(old, now);
        db.onRollback(() -> apply(now, old));
    }

    private void apply(Row old, Row now) {
        if (old != null) {
            unindex(old);
        }
        if (now != null) {
            index(now);
        }
        HostResource r = (now != null ? now : old).resource();
        if (old == null) {
            r.parent().ifPresent(p -> children.add(new ChildKey(p, r.ref().type()), r.ref()));
        } else if (now == null) {
            r.parent().ifPresent(p -> children.remove(new ChildKey(p, r.ref().type()), r.ref()));
        } else if (!old.resource().parent().equals(now.resource().parent())) { // moved (restore elsewhere)
            old.resource().parent().ifPresent(p -> children.remove(new ChildKey(p, r.ref().type()), r.ref()));
            now.resource().parent().ifPresent(p -> children.add(new ChildKey(p, r.ref().type()), r.ref()));
        }
    }

    /** Indexes the row itself, its mark and its active slug (the parent link is kept by {@link #apply}). */
    private void index(Row row) {
        HostResource r = row.resource();
        rows.put(r.ref(), row);
        if (!row.active()) {
            marked.add(row.mark(), r.ref());
            return;
        }
        SlugKey key = slugKey(r);
        if (key != null) {
            activeSlugs.computeIfAbsent(key, k -> new TreeMap<>()).merge(r.slug().get(), 1, Integer::sum);
        }
    }

    private void unindex(Row row) {
        HostResource r = row.resource();
        rows.remove(r.ref());
        if (!row.active()) {
            marked.remove(row.mark(), r.ref());
            return;
        }
        SlugKey key = slugKey(r);
        if (key != null) {
            TreeMap<String, Integer> slugs = activeSlugs.get(key);
            slugs.computeIfPresent(r.slug().get(), (slug, n) -> n == 1 ? null : n - 1);
            if (slugs.isEmpty()) {
                activeSlugs.remove(key);
            }
        }
    }

    /**
     * Every resource and its mark, by ref: an open-addressing hash table (linear probing) of two
     * parallel arrays, the resource and the item marking it (null while active), so that a resource
     * costs two references here instead of a {@code HashMap} node and a row object; {@link #get}
     * makes the row. Not thread-safe: used under the backend's lock.
     */
    private static final class RowTable {
        private HostResource[] resources = new HostResource[16];
        private TrashItemId[] marks = new TrashItemId[16];
        private int size;

        int size() {
            return size;
        }

        /** @return the row of {@code ref}, or null */
        Row get(ResourceRef ref) {
            int i = find(ref);
            return resources[i] == null ? null : new Row(resources[i], marks[i]);
        }

        boolean containsKey(ResourceRef ref) {
            return resources[find(ref)] != null;
        }

        /** @return the table's own instance of {@code ref}, or null if it holds no such resource */
        ResourceRef ref(ResourceRef ref) {
            HostResource r = resources[find(ref)];
            return r == null ? null : r.ref();
        }

        /** @return the workspace of {@code ref}'s resource, which must exist */
        WorkspaceId workspace(ResourceRef ref) {
            return resources[find(ref)].workspace();
        }

        /** Puts {@code row} (of {@code ref}) in place of the row of {@code ref}, if any. */
        void put(ResourceRef ref, Row row) {
            if (10 * (size + 1) > 7 * resources.length) { // at most 70 % full
                grow();
            }
            int i = find(ref);
            if (resources[i] == null) {
                size++;
            }
            resources[i] = row.resource();
            marks[i] = row.mark();
        }

        /** Removes the row of {@code ref}, if any (backward-shift deletion: no tombstones). */
        void remove(ResourceRef ref) {
            int hole = find(ref);
            if (resources[hole] == null) {
                return;
            }
            size--;
            int mask = resources.length - 1;
            for (int j = (hole + 1) & mask; resources[j] != null; j = (j + 1) & mask) {
                int home = slot(resources[j].ref(), mask);
                if (hole <= j ? (home <= hole || home > j) : (home <= hole && home > j)) {
                    resources[hole] = resources[j];
                    marks[hole] = marks[j];
                    hole = j;
                }
            }
            resources[hole] = null;
            marks[hole] = null;
        }

        /** @return every row, in no particular order */
        List<Row> all() {
            List<Row> all = new ArrayList<>(size);
            for (int i = 0; i < resources.length; i++) {
                if (resources[i] != null) {
                    all.add(new Row(resources[i], marks[i]));
                }
            }
            return all;
        }

        /** @return the slot of {@code ref}'s resource, or the empty slot where it would go */
        private int find(ResourceRef ref) {
            int mask = resources.length - 1;
            int i = slot(ref, mask);
            while (resources[i] != null && !resources[i].ref().equals(ref)) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private void grow() {
            HostResource[] oldResources = resources;
            TrashItemId[] oldMarks = marks;
            resources = new HostResource[oldResources.length * 2];
            marks = new TrashItemId[oldResources.length * 2];
            for (int j = 0; j < oldResources.length; j++) {
                if (oldResources[j] != null) {
                    int i = find(oldResources[j].ref());
                    resources[i] = oldResources[j];
                    marks[i] = oldMarks[j];
                }
            }
        }

        private static int slot(Object key, int mask) {
            int h = key.hashCode() * 0x9E3779B9;
            return (h ^ (h >>> 16)) & mask;
        }
    }

    /**
     * Sets of resources by key, one slot per key in an open-addressing hash table (linear probing):
     * a set of one is stored as the resource itself, a few as an array, a larger one as an
     * insertion-ordered set. Not thread-safe: used under the backend's lock.
     */
    private static final class RefGroups<K> {
        /** Groups up to this size are arrays, copied on change. */
        private static final int SMALL = 8;

        private Object[] keys = new Object[16];
        private Object[] groups = new Object[16];
        private int size;

        void add(K key, ResourceRef ref) {
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            int i = find(key);
            Object group = groups[i];
            if (group == null) {
                keys[i] = key;
                groups[i] = ref;
                size++;
            } else if (group instanceof ResourceRef one) {
                if (!one.equals(ref)) {
                    groups[i] = new ResourceRef[] {one, ref};
                }
            } else if (group instanceof ResourceRef[] few) {
                for (ResourceRef r : few) {
                    if (r.equals(ref)) {
                        return;
                    }
                }
                if (few.length < SMALL) {
                    ResourceRef[] more = Arrays.copyOf(few, few.length + 1);
                    more[few.length] = ref;
                    groups[i] = more;
                } else {
                    Set<ResourceRef> set = new LinkedHashSet<>(Arrays.asList(few));
                    set.add(ref);
                    groups[i] = set;
                }
            } else {
                refs(group).add(ref);
            }
        }

        void remove(K key, ResourceRef ref) {
            int i = find(key);
            Object group = groups[i];
            if (group == null) {
                return;
            }
            if (group instanceof ResourceRef one) {
                if (one.equals(ref)) {
                    delete(i);
                }
            } else if (group instanceof ResourceRef[] few) {
                for (int k = 0; k < few.length; k++) {
                    if (few[k].equals(ref)) {
                        if (few.length == 2) {
                            groups[i] = few[1 - k];
                        } else {
                            ResourceRef[] less = new ResourceRef[few.length - 1];
                            System.arraycopy(few, 0, less, 0, k);
                            System.arraycopy(few, k + 1, less, k, few.length - k - 1);
                            groups[i] = less;
                        }
                        return;
                    }
                }
            } else {
                Set<ResourceRef> set = refs(group);
                set.remove(ref);
                if (set.isEmpty()) {
                    delete(i);
                } else if (set.size() == 1) {
                    groups[i] = set.iterator().next();
                }
            }
        }

        /** @return a modifiable copy of the group (empty if there is none) */
        List<ResourceRef> get(K key) {
            Object group = groups[find(key)];
            if (group == null) {
                return new ArrayList<>(0);
            }
            if (group instanceof ResourceRef one) {
                List<ResourceRef> list = new ArrayList<>(1);
                list.add(one);
                return list;
            }
            if (group instanceof ResourceRef[] few) {
                return new ArrayList<>(Arrays.asList(few));
            }
            return new ArrayList<>(refs(group));
        }

        /** @return the slot of {@code key}, or the empty slot where it would go */
        private int find(Object key) {
            int mask = keys.length - 1;
            int i = slot(key, mask);
            while (keys[i] != null && !keys[i].equals(key)) {
                i = (i + 1) & mask;
            }
            return i;
        }

        /** Empties slot {@code hole} (backward-shift deletion: no tombstones). */
        private void delete(int hole) {
            size--;
            int mask = keys.length - 1;
            for (int j = (hole + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
                int home = slot(keys[j], mask);
                if (hole <= j ? (home <= hole || home > j) : (home <= hole && home > j)) {
                    keys[hole] = keys[j];
                    groups[hole] = groups[j];
                    hole = j;
                }
            }
            keys[hole] = null;
            groups[hole] = null;
        }

        private void grow() {
            Object[] oldKeys = keys;
            Object[] oldGroups = groups;
            keys = new Object[oldKeys.length * 2];
            groups = new Object[oldKeys.length * 2];
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != null) {
                    int i = find(oldKeys[j]);
                    keys[i] = oldKeys[j];
                    groups[i] = oldGroups[j];
                }
            }
        }

        private static int slot(Object key, int mask) {
            int h = key.hashCode() * 0x9E3779B9;
            return (h ^ (h >>> 16)) & mask;
        }

        @SuppressWarnings("unchecked")
        private static Set<ResourceRef> refs(Object group) {
            return (Set<ResourceRef>) group;
        }
    }
}

package dev.trash.spi;

import dev.trash.ActorId;
import dev.trash.Hold;
import dev.trash.ResourceRef;
import dev.trash.Restored;
import dev.trash.TrashItem;
import dev.trash.TrashItemId;
import dev.trash.WorkspaceId;
import java.time.Instant;

/**
 * Something that happened to a Trash, told to {@link TrashListener}s after it committed: what, in
 * which workspace, by whom and when (SPEC R40), enough for an audit trail. Immutable and
 * thread-safe.
 *
 * <p>Deliberately not sealed: later versions add kinds of event, and a listener must ignore the
 * ones it does not know (an {@code instanceof} chain, or a {@code switch} with a default branch),
 * so that a new event never breaks a host's build.
 */
public interface TrashEvent {
    /** {@return the workspace the event happened in} */
    WorkspaceId workspace();

    /** {@return who did it: the host's actor, or {@link ActorId#SWEEPER} for the sweeper's purges} */
    ActorId actor();

    /** {@return when it happened, by the manager's clock} */
    Instant at();

    /**
     * A resource was moved to the Trash.
     *
     * @param item the new item (its {@code deletedBy} and {@code deletedAt} are the actor and time)
     */
    record Deleted(TrashItem item) implements TrashEvent {
        @Override
        public WorkspaceId workspace() {
            return item.workspace();
        }

        @Override
        public ActorId actor() {
            return item.deletedBy();
        }

        @Override
        public Instant at() {
            return item.deletedAt();
        }
    }

    /**
     * An item was restored.
     *
     * @param workspace the workspace
     * @param restored what came back
     * @param actor who restored it
     * @param at when
     */
    record RestoredItem(WorkspaceId workspace, Restored restored, ActorId actor, Instant at) implements TrashEvent {
    }

    /**
     * An item was purged for good.
     *
     * @param workspace the workspace
     * @param item the item
     * @param root the item's root, the resource that was deleted (its type tags metrics, SPEC R31)
     * @param bytes the bytes freed
     * @param actor who purged it: the caller of purge or Empty Trash, or {@link ActorId#SWEEPER}
     *     (also for an item whose failed purge the sweeper finished)
     * @param at when
     */
    record Purged(WorkspaceId workspace, TrashItemId item, ResourceRef root, long bytes, ActorId actor, Instant at)
            implements TrashEvent {
    }

    /**
     * A purge hook failed; the item will be retried.
     *
     * @param workspace the workspace
     * @param item the item
     * @param root the item's root, the resource that was deleted (its type tags metrics, SPEC R31)
     * @param attempt how many attempts have failed, this one included
     * @param error the failure's message
     * @param actor who was purging it
     * @param at when the attempt failed
     */
    record PurgeFailed(WorkspaceId workspace, TrashItemId item, ResourceRef root, int attempt, String error,
                       ActorId actor, Instant at) implements TrashEvent {
    }

    /**
     * Empty Trash ended (after the {@link Purged} events of its items).
     *
     * @param workspace the workspace
     * @param purged what it purged, and how many held items it kept
     * @param actor who emptied the Trash
     * @param at when it started
     */
    record Emptied(WorkspaceId workspace, dev.trash.Purged purged, ActorId actor, Instant at) implements TrashEvent {
    }

    /**
     * A hold was placed on an item (SPEC R32).
     *
     * @param workspace the workspace
     * @param item the item
     * @param root the item's root
     * @param hold the hold: its reason, who placed it and when
     */
    record Held(WorkspaceId workspace, TrashItemId item, ResourceRef root, Hold hold) implements TrashEvent {
        @Override
        public ActorId actor() {
            return hold.by();
        }

        @Override
        public Instant at() {
            return hold.at();
        }
    }

    /**
     * An item's hold was lifted (SPEC R32).
     *
     * @param workspace the workspace
     * @param item the item
     * @param root the item's root
     * @param hold the hold that was lifted
     * @param actor who lifted it
     * @param at when
     */
    record Released(WorkspaceId workspace, TrashItemId item, ResourceRef root, Hold hold, ActorId actor, Instant at)
            implements TrashEvent {
    }

    /**
     * The retention policy was re-applied to a workspace's items (SPEC R36).
     *
     * @param workspace the workspace
     * @param items how many items got a new expiry
     * @param actor who re-applied it
     * @param at when
     */
    record RetentionReapplied(WorkspaceId workspace, long items, ActorId actor, Instant at) implements TrashEvent {
    }
}

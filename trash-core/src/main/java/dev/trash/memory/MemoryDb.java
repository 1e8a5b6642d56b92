package dev.trash.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The transaction engine shared by the in-memory ports: one reentrant lock (transactions are
 * serializable: they run one at a time) and an undo log that a failed transaction replays
 * backwards. Every read and write of the in-memory ports goes through {@link #atomically}; every
 * change registers its inverse with {@link #onRollback}.
 *
 * <p>A call made inside a transaction joins it, and is atomic on its own as well, as if it ran
 * under a savepoint: if it throws, the changes it made (and the after-commit actions it
 * registered) are taken back before the exception leaves it, even if the caller catches the
 * exception and goes on. So a port call or a manager operation that fails changes nothing, also
 * when it joined a host's transaction. Thread-safe.
 */
final class MemoryDb {
    /** An undo log that outgrew this is dropped after its transaction rather than kept for the next one. */
    private static final int KEPT_UNDO = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    /** The undo log of the open transaction (newest first), emptied and reused by the next. Guarded by {@link #lock}. */
    private ArrayDeque<Runnable> undo = new ArrayDeque<>();
    /**
     * The actions to run once the open transaction commits; null until one registers an action (a
     * transaction that registers none allocates no list). Guarded by {@link #lock}.
     */
    private List<Runnable> afterCommit;
    /** How many {@link #atomically} calls the lock holder is inside. Guarded by {@link #lock}. */
    private int depth;

    /**
     * Runs {@code work} under the lock: joins the calling thread's transaction or is one of its
     * own. If {@code work} throws, what it changed is undone and the exception propagates
     * unchanged; if it returns and this is the outermost call, the transaction commits and its
     * after-commit actions run, outside the lock, on this thread.
     */
    <T> T atomically(Supplier<T> work) {
        lock.lock();
        boolean outermost = depth == 0;
        int savepoint = undo.size();
        int actions = afterCommit == null ? 0 : afterCommit.size();
        depth++;
        List<Runnable> committed = List.of();
        T result;
        try {
            result = work.get();
            if (outermost && afterCommit != null) {
                committed = afterCommit;
            }
        } catch (Throwable e) {
            rollbackTo(savepoint, e);
            if (afterCommit != null) {
                afterCommit.subList(actions, afterCommit.size()).clear();
            }
            throw e;
        } finally {
            depth--;
            if (outermost) {
                if (undo.size() > KEPT_UNDO) {
                    undo = new ArrayDeque<>();
                } else {
                    undo.clear();
                }
                afterCommit = null;
            }
            lock.unlock();
        }
        runAll(committed);
        return result;
    }

    /** Replays the undo log back to {@code savepoint} entries; a failing inverse is added to {@code cause}. */
    private void rollbackTo(int savepoint, Throwable cause) {
        while (undo.size() > savepoint) {
            try {
                undo.pop().run();
            } catch (RuntimeException | Error e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Runs every action, even if one throws; then throws the first failure, the others suppressed in it. */
    private static void runAll(List<Runnable> actions) {
        RuntimeException failure = null;
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** @return whether the calling thread is inside {@link #atomically} */
    boolean isActive() {
        return lock.isHeldByCurrentThread() && depth > 0;
    }

    /**
     * Registers an action to run after the outermost transaction commits (outside the lock);
     * dropped if that transaction, or the {@link #atomically} call that registered it, fails.
     *
     * @throws IllegalStateException if the calling thread is not inside a transaction
     */
    void afterCommit(Runnable action) {
        if (!isActive()) {
            throw new IllegalStateException("afterCommit called outside a transaction of the in-memory backend");
        }
        java.util.Objects.requireNonNull(action, "action");
        if (afterCommit == null) {
            afterCommit = new ArrayList<>();
        }
        afterCommit.add(action);
    }

    /**
     * Registers how to take back a change just made.
     *
     * @throws IllegalStateException if the calling thread is not inside {@link #atomically}
     */
    void onRollback(Runnable inverse) {
        if (!isActive()) {
            throw new IllegalStateException("in-memory change outside a transaction");
        }
        undo.push(inverse);
    }
}

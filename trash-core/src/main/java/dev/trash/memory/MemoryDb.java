package dev.trash.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The transaction engine shared by the in-memory ports: one reentrant lock (transactions are
 * serializable: they run one at a time) and an undo log that a failed outermost transaction
 * replays backwards. Every read and write of the in-memory ports goes through {@link #atomically}.
 * Thread-safe.
 */
final class MemoryDb {
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private Deque<Runnable> undo;
    private List<Runnable> afterCommit;
    private int depth;

    /** Runs {@code work} under the lock; joins the caller's transaction or is one of its own. */
    <T> T atomically(Supplier<T> work) {
        lock.lock();
        boolean outermost = depth == 0;
        if (outermost) {
            undo = new ArrayDeque<>();
            afterCommit = new ArrayList<>();
        }
        depth++;
        List<Runnable> committed = List.of();
        T result;
        try {
            result = work.get();
            if (outermost) {
                undo = null;
                committed = afterCommit;
                afterCommit = null;
            }
        } catch (RuntimeException | Error e) {
            if (outermost) {
                Deque<Runnable> log = undo;
                undo = null;
                afterCommit = null;
                while (!log.isEmpty()) {
                    log.pop().run();
                }
            }
            throw e;
        } finally {
            depth--;
            lock.unlock();
        }
        committed.forEach(Runnable::run);
        return result;
    }

    /** @return whether the calling thread is inside {@link #atomically} */
    boolean isActive() {
        return lock.isHeldByCurrentThread() && depth > 0;
    }

    /** Registers an action to run after the outermost transaction commits (outside the lock); dropped on rollback. */
    void afterCommit(Runnable action) {
        if (afterCommit == null || !lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("afterCommit called outside a transaction");
        }
        afterCommit.add(action);
    }

    /** Registers how to take back a change just made; must be called inside {@link #atomically}. */
    void onRollback(Runnable inverse) {
        if (undo == null || !lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("in-memory change outside a transaction");
        }
        undo.push(inverse);
    }
}

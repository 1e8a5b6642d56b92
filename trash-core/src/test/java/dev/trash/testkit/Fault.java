package dev.trash.testkit;

import dev.trash.ResourceType;
import dev.trash.RetryableException;
import dev.trash.spi.HostResources;
import dev.trash.spi.TrashBackend;
import dev.trash.spi.TrashStore;
import dev.trash.spi.TrashTransactions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A crash planned for one call of one method of a port decorator ({@link FaultyResources},
 * {@link FaultyStore}): the {@code onCall}-th call of {@code method} runs against the real port and
 * then throws, as if the process failed between that step and the next. Later calls succeed.
 * {@link #inStore} and {@link #inResources} give a whole {@link TrashBackend} whose store or
 * resources fail so. Thread-safe.
 */
public final class Fault {
    /** The exception a planned fault throws. */
    public static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash(String message) {
            super(message);
        }
    }

    private final String method;
    private final int onCall;
    private final int lastCall;
    private final boolean race;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger thrown = new AtomicInteger();

    private Fault(String method, int onCall) {
        this(method, onCall, onCall, false);
    }

    private Fault(String method, int onCall, int lastCall, boolean race) {
        this.method = method;
        this.onCall = onCall;
        this.lastCall = lastCall;
        this.race = race;
    }

    /**
     * @return a fault on each of the first {@code times} calls of {@code method} that throws a
     *     {@link RetryableException}, as a database does for the victim of a deadlock, after the
     *     call ran on the real port (whose transaction the exception then rolls back)
     */
    public static Fault racing(String method, int times) {
        return new Fault(method, 1, times, true);
    }

    /** @return a fault on the {@code onCall}-th call (1-based) of {@code method} */
    public static Fault on(String method, int onCall) {
        return new Fault(method, onCall);
    }

    /** @return a fault that never fires, but counts the calls of {@code method} */
    public static Fault counting(String method) {
        return new Fault(method, Integer.MAX_VALUE);
    }

    /** @return a fault that never fires */
    public static Fault none() {
        return new Fault("", Integer.MAX_VALUE);
    }

    /** Called by a decorator after {@code name} ran on the real port. */
    void after(String name) {
        if (!name.equals(method)) {
            return;
        }
        int call = calls.incrementAndGet();
        if (call >= onCall && call <= lastCall) {
            thrown.incrementAndGet();
            if (race) {
                throw new RetryableException("planned deadlock after call " + call + " of " + method);
            }
            throw new Crash("planned crash after call " + call + " of " + method);
        }
    }

    /** @return how many times the fault fired (0 or 1; up to its {@code times} for {@link #racing}) */
    public int fired() {
        return thrown.get();
    }

    /** @return how many times the faulty method was called so far */
    public int calls() {
        return calls.get();
    }

    /** @return {@code inner} with its store failing as {@code fault} plans; everything else is {@code inner}'s */
    public static TrashBackend inStore(TrashBackend inner, Fault fault) {
        return backend(inner, fault, none());
    }

    /** @return {@code inner} with its resources failing as {@code fault} plans; everything else is {@code inner}'s */
    public static TrashBackend inResources(TrashBackend inner, Fault fault) {
        return backend(inner, none(), fault);
    }

    /**
     * @return a backend over {@code inner}'s types and transactions whose store and resources are
     *     {@code inner}'s, decorated to fail as {@code storeFault} and {@code resourcesFault} plan
     */
    public static TrashBackend backend(TrashBackend inner, Fault storeFault, Fault resourcesFault) {
        return with(inner, new FaultyStore(inner.store(), storeFault),
                new FaultyResources(inner.resources(), resourcesFault));
    }

    /**
     * @return a backend with {@code inner}'s types, transactions and check, but the given store and
     *     resources (decorators of {@code inner}'s, e.g. to inject faults or count calls)
     */
    public static TrashBackend with(TrashBackend inner, TrashStore store, HostResources resources) {
        return new TrashBackend() {
            @Override
            public List<ResourceType> types() {
                return inner.types();
            }

            @Override
            public TrashStore store() {
                return store;
            }

            @Override
            public HostResources resources() {
                return resources;
            }

            @Override
            public TrashTransactions transactions() {
                return inner.transactions();
            }

            @Override
            public List<String> validate() {
                return inner.validate();
            }
        };
    }
}

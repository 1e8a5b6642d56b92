package dev.trash.internal;

import dev.trash.memory.InMemoryTrash;
import dev.trash.spi.HostResources;
import dev.trash.spi.TrashBackend;
import dev.trash.spi.TrashStore;
import dev.trash.testkit.Fault;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Test helper: a port that delegates every call to a real implementation, except those an
 * interceptor answers itself (to inject a fault, count calls or hide rows). No mocking library;
 * the real in-memory backend does the work.
 */
final class Intercept {
    /** Decides one call: answer it, throw, or let the real port run it through {@code real}. */
    @FunctionalInterface
    interface Handler {
        Object call(String method, Object[] args, RealCall real) throws Throwable;
    }

    /** The call on the real port. */
    @FunctionalInterface
    interface RealCall {
        Object run() throws Throwable;
    }

    private Intercept() {
    }

    /**
     * @return a backend with {@code memory}'s types and transactions but the given store and
     *     resources (the real ones, or decorators of them made with {@link #port})
     */
    static TrashBackend backend(InMemoryTrash memory, TrashStore store, HostResources resources) {
        return Fault.with(memory, store, resources);
    }

    /** @return a {@code type} that sends every call through {@code handler} before {@code real} */
    static <T> T port(Class<T> type, T real, Handler handler) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) ->
                handler.call(method.getName(), args, () -> {
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
        return type.cast(proxy);
    }
}

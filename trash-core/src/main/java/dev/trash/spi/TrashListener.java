package dev.trash.spi;

/**
 * Port: receives {@link TrashEvent}s after they commit, on the thread that caused them (for
 * metrics, audit logs, notifications). A listener that throws is logged and ignored: it cannot
 * undo the event. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TrashListener {
    /** Called once per event. */
    void onEvent(TrashEvent event);
}

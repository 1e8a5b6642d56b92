package dev.trash.spi;

import dev.trash.SweepReport;

/**
 * Port: receives {@link TrashEvent}s after they commit, on the thread that caused them (for
 * metrics, audit logs, notifications), and a {@link SweepReport} when a sweep ends. A listener that
 * throws is logged and ignored: it cannot undo the event. New kinds of notice come as default
 * methods, so a listener written today keeps compiling. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TrashListener {
    /**
     * Called once per event.
     *
     * @param event the event
     */
    void onEvent(TrashEvent event);

    /**
     * Called once per sweep of any sweeper of the manager, scheduled or not, on the sweeping thread
     * when the sweep ends (SPEC R31). Does nothing by default.
     *
     * @param report the report of the run
     */
    default void onSweep(SweepReport report) {
    }
}

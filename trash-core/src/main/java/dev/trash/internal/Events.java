package dev.trash.internal;

import dev.trash.SweepReport;
import dev.trash.spi.TrashEvent;
import dev.trash.spi.TrashListener;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Hands events to the listeners; a listener that throws anything (an {@link Error} included) is
 * logged and skipped: the event has committed, and neither the operation nor a sweep may fail
 * after the fact. Thread-safe.
 */
final class Events {
    private static final System.Logger LOG = System.getLogger("dev.trash");
    private final List<TrashListener> listeners;

    Events(List<TrashListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void fire(TrashEvent event) {
        for (TrashListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (Throwable e) {
                LOG.log(e instanceof Error ? Level.ERROR : Level.WARNING,
                        "listener " + listener.getClass().getName() + " failed on " + event, e);
            }
        }
    }

    void sweep(SweepReport report) {
        for (TrashListener listener : listeners) {
            try {
                listener.onSweep(report);
            } catch (Throwable e) {
                LOG.log(e instanceof Error ? Level.ERROR : Level.WARNING,
                        "listener " + listener.getClass().getName() + " failed on " + report, e);
            }
        }
    }
}

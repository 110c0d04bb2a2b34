package dev.crema.api;

import dev.crema.cgroups.OomWatch;
import dev.crema.container.Events;
import dev.crema.db.StateStore;
import dev.crema.db.StoreException;
import java.util.Map;

/** runc's events: stats every interval and OOMs as they come, until the container stops. */
final class EventStream {
    private EventStream() {}

    /** events --stats: one stats event; a stopped container has none. */
    static Event.Stats stats(StateStore store, String id) {
        Map<String, Object> event = Events.stats(store, id);
        if (event == null) throw Errors.wrongState(id, notRunning(id));
        return stats(id, event);
    }

    static void run(StateStore store, String id, long millis, EventListener listener) {
        // watching starts before the first stats event, so a reader that has seen one misses no OOM after it
        OomWatch oom = Events.watchOom(store, id);
        for (boolean first = true; ; first = false) {
            Map<String, Object> event;
            try {
                event = Events.stats(store, id);
            } catch (StoreException e) {
                if (first) throw e;
                event = null; // deleted while watched: the stream ends, as runc's does
            }
            if (event == null) {
                // as runc: a stopped container has no events to give; one that stops while watched ends the stream
                if (first) throw Errors.wrongState(id, notRunning(id));
                // an OOM that stopped the container is still reported
                if (oom != null) report(id, oom.await(0), listener);
                return;
            }
            listener.onEvent(stats(id, event));
            if (!waitInterval(id, oom, millis, listener)) return;
        }
    }

    private static Event.Stats stats(String id, Map<String, Object> event) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) event.get("data");
        return new Event.Stats(id, data);
    }

    private static String notRunning(String id) {
        return "container " + id + " is not running";
    }

    /** Waits out one interval, reporting OOMs the moment they come; false when the thread was interrupted. */
    private static boolean waitInterval(String id, OomWatch oom, long millis, EventListener listener) {
        if (oom == null) {
            try {
                Thread.sleep(millis);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        long due = System.nanoTime() + millis * 1_000_000;
        for (long left = millis; left > 0; left = Math.ceilDiv(due - System.nanoTime(), 1_000_000L)) {
            report(id, oom.await(left), listener);
            if (Thread.currentThread().isInterrupted()) return false;
        }
        return true;
    }

    private static void report(String id, int count, EventListener listener) {
        for (int i = 0; i < count; i++) listener.onEvent(new Event.Oom(id));
    }
}

package dev.crema.container;

import dev.crema.cgroups.OomWatch;
import dev.crema.cgroups.Stats;
import dev.crema.db.ContainerState;
import dev.crema.db.StateStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event objects runc's `events` prints: {"type": "stats", "id": ..., "data": {...}} and {"type": "oom",
 * "id": ...}.
 */
public final class Events {
    private Events() {}

    /** A stats event; {@code null} once the container has stopped (the stream then ends). */
    public static Map<String, Object> stats(StateStore store, String id) {
        ContainerState state = store.load(id);
        if (Status.of(store, state).equals(Status.STOPPED)) return null;
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "stats");
        event.put("id", id);
        event.put("data", new Stats(state.cgroupPaths()).read());
        return event;
    }

    /** Starts counting the container's OOMs; null if it has no memory cgroup to watch. */
    public static OomWatch watchOom(StateStore store, String id) {
        return OomWatch.start(store.load(id).cgroupPaths());
    }

    /** An oom event: runc's has no "data". */
    public static Map<String, Object> oom(String id) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "oom");
        event.put("id", id);
        return event;
    }
}

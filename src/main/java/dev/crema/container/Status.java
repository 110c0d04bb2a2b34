package dev.crema.container;

import dev.crema.cgroups.Freezer;
import dev.crema.db.ContainerState;
import dev.crema.db.Liveness;
import dev.crema.db.StateStore;
import java.nio.file.Files;

/**
 * A container's status as the kernel sees it, derived from the stored state plus a liveness check (pid and its
 * start time, so a reused pid is not mistaken for the container): created while the exec fifo is still there
 * (the init waits on it), running once start removed it, paused while its cgroup is frozen (created or not), stopped when the
 * init is gone.
 */
public final class Status {
    public static final String CREATING = "creating", CREATED = "created", RUNNING = "running",
            PAUSED = "paused", STOPPED = "stopped";

    private Status() {}

    public static String of(StateStore store, ContainerState state) {
        if (state.isCreating()) {
            return Liveness.isAlive(state.controller()) ? CREATING : STOPPED;
        }
        if (!initAlive(state)) return STOPPED;
        // frozen first, as runc: a created container can be paused, and is "paused" until resumed
        Freezer freezer = Freezer.of(state.cgroupPaths());
        if (freezer != null && freezer.isFrozen()) return PAUSED;
        return Files.exists(store.containerDir(state.id()).resolve(Create.EXEC_FIFO)) ? CREATED : RUNNING;
    }

    static boolean initAlive(ContainerState state) {
        return state.init() != null && Liveness.isAlive(state.init());
    }
}

package dev.crema.container;

import dev.crema.cgroups.Freezer;
import dev.crema.db.ContainerLock;
import dev.crema.db.ContainerState;
import dev.crema.db.StateStore;

/** pause and resume: freeze and thaw every process of a running (or created) container through its cgroup. */
public final class Pause {
    private Pause() {}

    public static void pause(StateStore store, String id) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerState state = store.load(id);
            String status = Status.of(store, state);
            // as runc: a created container can be paused too (resume makes it created again)
            if (!status.equals(Status.RUNNING) && !status.equals(Status.CREATED)) throw ContainerException.wrongState("container not running");
            freezer(state).freeze();
        }
    }

    public static void resume(StateStore store, String id) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerState state = store.load(id);
            if (!Status.of(store, state).equals(Status.PAUSED)) throw ContainerException.wrongState("container not paused");
            freezer(state).thaw();
        }
    }

    private static Freezer freezer(ContainerState state) {
        Freezer freezer = Freezer.of(state.cgroupPaths());
        if (freezer == null) {
            throw new ContainerException("cannot pause " + state.id() + ": the host has no freezer (cgroup v1 freezer or v2 cgroup.freeze)");
        }
        return freezer;
    }
}

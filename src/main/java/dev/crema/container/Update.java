package dev.crema.container;

import dev.crema.cgroups.ResourceWriter;
import dev.crema.db.ContainerLock;
import dev.crema.db.ContainerState;
import dev.crema.db.StateStore;
import dev.crema.spec.LinuxResources;

/** update: new resource limits for a container that is not stopped, written to its cgroup directories. */
public final class Update {
    private Update() {}

    public static void update(StateStore store, String id, LinuxResources resources) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerState state = store.load(id);
            if (Status.of(store, state).equals(Status.STOPPED)) throw new ContainerException("container not running");
            new ResourceWriter(state.cgroupPaths()).apply(resources);
        }
    }
}

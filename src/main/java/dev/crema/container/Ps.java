package dev.crema.container;

import dev.crema.cgroups.Cgroup;
import dev.crema.db.ContainerState;
import dev.crema.db.StateStore;
import java.util.List;

/**
 * The pids of every process in a container's cgroup, as runc's ps finds them: a stopped container has none
 * (runc prints the header, or [], and succeeds).
 */
public final class Ps {
    private Ps() {}

    public static List<Integer> pids(StateStore store, String id) {
        ContainerState state = store.load(id);
        if (state.cgroupPaths().isEmpty()) {
            // as runc's rootless ps: the processes are found by cgroup, and this container has none
            throw new ContainerException("unable to get all container pids: container " + id + " has no cgroup of its "
                    + "own (rootless, and no cgroup was delegated to the user)");
        }
        Cgroup cgroup = Cgroups.of(state);
        return cgroup.pids();
    }
}

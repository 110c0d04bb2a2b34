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
        Cgroup cgroup = Cgroups.of(state);
        return cgroup.pids();
    }
}

package dev.crema.container;

import dev.crema.cgroups.Cgroup;
import dev.crema.db.ContainerState;

/** The cgroup of a stored container, from the leaf directories recorded at create. */
final class Cgroups {
    private Cgroups() {}

    static Cgroup of(ContainerState state) {
        return Cgroup.ofLeaves(state.cgroupPaths());
    }
}

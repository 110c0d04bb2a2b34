package dev.crema.container;

import dev.crema.cgroups.Cgroup;
import dev.crema.cgroups.Hierarchy;
import dev.crema.plan.CgroupMount;
import java.util.ArrayList;
import java.util.List;

/** The container's cgroup hierarchies as a "cgroup" mount in config.json will show them. */
public final class CgroupMounts {
    private CgroupMounts() {}

    public static List<CgroupMount> of(Cgroup cgroup) {
        return of(cgroup, cgroup);
    }

    /**
     * Every hierarchy of {@code all}; where the container has no cgroup of its own ({@code joined} lacks it: a
     * rootless container's undelegated hierarchy) its process stays in crema's cgroup, which is what it sees, as
     * under runc, whose init binds the cgroups it is in.
     */
    public static List<CgroupMount> of(Cgroup joined, Cgroup all) {
        List<CgroupMount> mounts = new ArrayList<>();
        List<Hierarchy> hierarchies = all.hierarchies();
        List<String> leaves = all.leafPaths();
        boolean pureV2 = hierarchies.size() == 1 && hierarchies.getFirst().isV2();
        for (int i = 0; i < hierarchies.size(); i++) {
            Hierarchy h = hierarchies.get(i);
            String name = pureV2 ? "" : h.mountPoint().getFileName().toString();
            int at = joined.hierarchies().indexOf(h);
            String dir = at >= 0 ? leaves.get(i) : h.mountPoint().resolve(h.ownCgroup().substring(1)).normalize().toString();
            mounts.add(new CgroupMount(name, h.fsType(), h.isV2() ? "" : h.controllers(), dir, at >= 0));
        }
        return mounts;
    }
}

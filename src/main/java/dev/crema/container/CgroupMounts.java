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
        List<CgroupMount> mounts = new ArrayList<>();
        List<Hierarchy> hierarchies = cgroup.hierarchies();
        List<String> leaves = cgroup.leafPaths();
        boolean pureV2 = hierarchies.size() == 1 && hierarchies.getFirst().isV2();
        for (int i = 0; i < hierarchies.size(); i++) {
            Hierarchy h = hierarchies.get(i);
            String name = pureV2 ? "" : h.mountPoint().getFileName().toString();
            mounts.add(new CgroupMount(name, h.fsType(), h.isV2() ? "" : h.controllers(), leaves.get(i)));
        }
        return mounts;
    }
}

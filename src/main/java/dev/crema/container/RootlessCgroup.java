package dev.crema.container;

import dev.crema.cgroups.Cgroup;
import dev.crema.cgroups.CgroupException;
import dev.crema.cgroups.Hierarchy;
import dev.crema.cgroups.ResourceWriter;
import dev.crema.spec.LinuxResources;
import java.util.ArrayList;
import java.util.List;

/**
 * runc's rules for the cgroup of a rootless container (its rootless cgroup manager, v1 and v2 alike): without a
 * cgroupsPath the container gets a cgroup under the caller's own only in the hierarchies delegated to it, and
 * none elsewhere (it stays in the caller's); limits are refused where it has none, device rules are tried and
 * their failure ignored. A cgroupsPath given is used as for root: failing to make it fails create.
 */
final class RootlessCgroup {
    private RootlessCgroup() {}

    static Cgroup select(Cgroup all, String cgroupsPath, boolean rootless) {
        if (!rootless || cgroupsPath != null && !cgroupsPath.isEmpty()) return all;
        return all.delegatedOnly();
    }

    static void applyResources(Cgroup cgroup, Cgroup all, LinuxResources resources, boolean rootless) {
        ResourceWriter writer = new ResourceWriter(cgroup.leafPaths(), rootless);
        if (cgroup.hierarchies().size() == all.hierarchies().size()) {
            writer.apply(resources);
            return;
        }
        try {
            writer.apply(resources);
        } catch (CgroupException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": the host's cgroups have no ");
            if (colon < 0) throw e;
            // as runc: "cannot set memory limit: container could not join or create cgroup"
            throw new CgroupException(message.substring(0, colon) + ": cannot set limit: container could not join or "
                    + "create cgroup (rootless: not delegated to this user: " + String.join(", ", skipped(cgroup, all)) + ")");
        }
    }

    private static List<String> skipped(Cgroup cgroup, Cgroup all) {
        List<String> names = new ArrayList<>();
        for (Hierarchy h : all.hierarchies()) {
            if (!cgroup.hierarchies().contains(h)) names.add(h.mountPoint().toString());
        }
        return names;
    }
}

package dev.crema.cgroups;

import java.nio.file.Path;

/**
 * One mounted cgroup hierarchy: where it is mounted, its controllers as the mount names them ("memory",
 * "name=systemd", "" for cgroup2), and the cgroup this process is in there (for relative cgroupsPaths).
 */
public record Hierarchy(Path mountPoint, String fsType, String controllers, String ownCgroup) {
    public boolean isV2() {
        return fsType.equals("cgroup2");
    }

    // Written out, not the record's own: every create compares hierarchies (CgroupMounts, RootlessCgroup), and a
    // record's generated equals and hashCode link through ObjectMethods' bootstrap at their first call, which
    // spins eight method-handle classes the AOT cache does not keep: about 7 ms of each cold command
    // (-Xlog:class+load, bench/against.sh).
    @Override
    public boolean equals(Object other) {
        return other instanceof Hierarchy h && mountPoint.equals(h.mountPoint) && fsType.equals(h.fsType)
                && controllers.equals(h.controllers) && ownCgroup.equals(h.ownCgroup);
    }

    @Override
    public int hashCode() {
        return mountPoint.hashCode() * 31 + ownCgroup.hashCode();
    }
}

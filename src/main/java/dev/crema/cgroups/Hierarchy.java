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
}

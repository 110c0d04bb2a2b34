package dev.crema.plan;

import dev.crema.sys.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's whole procfs and sysfs mounts outside the rootfs, which a --no-pivot container would otherwise
 * keep in its mount namespace under the chroot: reachable by a chroot escape, and enough for the kernel to let
 * it mount a fresh procfs in a user namespace. runc's msMoveRoot detaches the same set.
 */
final class HostPseudoMounts {
    private HostPseudoMounts() {}

    static List<String> outside(Path rootfs) {
        return outside(readMountInfo(), rootfs.toString());
    }

    /** From mountinfo lines: full mounts (root "/") of proc and sysfs whose mount point is not in the rootfs. */
    static List<String> outside(List<String> mountInfo, String rootfs) {
        List<String> points = new ArrayList<>();
        for (String line : mountInfo) {
            String[] fields = line.split(" ");
            String type = MountInfo.fsType(fields);
            if (fields.length < 5 || !fields[3].equals("/") || !("proc".equals(type) || "sysfs".equals(type))) continue;
            String point = MountInfo.mountPoint(fields);
            if (point.equals(rootfs) || point.startsWith(rootfs + "/")) continue;
            points.add(point);
        }
        return points;
    }

    private static List<String> readMountInfo() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw new PlanException("--no-pivot: cannot read /proc/self/mountinfo to hide the host's /proc and /sys: " + e.getMessage());
        }
    }
}

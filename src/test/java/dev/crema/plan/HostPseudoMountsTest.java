package dev.crema.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPseudoMountsTest {
    private static final List<String> MOUNTINFO = List.of(
            "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
            "23 22 0:21 / /proc rw,nosuid shared:12 - proc proc rw",
            "24 22 0:22 / /sys rw,nosuid shared:2 - sysfs sysfs rw",
            "25 24 0:7 / /sys/kernel/security rw shared:3 - securityfs securityfs rw",
            "26 23 0:40 / /proc/sys/fs/binfmt_misc rw shared:13 - binfmt_misc binfmt_misc rw",
            "27 22 0:21 /sys /run/some\\040bind rw - proc proc rw",
            "28 22 0:50 / /tmp/bundle/rootfs/proc rw - proc proc rw",
            "29 22 0:51 / /run/netns/x\\040y rw - proc proc rw");

    @Test
    void wholeProcAndSysfsMountsOutsideTheRootfsAreListed() {
        // not securityfs or binfmt_misc (another type), not a bind of a part of procfs, not the rootfs's own
        assertEquals(List.of("/proc", "/sys", "/run/netns/x y"), HostPseudoMounts.outside(MOUNTINFO, "/tmp/bundle/rootfs"));
    }

    @Test
    void aMountPointThatOnlySharesThePrefixOfTheRootfsIsStillOutside() {
        assertEquals(List.of("/proc", "/sys", "/tmp/bundle/rootfs2/proc"), HostPseudoMounts.outside(List.of(MOUNTINFO.get(1),
                MOUNTINFO.get(2), "30 22 0:52 / /tmp/bundle/rootfs2/proc rw - proc proc rw"), "/tmp/bundle/rootfs"));
    }
}

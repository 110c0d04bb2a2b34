package dev.crema.resctrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResctrlMountTest {
    private static final String PROC = "22 27 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw";
    private static final String CGROUP = "30 25 0:26 / /sys/fs/cgroup/unified rw,nosuid shared:5 - cgroup2 cgroup2 rw";

    @Test
    void theMountPointIsTheFirstResctrlMount() {
        assertEquals(Path.of("/sys/fs/resctrl"), ResctrlMount.find(List.of(PROC, CGROUP,
                "40 24 0:38 / /sys/fs/resctrl rw,relatime shared:20 - resctrl resctrl rw,mba_MBps",
                "41 24 0:38 / /mnt/other rw,relatime - resctrl resctrl rw")));
    }

    @Test
    void optionalFieldsAndEscapedPathsAreRead() {
        assertEquals(Path.of("/mnt/res ctrl"), ResctrlMount.find(List.of(
                "40 24 0:38 / /mnt/res\\040ctrl rw,relatime shared:20 master:3 - resctrl resctrl rw")));
    }

    @Test
    void noResctrlMountIsNull() {
        // a path named resctrl on another filesystem is not the resctrl filesystem
        assertNull(ResctrlMount.find(List.of(PROC, CGROUP, "50 24 0:40 / /resctrl rw - tmpfs resctrl rw")));
    }
}

package dev.crema.resctrl;

import dev.crema.sys.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the host mounted the resctrl filesystem (usually /sys/fs/resctrl), read from /proc/self/mountinfo. */
public final class ResctrlMount {
    private ResctrlMount() {}

    /** The mount point, or null when resctrl is not mounted (or mountinfo cannot be read). */
    public static Path detect() {
        try {
            return find(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return null;
        }
    }

    /** The first mount whose filesystem type (the field after " - ") is resctrl, as runc takes it. */
    static Path find(List<String> mountinfo) {
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            if ("resctrl".equals(MountInfo.fsType(f))) return Path.of(MountInfo.mountPoint(f));
        }
        return null;
    }
}

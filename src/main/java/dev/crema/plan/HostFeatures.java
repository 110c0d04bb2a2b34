package dev.crema.plan;

import dev.crema.resctrl.ResctrlMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the host has the kernel features a config may ask for that not every host has: the security modules
 * (read from sysfs, as runc checks) and Intel RDT's resctrl filesystem.
 */
final class HostFeatures {
    private HostFeatures() {}

    static boolean appArmorEnabled() {
        try {
            return Files.readString(Path.of("/sys/module/apparmor/parameters/enabled")).trim().equals("Y");
        } catch (IOException e) {
            return false;
        }
    }

    static boolean resctrlMounted() {
        return ResctrlMount.detect() != null;
    }

    static boolean selinuxEnabled() {
        return Files.exists(Path.of("/sys/fs/selinux/enforce"));
    }
}

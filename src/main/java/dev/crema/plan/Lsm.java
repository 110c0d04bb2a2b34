package dev.crema.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the host runs the Linux security modules a config may ask for (read from sysfs, as runc checks). */
final class Lsm {
    private Lsm() {}

    static boolean appArmorEnabled() {
        try {
            return Files.readString(Path.of("/sys/module/apparmor/parameters/enabled")).trim().equals("Y");
        } catch (IOException e) {
            return false;
        }
    }

    static boolean selinuxEnabled() {
        return Files.exists(Path.of("/sys/fs/selinux/enforce"));
    }
}

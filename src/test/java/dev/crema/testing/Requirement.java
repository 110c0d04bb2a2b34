package dev.crema.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine: an engine, a tool, a kernel feature. Outside CI a missing one skips the
 * test (a developer's machine may lack podman); under CI (CI set, as .ci/run runs) it fails the test and says
 * what is missing, because ./test installs every package the tests use and a green run must mean they ran.
 * Only {@link #machineKindLacks} may skip under CI: for what this kind of machine truly has not.
 */
public final class Requirement {
    private Requirement() {}

    /** Skips outside CI, fails under CI, when {@code present} is false; {@code what} names the missing thing. */
    public static void need(boolean present, String what) {
        if (present) return;
        if (underCi()) Assertions.fail("missing under CI: " + what);
        Assumptions.abort("missing: " + what);
    }

    /** {@link #need} for a program: "podman (/usr/bin/podman, Debian package podman)". */
    public static Path needProgram(String path, String debianPackage) {
        need(Files.isExecutable(Path.of(path)), Path.of(path).getFileName() + " (" + path + ", Debian package "
                + debianPackage + ", which ./test installs)");
        return Path.of(path);
    }

    /**
     * Skips, under CI too, where this kind of machine does not have something at all (AppArmor, SELinux,
     * resctrl, a pure cgroup v2 host): {@code why} says what the machine is and what it lacks.
     */
    public static void machineKindLacks(boolean lacking, String why) {
        Assumptions.assumeFalse(lacking, "this kind of machine has none: " + why);
    }

    /** CI=true (or any value but "" and "false"), as CI systems and .ci/run set it. */
    public static boolean underCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false");
    }

    /** A pure cgroup v2 host: the unified hierarchy is /sys/fs/cgroup itself, with no v1 controllers beside it. */
    public static boolean pureCgroupV2() {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
    }
}

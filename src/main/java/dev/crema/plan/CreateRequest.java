package dev.crema.plan;

import java.nio.file.Path;
import java.util.List;

/**
 * What the plan compiler needs beyond config.json: where things are on the host and the create flags;
 * {@code hasConsoleTarget}: a pty master would have somewhere to go (--console-socket, or crema's own relay);
 * {@code cgroupsExistAtFork}: the container's cgroup directories exist before the init forks, so it can enter
 * them as it is born (not with --systemd-cgroup: systemd makes the scope around the process once it exists);
 * {@code caller}: who runs crema (a rootless caller sets no groups; inside a user namespace no device is made).
 */
public record CreateRequest(Path rootfs, Path bundle, Path execFifo, boolean noPivot, List<CgroupMount> cgroupMounts,
                            boolean hasConsoleTarget, boolean cgroupsExistAtFork, Caller caller) {
    /** Host root, in the host's user namespace. */
    public static final Caller HOST_ROOT = new Caller(0, 0, false);

    public CreateRequest(Path rootfs, Path bundle, Path execFifo, boolean noPivot, List<CgroupMount> cgroupMounts,
                         boolean hasConsoleTarget, Caller caller) {
        this(rootfs, bundle, execFifo, noPivot, cgroupMounts, hasConsoleTarget, true, caller);
    }

    public CreateRequest(Path rootfs, Path bundle, Path execFifo, boolean noPivot, List<CgroupMount> cgroupMounts,
                         boolean hasConsoleTarget) {
        this(rootfs, bundle, execFifo, noPivot, cgroupMounts, hasConsoleTarget, true, HOST_ROOT);
    }
}

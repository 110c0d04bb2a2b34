package dev.crema.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link CremaRuntime#create} needs besides the runtime root; the fields of {@code crema create}'s flags.
 * Start from {@link #of(String, Path)} and add what differs with the {@code with...} methods.
 *
 * @param id          the container id (letters, digits, {@code _ + - . ,}, as runc's)
 * @param bundle      the OCI bundle: its config.json; a relative root.path is taken from here
 * @param pidFile     where to write the container process's host pid (atomically), or null
 * @param noPivot     runc's --no-pivot: chroot-like move instead of pivot_root (for a rootfs on a ramfs)
 * @param preserveFds this many fds after stdio (3, 4, ...) of this process are passed into the container,
 *                    whatever it holds there, the JVM's own files too (docs/library.md, "Preserved fds")
 * @param console     where a terminal's pty master goes, or null when process.terminal is false
 * @param systemdCgroup   runc's --systemd-cgroup: the container's cgroup is a systemd scope (cgroupsPath
 *                        "slice:prefix:name"), made and removed through systemd over D-Bus
 * @param rootlessCgroups runc's rootless cgroup manager (--rootless): cgroups only where this process may write
 *                        them; the crema command sets it for a caller that is not root of the host
 */
public record CreateOptions(String id, Path bundle, Path pidFile, boolean noPivot, int preserveFds, Console console,
                            boolean systemdCgroup, boolean rootlessCgroups) {
    public CreateOptions {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bundle, "bundle");
        if (preserveFds < 0) throw new IllegalArgumentException("preserveFds: " + preserveFds + " < 0");
    }

    public static CreateOptions of(String id, Path bundle) {
        return new CreateOptions(id, bundle, null, false, 0, null, false, false);
    }

    public CreateOptions withPidFile(Path pidFile) {
        return new CreateOptions(id, bundle, pidFile, noPivot, preserveFds, console, systemdCgroup, rootlessCgroups);
    }

    public CreateOptions withNoPivot(boolean noPivot) {
        return new CreateOptions(id, bundle, pidFile, noPivot, preserveFds, console, systemdCgroup, rootlessCgroups);
    }

    public CreateOptions withPreserveFds(int preserveFds) {
        return new CreateOptions(id, bundle, pidFile, noPivot, preserveFds, console, systemdCgroup, rootlessCgroups);
    }

    public CreateOptions withConsole(Console console) {
        return new CreateOptions(id, bundle, pidFile, noPivot, preserveFds, console, systemdCgroup, rootlessCgroups);
    }

    public CreateOptions withSystemdCgroup(boolean systemdCgroup) {
        return new CreateOptions(id, bundle, pidFile, noPivot, preserveFds, console, systemdCgroup, rootlessCgroups);
    }

    public CreateOptions withRootlessCgroups(boolean rootlessCgroups) {
        return new CreateOptions(id, bundle, pidFile, noPivot, preserveFds, console, systemdCgroup, rootlessCgroups);
    }
}

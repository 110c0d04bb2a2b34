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
 * @param preserveFds this many fds after stdio (3, 4, ...) are passed into the container
 * @param console     where a terminal's pty master goes, or null when process.terminal is false
 */
public record CreateOptions(String id, Path bundle, Path pidFile, boolean noPivot, int preserveFds, Console console) {
    public CreateOptions {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bundle, "bundle");
        if (preserveFds < 0) throw new IllegalArgumentException("preserveFds: " + preserveFds + " < 0");
    }

    public static CreateOptions of(String id, Path bundle) {
        return new CreateOptions(id, bundle, null, false, 0, null);
    }

    public CreateOptions withPidFile(Path pidFile) {
        return new CreateOptions(id, bundle, pidFile, noPivot, preserveFds, console);
    }

    public CreateOptions withNoPivot(boolean noPivot) {
        return new CreateOptions(id, bundle, pidFile, noPivot, preserveFds, console);
    }

    public CreateOptions withPreserveFds(int preserveFds) {
        return new CreateOptions(id, bundle, pidFile, noPivot, preserveFds, console);
    }

    public CreateOptions withConsole(Console console) {
        return new CreateOptions(id, bundle, pidFile, noPivot, preserveFds, console);
    }
}

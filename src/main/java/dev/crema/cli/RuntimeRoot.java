package dev.crema.cli;

import dev.crema.plan.Caller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runtime root when --root is not given, as runc chooses its own: /run/crema, or $XDG_RUNTIME_DIR/crema for a
 * rootless caller (an unprivileged user, or root of a user namespace whose $USER is not root, as under rootless
 * podman). Root in the host's namespace keeps /run/crema even when $XDG_RUNTIME_DIR is set (/run/user/0).
 */
final class RuntimeRoot {
    static final String SYSTEM = "/run/crema";

    private RuntimeRoot() {}

    /** The XDG directory to use, or null for /run/crema (runc's shouldHonorXDGRuntimeDir). */
    static String xdgRoot(String xdgRuntimeDir, String user, Caller caller) {
        if (xdgRuntimeDir == null || xdgRuntimeDir.isEmpty()) return null;
        if (caller.euid() != 0) return xdgRuntimeDir + "/crema";
        if (!caller.inUserNamespace()) return null;
        return user == null || !user.equals("root") ? xdgRuntimeDir + "/crema" : null;
    }

    /**
     * As runc: the XDG root is made now, 0700 with the sticky bit, which tells a cleaner of $XDG_RUNTIME_DIR
     * (systemd-logind removes unmarked files in it) to leave it alone.
     */
    static Path prepareXdg(String root) {
        Path dir = Path.of(root);
        try {
            Files.createDirectories(dir);
            Files.setAttribute(dir, "unix:mode", 01700);
        } catch (IOException | UnsupportedOperationException e) {
            throw new UsageException("cannot make the runtime root " + root + " ($XDG_RUNTIME_DIR/crema): " + e.getMessage());
        }
        return dir;
    }
}

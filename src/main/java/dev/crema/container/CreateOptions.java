package dev.crema.container;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The create command's inputs besides the global options; {@code debug} receives the plan dump (or null);
 * {@code console} is where a terminal's pty master goes (null: nowhere, so process.terminal is refused);
 * {@code warn} receives warnings (runc's, such as a cgroup that already holds processes), or null;
 * {@code systemdCgroup}: the cgroups are a systemd scope (--systemd-cgroup), not directories crema makes;
 * {@code rootlessCgroups}: cgroups only where delegated (--rootless, or its auto rule: runc's rootless manager).
 */
public record CreateOptions(String id, Path bundle, Path pidFile, boolean noPivot, int preserveFds,
                            Consumer<String> debug, ConsoleTarget console, Consumer<String> warn, boolean systemdCgroup,
                            boolean rootlessCgroups) {
    public CreateOptions(String id, Path bundle, Path pidFile, boolean noPivot, int preserveFds,
                         Consumer<String> debug, ConsoleTarget console, Consumer<String> warn) {
        this(id, bundle, pidFile, noPivot, preserveFds, debug, console, warn, false, false);
    }
}

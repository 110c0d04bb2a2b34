package dev.crema.cli;

import dev.crema.api.CremaRuntime;
import dev.crema.api.RuntimeOptions;
import dev.crema.plan.Caller;
import java.nio.file.Path;

/**
 * The options before the command word, as runc takes them; {@code criu} is the CRIU binary (--criu, default "criu");
 * {@code rootless} is --rootless as given (null: auto), read only by the commands that make a container, as runc
 * reads it.
 */
public record GlobalOptions(Path root, String log, String logFormat, boolean debug, boolean systemdCgroup, String criu,
                            String rootless) {
    public static final String DEFAULT_ROOT = RuntimeRoot.SYSTEM;
    public static final String DEFAULT_CRIU = "criu";

    public GlobalOptions(Path root, String log, String logFormat, boolean debug, boolean systemdCgroup) {
        this(root, log, logFormat, debug, systemdCgroup, DEFAULT_CRIU, null);
    }

    /**
     * The library runtime every command works through, its warnings and debug text printed as log lines.
     * {@code subreaper}: only a command that waits for the container process (a foreground run or exec) becomes its
     * subreaper; create leaves it to the engine's shim, as runc does. The runtime makes the caller the subreaper
     * and waits through Invocation.current().host(): under crema server, the client.
     */
    CremaRuntime runtime(boolean subreaper) {
        return CremaRuntime.open(root, new RuntimeOptions(CliDiagnostics.INSTANCE, subreaper));
    }

    /** The phase times --debug prints (PhaseTimes.OFF, which reads no clock, without it). */
    dev.crema.container.PhaseTimes phaseTimes() {
        return debug ? dev.crema.container.PhaseTimes.recording() : dev.crema.container.PhaseTimes.OFF;
    }

    /**
     * Whether cgroups are used only where this caller may write them (runc's rootless cgroup manager): --rootless
     * when given; else for any unprivileged caller, and for root of a user namespace other than the host's, whose
     * cgroup paths it cannot know to be delegated (runc's cgroupfs rule).
     */
    public boolean rootlessCgroups(Caller caller) {
        Boolean given = parseRootless(rootless);
        if (given != null) return given;
        return caller.euid() != 0 || caller.inUserNamespace();
    }

    /** --rootless's value as runc parses it (Go's strconv.ParseBool, or "auto"), or a usage error naming the flag. */
    static Boolean parseRootless(String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("auto")) return null;
        switch (value) {
            case "1", "t", "T", "TRUE", "true", "True":
                return Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False":
                return Boolean.FALSE;
            default:
                throw new UsageException("--rootless: invalid value \"" + value + "\" (auto, true or false)");
        }
    }
}

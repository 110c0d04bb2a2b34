package dev.crema.cli;

import dev.crema.api.CremaRuntime;
import dev.crema.api.RuntimeOptions;
import java.nio.file.Path;

/** The options before the command word, as runc takes them. */
public record GlobalOptions(Path root, String log, String logFormat, boolean debug, boolean systemdCgroup) {
    public static final String DEFAULT_ROOT = "/run/crema";

    /**
     * The library runtime every command works through, its warnings and debug text printed as log lines.
     * {@code subreaper}: only a command that waits for the container process (a foreground run or exec) becomes its
     * subreaper; create leaves it to the engine's shim, as runc does.
     */
    CremaRuntime runtime(boolean subreaper) {
        return CremaRuntime.open(root, new RuntimeOptions(CliDiagnostics.INSTANCE, subreaper));
    }
}

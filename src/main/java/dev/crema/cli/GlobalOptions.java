package dev.crema.cli;

import java.nio.file.Path;

/** The options before the command word, as runc takes them. */
public record GlobalOptions(Path root, String log, String logFormat, boolean debug, boolean systemdCgroup) {
    public static final String DEFAULT_ROOT = "/run/crema";
}

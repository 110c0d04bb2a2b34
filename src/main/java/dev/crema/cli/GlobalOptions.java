package dev.crema.cli;

import java.nio.file.Path;

/** The options before the command word, as runc takes them; {@code criu} is the CRIU binary (--criu, default "criu"). */
public record GlobalOptions(Path root, String log, String logFormat, boolean debug, boolean systemdCgroup, String criu) {
    public static final String DEFAULT_ROOT = "/run/crema";
    public static final String DEFAULT_CRIU = "criu";

    public GlobalOptions(Path root, String log, String logFormat, boolean debug, boolean systemdCgroup) {
        this(root, log, logFormat, debug, systemdCgroup, DEFAULT_CRIU);
    }
}

package dev.crema.cli;

import java.util.List;

/**
 * crema checkpoint [runc's CRIU flags] ID: crema does not implement CRIU checkpoint/restore (docs/compat.md). It
 * takes runc's flags and refuses what runc refuses before CRIU is reached (an unknown container, one that is
 * created or stopped, a bad flag value), so callers see the same errors; a checkpoint that would reach CRIU fails
 * saying it is not implemented, and the container keeps running, as after runc's failed dump.
 */
final class CheckpointCommand {
    private static final String[] VALUES = {"image-path", "work-path", "parent-path", "status-fd", "page-server",
            "manage-cgroups-mode", "empty-ns"};
    private static final String[] BOOLEANS = {"leave-running", "tcp-established", "ext-unix-sk", "shell-job",
            "lazy-pages", "file-locks", "pre-dump", "auto-dedup"};

    private CheckpointCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, VALUES, BOOLEANS, false);
        integerFlag(args, "status-fd");
        String id = args.onlyId("checkpoint");
        String status = global.runtime(false).state(id).status().text();
        if (status.equals("created") || status.equals("stopped")) {
            throw new UsageException("Container cannot be checkpointed in " + status + " state");
        }
        cgroupsMode(args);
        criuVersionCheck(global.criu());
        throw new UsageException("checkpoint: CRIU checkpoint/restore is not implemented by crema; container still running");
    }

    /**
     * runc's first step with CRIU, which fails when the binary cannot be run (--criu, default "criu" on PATH): the
     * same check and Go's words, so a missing CRIU reads the same under both.
     */
    static void criuVersionCheck(String criu) {
        String problem = null;
        if (criu.indexOf('/') >= 0) {
            java.nio.file.Path binary = java.nio.file.Path.of(criu);
            if (!java.nio.file.Files.exists(binary)) {
                problem = "fork/exec " + criu + ": no such file or directory";
            } else if (!java.nio.file.Files.isRegularFile(binary) || !java.nio.file.Files.isExecutable(binary)) {
                problem = "fork/exec " + criu + ": permission denied";
            }
        } else if (!onPath(criu)) {
            problem = "exec: \"" + criu + "\": executable file not found in $PATH";
        }
        if (problem == null) return;
        String flag = criu.equals(dev.crema.cli.GlobalOptions.DEFAULT_CRIU) ? "" : "--criu " + criu + ": ";
        throw new UsageException(flag + "CRIU version check failed: " + problem);
    }

    private static boolean onPath(String name) {
        String path = dev.crema.invocation.Invocation.current().env().get("PATH");
        if (path == null) return false;
        for (String dir : path.split(":")) {
            java.nio.file.Path candidate = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, name);
            if (java.nio.file.Files.isRegularFile(candidate) && java.nio.file.Files.isExecutable(candidate)) return true;
        }
        return false;
    }

    /** An integer flag as urfave/cli parses it, with its error words. */
    static void integerFlag(Args args, String name) {
        String value = args.value(name);
        if (value == null) return;
        try {
            Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value \"" + value + "\" for flag -" + name + ": parse error");
        }
    }

    /** runc's --manage-cgroups-mode values. */
    static void cgroupsMode(Args args) {
        String mode = args.value("manage-cgroups-mode");
        if (mode == null) return;
        switch (mode) {
            case "", "soft", "full", "strict", "ignore" -> { }
            default -> throw new UsageException("Invalid manage cgroups mode");
        }
    }
}

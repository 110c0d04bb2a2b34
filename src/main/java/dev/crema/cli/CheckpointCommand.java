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
        throw new UsageException("checkpoint: CRIU checkpoint/restore is not implemented by crema; container still running");
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

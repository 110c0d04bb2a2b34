package dev.crema.cli;

/**
 * The text of "crema COMMAND --help", in the shape runc's prints (NAME, USAGE, DESCRIPTION, OPTIONS), so people
 * and scripts that read runc's usage find the same sections. Every option listed is one the command takes.
 */
final class CommandHelp {
    private CommandHelp() {}

    static String text(String command) {
        return switch (command) {
            case "create" -> page("create - create a container",
                    "create [command options] <container-id>",
                    "Creates a container from the bundle: config.json is checked, the cgroup, the namespaces and the\n"
                            + "root filesystem are set up, and the container's process waits for \"crema start\".",
                    CREATE_OPTIONS);
            case "start" -> page("start - executes the user defined process in a created container",
                    "start <container-id>", "Releases the process of a created container, which then runs process.args.", "");
            case "state" -> page("state - output the state of a container",
                    "state <container-id>", "Prints the state of the container as JSON (OCI runtime state).", "");
            case "kill" -> page("kill - kill sends the specified signal (default: SIGTERM) to the container's init process",
                    "kill [command options] <container-id> [signal]",
                    "The signal is a name with or without SIG (TERM, SIGKILL) or a number.",
                    "   --all, -a  send the specified signal to all processes inside the container\n");
            case "delete" -> page("delete - delete any resources held by the container often used with detached container",
                    "delete [command options] <container-id>",
                    "Removes a stopped (or created) container: its cgroup, its state, and runs its poststop hooks.",
                    "   --force, -f  Forcibly deletes the container if it is still running (uses SIGKILL)\n");
            case "run" -> page("run - create and run a container",
                    "run [command options] <container-id>",
                    "Creates and starts a container; without --detach waits for it and exits with its exit code.",
                    CREATE_OPTIONS
                            + "   --detach, -d              detach from the container's process\n"
                            + "   --keep                    do not delete the container after it exits\n");
            case "exec" -> page("exec - execute new process inside the container",
                    "exec [command options] <container-id> <command> [command options]  || -p process.json <container-id>",
                    "Runs a new process in a running container, in its namespaces and cgroup.",
                    "   --console-socket value             path to an AF_UNIX socket which will receive the pty master\n"
                            + "   --cwd value                        current working directory in the container\n"
                            + "   --env value, -e value              set environment variables\n"
                            + "   --tty, -t                          allocate a pseudo-TTY\n"
                            + "   --user value, -u value             UID (format: <uid>[:<gid>])\n"
                            + "   --additional-gids value, -g value  additional gids\n"
                            + "   --process value, -p value          path to the process.json\n"
                            + "   --detach, -d                       detach from the container's process\n"
                            + "   --pid-file value                   specify the file to write the process id to\n"
                            + "   --process-label value              set the asm process label for the process (SELinux)\n"
                            + "   --apparmor value                   set the apparmor profile for the process\n"
                            + "   --no-new-privs                     set the no new privileges value for the process\n"
                            + "   --cap value, -c value              add a capability to the bounding set for the process\n"
                            + "   --preserve-fds value               pass N additional file descriptors to the process (default: 0)\n"
                            + "   --cgroup value                     run the process in an (existing) sub-cgroup(s). Format is [<controller>:]<cgroup>.\n"
                            + "   --ignore-paused                    allow exec in a paused container\n");
            case "update" -> page("update - update container resource constraints",
                    "update [command options] <container-id>",
                    "Writes new resource limits to the container's cgroups. With --resources the other options are\n"
                            + "ignored. A value of 0 leaves the limit as it is.",
                    "   --resources value, -r value  path to the file containing the resources to update or '-' to read from the standard input\n"
                            + "   --blkio-weight value         Specifies per cgroup weight, range is from 10 to 1000 (default: 0)\n"
                            + "   --cpu-period value           CPU CFS period to be used for hardcapping (in usecs). 0 to use system default\n"
                            + "   --cpu-quota value            CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period\n"
                            + "   --cpu-share value            CPU shares (relative weight vs. other containers)\n"
                            + "   --cpu-rt-period value        CPU realtime period to be used for hardcapping (in usecs)\n"
                            + "   --cpu-rt-runtime value       CPU realtime hardcap limit (in usecs)\n"
                            + "   --cpuset-cpus value          CPU(s) to use\n"
                            + "   --cpuset-mems value          Memory node(s) to use\n"
                            + "   --memory value               Memory limit (in bytes)\n"
                            + "   --memory-reservation value   Memory reservation or soft_limit (in bytes)\n"
                            + "   --memory-swap value          Total memory usage (memory + swap); set '-1' to enable unlimited swap\n"
                            + "   --pids-limit value           Maximum number of pids allowed in the container (default: 0)\n"
                            + "   --l3-cache-schema value      The string of Intel RDT/CAT L3 cache schema\n"
                            + "   --mem-bw-schema value        The string of Intel RDT/MBA memory bandwidth schema\n");
            case "events" -> page("events - display container events such as OOM notifications, cpu, memory, and IO usage statistics",
                    "events [command options] <container-id>",
                    "Prints the container's resource usage as JSON, once every interval, and OOM events as they happen.",
                    "   --interval value  set the stats collection interval (default: 5s)\n"
                            + "   --stats           display the container's stats then exit\n");
            case "pause" -> page("pause - pause suspends all processes inside the container",
                    "pause <container-id>", "Freezes every process of the container through its cgroup.", "");
            case "resume" -> page("resume - resumes all processes that have been previously paused",
                    "resume <container-id>", "Thaws every process of a paused container.", "");
            case "ps" -> page("ps - ps displays the processes running inside a container",
                    "ps [command options] <container-id> [ps options]", "",
                    "   --format value, -f value  select one of: table or json (default: \"table\")\n");
            case "list", "ps-list" -> page("list - lists containers started by crema with the given root",
                    "list [command options]", "Lists the containers under the global option \"--root\" (default: \"/run/crema\").",
                    "   --format value, -f value  select one of: table or json (default: \"table\")\n"
                            + "   --quiet, -q               display only container IDs\n");
            case "spec" -> page("spec - create a new specification file",
                    "spec [command options] [arguments...]",
                    "Writes a starter config.json for a bundle; edit it (process.args, mounts, ...) before use.",
                    "   --bundle value, -b value  path to the root of the bundle directory\n"
                            + "   --rootless                generate a configuration for a rootless container\n");
            case "features" -> page("features - show the enabled features",
                    "features [arguments...]", "Shows the enabled features as JSON (OCI runtime features).", "");
            case "server" -> page("server - start, stop or show the warm server of this root",
                    "server start [command options] | server stop | server status",
                    "A warm JVM that serves crema commands given through the native client (docs/server.md); the\n"
                            + "   client runs the JVM itself when no server answers. One server per --root.",
                    "   --idle-timeout value  exit after this long with no command (30s, 10m, 2h; 0: never; default: 10m)\n"
                            + "   --foreground          serve in this process (systemd, debugging) instead of in the background\n");
            default -> Help.TEXT;
        };
    }

    private static final String CREATE_OPTIONS =
            "   --bundle value, -b value  path to the root of the bundle directory, defaults to the current directory\n"
            + "   --console-socket value    path to an AF_UNIX socket which will receive the pty master\n"
            + "   --pid-file value          specify the file to write the process id to\n"
            + "   --no-pivot                do not use pivot root to jail process inside rootfs\n"
            + "   --no-new-keyring          do not create a new session keyring for the container\n"
            + "   --preserve-fds value      pass N additional file descriptors to the container (default: 0)\n";

    private static String page(String name, String usage, String description, String options) {
        StringBuilder out = new StringBuilder();
        out.append("NAME:\n   crema ").append(name).append("\n\nUSAGE:\n   crema ").append(usage).append('\n');
        if (!description.isEmpty()) out.append("\nDESCRIPTION:\n   ").append(description).append('\n');
        if (!options.isEmpty()) out.append("\nOPTIONS:\n").append(options);
        return out.toString();
    }
}

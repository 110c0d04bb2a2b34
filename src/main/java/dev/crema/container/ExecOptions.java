package dev.crema.container;

import java.nio.file.Path;
import java.util.List;

/**
 * crema exec's inputs: a process.json, or args with overrides of the container's process (cwd, env additions,
 * "uid[:gid]", extra groups, extra capabilities, no_new_privs, AppArmor profile and SELinux process label; null
 * when not given); runc's --ignore-paused and --cgroup ("[controller[,controller]:]path" sub-cgroups of the
 * container's, each existing); {@code debug} receives the plan dump (or null).
 */
public record ExecOptions(Path processFile, List<String> args, String cwd, List<String> env, String user,
                          List<Long> additionalGids, List<String> caps, boolean noNewPrivs, Path pidFile,
                          int preserveFds, boolean tty, ConsoleTarget console, String apparmorProfile,
                          String processLabel, boolean ignorePaused, List<String> subCgroups,
                          java.util.function.Consumer<String> debug) {}

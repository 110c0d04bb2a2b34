package dev.crema.container;

import java.nio.file.Path;
import java.util.List;

/**
 * crema exec's inputs: a process.json, or args with overrides of the container's process (cwd, env additions,
 * "uid[:gid]", extra groups, extra capabilities, no_new_privs, AppArmor profile and SELinux process label; null
 * when not given).
 */
public record ExecOptions(Path processFile, List<String> args, String cwd, List<String> env, String user,
                          List<Long> additionalGids, List<String> caps, boolean noNewPrivs, Path pidFile,
                          int preserveFds, boolean tty, ConsoleTarget console, String apparmorProfile,
                          String processLabel) {}

package dev.crema.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A process for {@link CremaRuntime#exec}: either a process.json ({@link #ofProcessFile}), or a command line run
 * as the container's own process with the overrides given ({@link #of}); the fields of {@code crema exec}'s
 * flags. Null or empty means "as the container's process".
 *
 * @param args            the command line (empty with a process file)
 * @param processFile     a runtime-spec process.json, or null
 * @param cwd             working directory inside the container
 * @param env             KEY=VALUE entries added to the container's environment (a later KEY replaces)
 * @param user            "uid" or "uid:gid"
 * @param additionalGids  groups added to the container's
 * @param caps            capabilities added (CAP_ prefix optional; an unknown one is warned of and ignored)
 * @param noNewPrivileges set no_new_privs
 * @param pidFile         where to write the process's host pid, or null
 * @param preserveFds     this many fds after stdio (3, 4, ...) of this process passed in (as in CreateOptions)
 * @param tty             give the process a terminal (its master goes to {@link #console})
 * @param console         where a terminal's master goes, or null
 * @param apparmorProfile AppArmor profile instead of the container's, or null
 * @param processLabel    SELinux process label instead of the container's, or null
 * @param ignorePaused    exec into a paused container anyway (the process starts frozen)
 * @param cgroups         runc's --cgroup: "[controller[,controller]:]path" sub-cgroups of the container's
 */
public record ExecOptions(List<String> args, Path processFile, String cwd, List<String> env, String user,
                          List<Long> additionalGids, List<String> caps, boolean noNewPrivileges, Path pidFile,
                          int preserveFds, boolean tty, Console console, String apparmorProfile,
                          String processLabel, boolean ignorePaused, List<String> cgroups) {
    public ExecOptions {
        args = List.copyOf(args);
        env = List.copyOf(env);
        additionalGids = List.copyOf(additionalGids);
        caps = List.copyOf(caps);
        cgroups = List.copyOf(cgroups);
        if (preserveFds < 0) throw new IllegalArgumentException("preserveFds: " + preserveFds + " < 0");
    }

    /** {@code args} run as the container's process runs (user, env, cwd, capabilities...). */
    public static ExecOptions of(List<String> args) {
        return new ExecOptions(args, null, null, List.of(), null, List.of(), List.of(), false, null, 0, false, null,
                null, null, false, List.of());
    }

    public static ExecOptions of(String... args) {
        return of(List.of(args));
    }

    /** The process described by a runtime-spec process.json. */
    public static ExecOptions ofProcessFile(Path processFile) {
        return of(List.of()).withProcessFile(Objects.requireNonNull(processFile, "processFile"));
    }

    public ExecOptions withProcessFile(Path processFile) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withCwd(String cwd) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withEnv(List<String> env) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withUser(String user) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withAdditionalGids(List<Long> additionalGids) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withCaps(List<String> caps) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withNoNewPrivileges(boolean noNewPrivileges) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withPidFile(Path pidFile) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withPreserveFds(int preserveFds) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withTty(boolean tty) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withConsole(Console console) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withApparmorProfile(String apparmorProfile) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withProcessLabel(String processLabel) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withIgnorePaused(boolean ignorePaused) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }

    public ExecOptions withCgroups(List<String> cgroups) {
        return new ExecOptions(args, processFile, cwd, env, user, additionalGids, caps, noNewPrivileges, pidFile,
                preserveFds, tty, console, apparmorProfile, processLabel, ignorePaused, cgroups);
    }
}

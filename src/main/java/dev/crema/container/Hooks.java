package dev.crema.container;

import dev.crema.invocation.Invocation;
import dev.crema.invocation.ProcessHost;
import dev.crema.spec.Hooks.Hook;
import dev.crema.spec.State;
import dev.crema.sys.Errno;
import dev.crema.sys.Fds;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs OCI hooks in the runtime's namespaces: each gets the container's state JSON on stdin, its own argv
 * (args[0] is argv[0], which a ProcessBuilder cannot set, hence posix_spawn) and env, and is killed when its
 * timeout passes. crema's stdout and stderr are the hook's, and it gets no other fd.
 */
final class Hooks {
    private Hooks() {}

    /** Runs the hooks in order; the first failure is thrown with the hook's field and path. */
    static void run(String kind, List<Hook> hooks, State state) {
        for (int i = 0; i < hooks.size(); i++) {
            String failure = runOne(hooks.get(i), state);
            if (failure != null) throw new ContainerException("hooks." + kind + "[" + i + "] (" + hooks.get(i).path() + "): " + failure);
        }
    }

    /** Runs every hook, returning a warning line per failure (poststart and poststop only warn). */
    static List<String> runWarning(String kind, List<Hook> hooks, State state) {
        List<String> warnings = new java.util.ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            String failure = runOne(hooks.get(i), state);
            if (failure != null) warnings.add("hooks." + kind + "[" + i + "] (" + hooks.get(i).path() + "): " + failure);
        }
        return warnings;
    }

    /** null on success, else what went wrong. */
    private static String runOne(Hook hook, State state) {
        List<String> args = hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
        // the caller spawns and reaps the hook (its child, with its stdout, stderr and cwd); the pidfd works on any pid
        ProcessHost host = Invocation.current().host();
        int[] stdin = Fds.socketPair();
        int pid;
        try {
            // only stdio, as runc's hooks (Go's exec.Cmd): above 2 the spawner holds the JVM's runtime image,
            // the container's lock file, or (through a client) the engine's fds
            pid = host.spawn(hook.path(), args.toArray(new String[0]), hook.env().toArray(new String[0]),
                    new int[] {stdin[1], 0, Processes.SPAWN_CLOSE_FROM, 3});
        } catch (SyscallException e) {
            Fds.close(stdin[0]);
            Fds.close(stdin[1]);
            return "cannot start: " + Errno.describe(e.errno()); // runc: "fork/exec PATH: no such file or directory"
        }
        Fds.close(stdin[1]);
        int pidfd = Processes.pidfdOpen(pid);
        try {
            try {
                Fds.writeFully(stdin[0], state.toSpecJson().getBytes(StandardCharsets.UTF_8));
            } catch (SyscallException ignored) {
                // a hook need not read its stdin
            }
            Fds.close(stdin[0]);
            int timeoutMillis = hook.timeout() == null ? -1 : hook.timeout() * 1000;
            if (!Processes.pidfdWaitExit(pidfd, timeoutMillis)) {
                Processes.pidfdSendSignal(pidfd, Signals.SIGKILL);
                host.waitpid(pid, 0);
                return "hook ran past specified timeout of " + hook.timeout() + ".0s";
            }
            int status = host.waitpid(pid, 0)[1];
            return status == 0 ? null : WaitStatusText.of(status);
        } finally {
            Fds.close(pidfd);
        }
    }
}

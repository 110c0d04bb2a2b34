package dev.crema.cli;

import dev.crema.container.ConsoleTarget;
import dev.crema.container.Exec;
import dev.crema.container.ExecOptions;
import dev.crema.container.PhaseTimes;
import dev.crema.db.StateStore;
import dev.crema.invocation.Invocation;
import dev.crema.sys.Processes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * crema exec [--process FILE] [--detach|-d] [--pid-file F] [--cwd D] [--env|-e K=V]... [--user|-u UID[:GID]]
 * [--additional-gids|-g GID]... [--cap|-c CAP]... [--no-new-privs] [--preserve-fds N] [--apparmor P]
 * [--process-label L] [--cgroup [CTRL:]PATH]... [--ignore-paused] ID [COMMAND [ARGS...]]
 * Without --detach it waits for the process and exits with its exit code.
 */
final class ExecCommand {
    private static final String[] VALUES = {"process|p", "pid-file", "cwd", "env|e", "user|u", "additional-gids|g",
            "cap|c", "preserve-fds", "console-socket", "apparmor", "process-label", "cgroup"};
    private static final String[] BOOLEANS = {"detach|d", "tty|t", "no-new-privs", "ignore-paused"};

    private ExecCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, VALUES, BOOLEANS, true, "env", "additional-gids", "cap", "cgroup");
        if (args.positionals().isEmpty()) throw new UsageException("exec: container id cannot be empty");
        String id = args.positionals().getFirst();
        List<Long> gids = new ArrayList<>();
        for (String g : args.values("additional-gids")) {
            try {
                gids.add(Long.parseLong(g));
            } catch (NumberFormatException e) {
                throw new UsageException("--additional-gids: not a number: \"" + g + "\"");
            }
        }
        String process = args.value("process");
        String pidFile = args.value("pid-file");
        ExecOptions options = new ExecOptions(process == null ? null : Path.of(process),
                args.positionals().subList(1, args.positionals().size()), args.value("cwd"), args.values("env"),
                args.value("user"), gids, args.values("cap"), args.flag("no-new-privs"),
                pidFile == null ? null : Path.of(pidFile), args.intValue("preserve-fds", 0), args.flag("tty"),
                console(args),
                args.value("apparmor"), args.value("process-label"), args.flag("ignore-paused"), args.values("cgroup"),
                global.debug() ? Log::debug : null);
        // as runc: a --cap that is no capability is ignored, with a warning
        String capsWarning = dev.crema.spec.Capability.unknownWarning(List.of(options.caps()));
        if (capsWarning != null) Log.warn(capsWarning);
        boolean detach = args.flag("detach");
        if (!detach && options.console() instanceof ConsoleTarget.Socket) {
            throw new dev.crema.container.ContainerException(Exec.CONSOLE_SOCKET_UNUSED); // as runc: only a detached exec
        }
        // the process is the init's grandchild: as subreaper we inherit it and can wait for it
        if (!detach) Invocation.current().host().becomeSubreaper();
        PhaseTimes times = global.debug() ? PhaseTimes.recording() : PhaseTimes.OFF;
        int pid = Exec.exec(new StateStore(global.root()), id, options, times);
        Log.phases(times); // before the wait for the process
        if (detach) return 0;
        SignalForwarder.install(pid);
        int status = options.console() instanceof ConsoleTarget.Relay relay && relay.master() >= 0
                ? TerminalRelay.attach(relay.master()).relayUntilExit(pid) : Invocation.current().host().waitpid(pid, 0)[1];
        return Processes.exited(status) ? Processes.exitCode(status) : 128 + Processes.termSignal(status);
    }

    /** --console-socket, or in the foreground crema's own relay (used only if the process has a terminal). */
    private static ConsoleTarget console(Args args) {
        String socket = args.value("console-socket");
        if (socket != null) return new ConsoleTarget.Socket(Invocation.current().absolute(Path.of(socket)));
        return args.flag("detach") ? null : new ConsoleTarget.Relay();
    }
}

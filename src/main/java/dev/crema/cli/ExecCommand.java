package dev.crema.cli;

import dev.crema.api.Console;
import dev.crema.api.CremaRuntime;
import dev.crema.api.ExecOptions;
import dev.crema.api.ExitStatus;
import dev.crema.container.PhaseTimes;
import dev.crema.invocation.Invocation;
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
        boolean detach = args.flag("detach");
        Console console = console(args);
        ExecOptions options = new ExecOptions(args.positionals().subList(1, args.positionals().size()),
                process == null ? null : Path.of(process), args.value("cwd"), args.values("env"),
                args.value("user"), gids, args.values("cap"), args.flag("no-new-privs"),
                pidFile == null ? null : Path.of(pidFile), args.intValue("preserve-fds", 0), args.flag("tty"),
                console, args.value("apparmor"), args.value("process-label"), args.flag("ignore-paused"),
                args.values("cgroup"));
        if (!detach && console instanceof Console.Socket) {
            // as runc: only a detached exec; the capabilities warning the library would give comes first
            String capsWarning = CremaRuntime.capabilitiesWarning(options);
            if (capsWarning != null) Log.warn(capsWarning);
            throw new CommandFailed(dev.crema.container.Exec.CONSOLE_SOCKET_UNUSED); // a constant: inlined
        }
        // the process is the init's grandchild: as subreaper we inherit it and can wait for it
        CremaRuntime runtime = global.runtime(!detach);
        PhaseTimes times = global.phaseTimes();
        int pid = runtime.exec(id, options, times);
        Log.phases(times); // before the wait for the process
        if (detach) return 0;
        SignalForwarder.install(pid);
        Console.Pty pty = console instanceof Console.Pty p ? p : null;
        ExitStatus status = pty != null && pty.masterFd() >= 0
                ? TerminalRelay.attach(pty.masterFd()).relayUntilExit(runtime, pid) : runtime.waitForProcess(pid);
        return status.shellCode();
    }

    /** --console-socket, or in the foreground crema's own relay (used only if the process has a terminal). */
    private static Console console(Args args) {
        String socket = args.value("console-socket");
        if (socket != null) return Console.socket(Invocation.current().absolute(Path.of(socket)));
        return args.flag("detach") ? null : Console.pty();
    }
}

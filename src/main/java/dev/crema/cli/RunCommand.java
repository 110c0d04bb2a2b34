package dev.crema.cli;

import dev.crema.api.Console;
import dev.crema.api.CreateOptions;
import dev.crema.api.CremaRuntime;
import dev.crema.api.Diagnostics;
import dev.crema.api.ExitStatus;
import dev.crema.api.RuntimeOptions;
import dev.crema.container.PhaseTimes;
import dev.crema.sys.Fds;
import java.util.List;

/**
 * crema run [create flags] [--detach|-d] [--keep] ID: create and start; without --detach wait for the container,
 * forward INT/TERM/HUP to it, delete it (unless --keep) and exit with its exit code (128+signal if killed). A
 * foreground container with a terminal and no --console-socket gets crema's own relay, as with runc.
 */
final class RunCommand {
    /** --no-subreaper is accepted as runc's: crema's foreground run needs to be the subreaper to wait, so it stays one. */
    private static final String[] BOOLEANS = {"no-pivot", "no-new-keyring", "detach|d", "keep", "no-subreaper"};

    private RunCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, CreateCommand.VALUES, BOOLEANS, false);
        String id = args.onlyId("run");
        boolean detach = args.flag("detach");
        // The container process is the init's grandchild; as subreaper we inherit it and can wait for it.
        CremaRuntime runtime = global.runtime(!detach);
        CreateOptions options = CreateCommand.options(global, args, id);
        Console.Pty pty = null;
        if (!detach && options.console() == null) {
            pty = Console.pty();
            options = options.withConsole(pty);
        }
        int pid;
        TerminalRelay terminal = null;
        boolean created = false;
        PhaseTimes times = global.phaseTimes();
        try {
            pid = runtime.create(options, times);
            created = true;
            if (pty != null && pty.masterFd() >= 0) terminal = TerminalRelay.attach(pty.masterFd());
            runtime.start(id, times);
            Log.phases(times); // create's and start's together, before the wait for the container
        } catch (RuntimeException e) {
            if (terminal != null) terminal.close();
            else if (pty != null && pty.masterFd() >= 0) Fds.close(pty.masterFd());
            // only what this run created: a create that failed cleaned up after itself, and one that failed
            // because the id is taken must leave that other container alone. Its hooks' warnings are not printed.
            if (created && runtime.exists(id)) {
                CremaRuntime.open(global.root(), new RuntimeOptions(Diagnostics.ignore(), !detach)).delete(id, true);
            }
            throw e;
        }
        if (detach) return 0;
        SignalForwarder.install(pid);
        ExitStatus status = terminal != null ? terminal.relayUntilExit(runtime, pid) : runtime.waitForProcess(pid);
        if (!args.flag("keep")) runtime.delete(id, true);
        return status.shellCode();
    }
}

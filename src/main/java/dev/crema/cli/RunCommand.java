package dev.crema.cli;

import dev.crema.container.ConsoleTarget;
import dev.crema.container.Create;
import dev.crema.container.CreateOptions;
import dev.crema.container.Delete;
import dev.crema.container.PhaseTimes;
import dev.crema.container.Start;
import dev.crema.db.StateStore;
import dev.crema.invocation.Invocation;
import dev.crema.sys.Fds;
import dev.crema.sys.Processes;
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
        StateStore store = new StateStore(global.root());
        boolean detach = args.flag("detach");
        // The container process is the init's grandchild; as subreaper we inherit it and can wait for it.
        if (!detach) Invocation.current().host().becomeSubreaper();
        CreateOptions options = CreateCommand.options(global, args, id);
        ConsoleTarget.Relay relay = null;
        if (!detach && options.console() == null) {
            relay = new ConsoleTarget.Relay();
            options = new CreateOptions(options.id(), options.bundle(), options.pidFile(), options.noPivot(),
                    options.preserveFds(), options.debug(), relay, options.warn(), options.systemdCgroup(),
                    options.rootlessCgroups());
        }
        int pid;
        TerminalRelay terminal = null;
        boolean created = false;
        PhaseTimes times = global.debug() ? PhaseTimes.recording() : PhaseTimes.OFF;
        try {
            pid = Create.create(store, options, times);
            created = true;
            if (relay != null && relay.master() >= 0) terminal = TerminalRelay.attach(relay.master());
            for (String warning : Start.start(store, id, times)) Log.warn(warning);
            Log.phases(times); // create's and start's together, before the wait for the container
        } catch (RuntimeException e) {
            if (terminal != null) terminal.close();
            else if (relay != null && relay.master() >= 0) Fds.close(relay.master());
            // only what this run created: a create that failed cleaned up after itself, and one that failed
            // because the id is taken must leave that other container alone
            if (created && store.exists(id)) Delete.delete(store, id, true);
            throw e;
        }
        if (detach) return 0;
        SignalForwarder.install(pid);
        int status = terminal != null ? terminal.relayUntilExit(pid) : Invocation.current().host().waitpid(pid, 0)[1];
        if (!args.flag("keep")) {
            for (String warning : Delete.delete(store, id, true)) Log.warn(warning);
        }
        return Processes.exited(status) ? Processes.exitCode(status) : 128 + Processes.termSignal(status);
    }
}

package dev.crema.cli;

import dev.crema.container.Create;
import dev.crema.container.Delete;
import dev.crema.container.Start;
import dev.crema.db.StateStore;
import dev.crema.sys.Processes;
import java.util.List;

/**
 * crema run [create flags] [--detach|-d] [--keep] ID: create and start; without --detach wait for the container,
 * forward INT/TERM/HUP to it, delete it (unless --keep) and exit with its exit code (128+signal if killed).
 */
final class RunCommand {
    private static final String[] BOOLEANS = {"no-pivot", "no-new-keyring", "detach|d", "keep"};

    private RunCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, CreateCommand.VALUES, BOOLEANS, false);
        String id = args.onlyId("run");
        StateStore store = new StateStore(global.root());
        boolean detach = args.flag("detach");
        // The container process is the init's grandchild; as subreaper we inherit it and can wait for it.
        if (!detach) Processes.becomeSubreaper();
        int pid = Create.create(store, CreateCommand.options(global, args, id));
        try {
            for (String warning : Start.start(store, id)) Log.warn(warning);
        } catch (RuntimeException e) {
            Delete.delete(store, id, true);
            throw e;
        }
        if (detach) return 0;
        SignalForwarder.install(pid);
        int status = Processes.waitpid(pid, 0)[1];
        if (!args.flag("keep")) {
            for (String warning : Delete.delete(store, id, true)) Log.warn(warning);
        }
        return Processes.exited(status) ? Processes.exitCode(status) : 128 + Processes.termSignal(status);
    }
}

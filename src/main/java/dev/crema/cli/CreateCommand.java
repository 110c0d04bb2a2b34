package dev.crema.cli;

import dev.crema.api.Console;
import dev.crema.api.CreateOptions;
import dev.crema.container.PhaseTimes;
import dev.crema.invocation.Invocation;
import java.nio.file.Path;
import java.util.List;

/** crema create [--bundle DIR] [--pid-file FILE] [--no-pivot] [--no-new-keyring] [--preserve-fds N] ID */
final class CreateCommand {
    static final String[] VALUES = {"bundle|b", "pid-file", "console-socket", "preserve-fds"};
    static final String[] BOOLEANS = {"no-pivot", "no-new-keyring"};

    private CreateCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, VALUES, BOOLEANS, false);
        String id = args.onlyId("create");
        PhaseTimes times = global.phaseTimes();
        global.runtime(false).create(options(global, args, id), times);
        Log.phases(times);
        return 0;
    }

    static CreateOptions options(GlobalOptions global, Args args, String id) {
        String pidFile = args.value("pid-file");
        String consoleSocket = args.value("console-socket");
        return new CreateOptions(id, Path.of(args.value("bundle", ".")), pidFile == null ? null : Path.of(pidFile),
                args.flag("no-pivot"), args.intValue("preserve-fds", 0),
                consoleSocket == null ? null : Console.socket(Invocation.current().absolute(Path.of(consoleSocket))),
                global.systemdCgroup(), global.rootlessCgroups(dev.crema.plan.Caller.self()));
    }
}

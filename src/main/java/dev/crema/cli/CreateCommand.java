package dev.crema.cli;

import dev.crema.api.Console;
import dev.crema.api.CreateOptions;
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
        global.runtime(false).create(options(global, args, id));
        return 0;
    }

    static CreateOptions options(GlobalOptions global, Args args, String id) {
        if (global.systemdCgroup()) {
            throw new UsageException("--systemd-cgroup: the systemd cgroup driver is not supported by crema yet");
        }
        String pidFile = args.value("pid-file");
        String consoleSocket = args.value("console-socket");
        return new CreateOptions(id, Path.of(args.value("bundle", ".")), pidFile == null ? null : Path.of(pidFile),
                args.flag("no-pivot"), args.intValue("preserve-fds", 0),
                consoleSocket == null ? null : Console.socket(Path.of(consoleSocket)));
    }
}

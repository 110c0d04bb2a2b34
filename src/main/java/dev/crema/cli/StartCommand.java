package dev.crema.cli;

import java.util.List;

/** crema start ID */
final class StartCommand {
    private StartCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[0], false);
        global.runtime(false).start(args.onlyId("start"));
        return 0;
    }
}

package dev.crema.cli;

import java.util.List;

/** crema pause ID, crema resume ID */
final class PauseCommand {
    private PauseCommand() {}

    static int pause(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[0], false);
        global.runtime(false).pause(args.onlyId("pause"));
        return 0;
    }

    static int resume(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[0], false);
        global.runtime(false).resume(args.onlyId("resume"));
        return 0;
    }
}

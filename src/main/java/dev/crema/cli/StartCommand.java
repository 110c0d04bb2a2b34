package dev.crema.cli;

import dev.crema.container.PhaseTimes;
import java.util.List;

/** crema start ID */
final class StartCommand {
    private StartCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[0], false);
        PhaseTimes times = global.phaseTimes();
        global.runtime(false).start(args.onlyId("start"), times);
        Log.phases(times);
        return 0;
    }
}

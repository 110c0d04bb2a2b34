package dev.crema.cli;

import dev.crema.container.PhaseTimes;
import dev.crema.container.Start;
import dev.crema.db.StateStore;
import java.util.List;

/** crema start ID */
final class StartCommand {
    private StartCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[0], false);
        PhaseTimes times = global.debug() ? PhaseTimes.recording() : PhaseTimes.OFF;
        for (String warning : Start.start(new StateStore(global.root()), args.onlyId("start"), times)) Log.warn(warning);
        Log.phases(times);
        return 0;
    }
}

package dev.crema.cli;

import dev.crema.container.Start;
import dev.crema.db.StateStore;
import java.util.List;

/** crema start ID */
final class StartCommand {
    private StartCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[0], false);
        for (String warning : Start.start(new StateStore(global.root()), args.onlyId("start"))) Log.warn(warning);
        return 0;
    }
}

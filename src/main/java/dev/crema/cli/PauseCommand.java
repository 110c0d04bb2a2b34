package dev.crema.cli;

import dev.crema.container.Pause;
import dev.crema.db.StateStore;
import java.util.List;

/** crema pause ID, crema resume ID */
final class PauseCommand {
    private PauseCommand() {}

    static int pause(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[0], false);
        Pause.pause(new StateStore(global.root()), args.onlyId("pause"));
        return 0;
    }

    static int resume(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[0], false);
        Pause.resume(new StateStore(global.root()), args.onlyId("resume"));
        return 0;
    }
}

package dev.crema.cli;

import dev.crema.container.Delete;
import dev.crema.db.StateStore;
import java.util.List;

/** crema delete [--force] ID */
final class DeleteCommand {
    private DeleteCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[] {"force|f"}, false);
        for (String warning : Delete.delete(new StateStore(global.root()), args.onlyId("delete"), args.flag("force"))) {
            Log.warn(warning);
        }
        return 0;
    }
}
